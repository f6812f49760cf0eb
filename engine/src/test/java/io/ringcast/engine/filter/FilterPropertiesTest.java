package io.ringcast.engine.filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.filter.FilterModel.Group;
import io.ringcast.engine.filter.FilterModel.Leaf;
import io.ringcast.engine.filter.FilterModel.Not;
import io.ringcast.engine.filter.FilterModel.Tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Properties of the filter language over generated trees and events, checked against {@link FilterModel}. */
class FilterPropertiesTest
{
    private static final FilterLimits LIMITS = new FilterLimits(10_000, 64, 256, 256, 1024, 1 << 20);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static final String[] ATTRIBUTES = {"a", "b", "name.x", "s-1"};
    private static final String[] STRINGS = {"", "a", "ab", "abc", "b", "h\u00e9llo", "\u65e5\u672c", "x\ud83d\ude00y",
        "longer-than-eight-bytes", "longer-than-eight", "A\"q\\\n"};
    private static final Long[] LONGS = {-3L, -1L, 0L, 1L, 2L, 3L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 53,
        (1L << 53) + 1};
    private static final Double[] DOUBLES = {-0.0, 0.0, 1.0, 2.5, 3.0, -1.5, 9.007199254740992E15, 1e20, 0.1,
        9.223372036854775807E18};
    private static final String[] REGEXES = {"^a", "b$", "\u00e9", "^.{2}$", "\ud83d\ude00", "^$", "a|b", "[0-9]",
        "(?i)H\u00c9", "^models\\.", "t"};
    private static final String[] TOPICS = {"models.openai.gpt", "users.42.tasks", "models", "a"};
    private static final String[] IDS = {"e-1", "\u00e9-2", "ab"};
    private static final String[] INSTANTS = {"1970-01-01T00:00:00Z", "1970-01-01T00:00:01Z", "2024-01-01T00:00:00Z"};
    private static final Long[] TIMESTAMPS = {0L, 1000L, 1_704_067_200_000L, 1_704_067_200_001L, -5L};

    private static Filter compile(final Tree tree) throws FilterException
    {
        return Filter.parse(FilterModel.render(tree), LIMITS);
    }

    @Property(tries = 500)
    void shouldParseCanonicalFormBackToAnEqualFilter(@ForAll("trees") final Tree tree) throws FilterException
    {
        final Filter filter = compile(tree);
        final Filter reparsed = Filter.parse(filter.toString(), LIMITS);
        assertEquals(filter, reparsed);
        assertEquals(filter.hashCode(), reparsed.hashCode());
        assertEquals(filter.toString(), reparsed.toString());
        assertEquals(filter.nodeCount(), reparsed.nodeCount());
    }

    @Property(tries = 500)
    void shouldCompileJsonFormToTheStringFormsFilter(@ForAll("trees") final Tree tree, @ForAll final long seed)
        throws Exception
    {
        final String json = FilterModel.json(tree, new Random(seed));
        final Filter fromJson = Filter.fromJson(MAPPER.readValue(json, Object.class), LIMITS);
        assertEquals(compile(tree), fromJson, json);
        assertEquals(compile(tree).nodeCount(), fromJson.nodeCount());
    }

    @Property(tries = 400)
    void shouldAgreeWithReferenceEvaluatorAndHintSoundly(@ForAll("trees") final Tree tree,
        @ForAll("events") final List<Event> events) throws FilterException
    {
        final Filter filter = compile(tree);
        final FilterHarness harness = new FilterHarness();
        final IndexHint hint = filter.indexHint();
        final int hintField = hint == null ? -1 : harness.fields.intern(hint.field());
        for (final Event event : events)
        {
            final boolean actual = harness.test(filter, event);
            assertEquals(FilterModel.evaluate(tree, event), actual, () -> filter + " on " + event);
            if (actual && hint != null)
            {
                final int i = harness.input.attributeIndex(hintField);
                assertTrue(i >= 0, () -> "hint field missing: " + filter + " on " + event);
                final long key = harness.input.valueKey(i);
                assertTrue(java.util.Arrays.stream(hint.valueKeys()).anyMatch(k -> k == key),
                    () -> "hint unsound: " + filter + " on " + event);
            }
        }
    }

    @Property(tries = 400)
    void shouldOnlyAcceptEventsWhoseValueForTheHintIsAmongTheHintKeys(@ForAll("trees") final Tree tree,
        @ForAll("events") final List<Event> events, @ForAll final int pick, @ForAll final boolean asList)
        throws FilterException
    {
        // an equality on a value the first event holds, so the filter often accepts events through the hint
        final String field = ATTRIBUTES[Math.floorMod(pick, ATTRIBUTES.length)];
        final Object held = events.get(0).attributes().getOrDefault(field, "absent");
        final Object value = held instanceof Long && pick % 3 == 0 ? (Object)(double)(Long)held : held;
        final Leaf equality = asList ? new Leaf(field, "in", List.of(value, "other")) : new Leaf(field, "==", value);
        final Tree rest = pick % 2 == 0 ? tree : new Not(tree);
        final Tree conjunction = new Group(true, pick % 5 == 0 ? List.of(rest, equality) : List.of(equality, rest));
        shouldAgreeWithReferenceEvaluatorAndHintSoundly(conjunction, events);
    }

    @Provide
    Arbitrary<Tree> trees()
    {
        return tree(3);
    }

    private Arbitrary<Tree> tree(final int depth)
    {
        final Arbitrary<Tree> leaf = leaf().map(l -> (Tree)l);
        if (depth == 0)
        {
            return leaf;
        }
        final Arbitrary<Tree> child = tree(depth - 1);
        return Arbitraries.frequencyOf(
            Tuple.of(3, leaf),
            Tuple.of(2, child.list().ofMinSize(2).ofMaxSize(4).map(c -> (Tree)new Group(true, c))),
            Tuple.of(2, child.list().ofMinSize(2).ofMaxSize(3).map(c -> (Tree)new Group(false, c))),
            Tuple.of(1, child.map(c -> (Tree)new Not(c))));
    }

    private Arbitrary<Leaf> leaf()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(6, attributeLeaf()),
            Tuple.of(1, textBuiltInLeaf("topic", TOPICS)),
            Tuple.of(1, textBuiltInLeaf("id", IDS)),
            Tuple.of(1, priorityLeaf()),
            Tuple.of(1, timestampLeaf()));
    }

    private Arbitrary<Leaf> attributeLeaf()
    {
        final Arbitrary<String> fields = Arbitraries.of(ATTRIBUTES);
        final Arbitrary<String> ops = Arbitraries.of(FilterModel.OPERATORS.keySet().toArray(new String[0]));
        return Combinators.combine(fields, ops).flatAs((field, op) ->
        {
            final Arbitrary<?> value;
            switch (op)
            {
                case "in":
                case "!in": value = scalar().list().ofMinSize(1).ofMaxSize(4); break;
                case "matches": value = Arbitraries.of(REGEXES); break;
                case "contains":
                case "!contains":
                case "startsWith":
                case "endsWith": value = strings(); break;
                case ">":
                case ">=":
                case "<":
                case "<=": value = Arbitraries.oneOf(strings(), numbers()); break;
                default: value = scalar(); break;
            }
            return value.map(v -> new Leaf(field, op, v));
        });
    }

    private Arbitrary<Leaf> textBuiltInLeaf(final String field, final String[] pool)
    {
        final Arbitrary<String> ops = Arbitraries.of(FilterModel.OPERATORS.keySet().toArray(new String[0]));
        final Arbitrary<Object> values = Arbitraries.oneOf(Arbitraries.of(pool).map(v -> (Object)v), strings());
        return ops.flatMap(op ->
        {
            if ("in".equals(op) || "!in".equals(op))
            {
                return values.list().ofMinSize(1).ofMaxSize(3).map(v -> new Leaf(field, op, v));
            }
            if ("matches".equals(op))
            {
                return Arbitraries.of(REGEXES).map(v -> new Leaf(field, op, v));
            }
            return values.map(v -> new Leaf(field, op, v));
        });
    }

    private Arbitrary<Leaf> priorityLeaf()
    {
        final Arbitrary<Object> values = Arbitraries.oneOf(
            Arbitraries.of("low", "NORMAL", "High", "critical"), Arbitraries.longs().between(0, 3).map(l -> (Object)l));
        return orderedLeaf("priority", values);
    }

    private Arbitrary<Leaf> timestampLeaf()
    {
        return orderedLeaf("ts", Arbitraries.oneOf(Arbitraries.of(INSTANTS), Arbitraries.of(TIMESTAMPS)));
    }

    private Arbitrary<Leaf> orderedLeaf(final String field, final Arbitrary<?> values)
    {
        return Arbitraries.of("==", "!=", ">", ">=", "<", "<=", "in", "!in").flatMap(op ->
            "in".equals(op) || "!in".equals(op) ?
                values.list().ofMinSize(1).ofMaxSize(3).map(v -> new Leaf(field, op, v)) :
                values.map(v -> new Leaf(field, op, v)));
    }

    private Arbitrary<Object> scalar()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(3, strings()),
            Tuple.of(3, numbers()),
            Tuple.of(1, Arbitraries.of(true, false).map(b -> (Object)b)));
    }

    private Arbitrary<Object> strings()
    {
        return Arbitraries.oneOf(Arbitraries.of(STRINGS),
            Arbitraries.strings().withChars("ab\u00e9\ud83d\ude00").ofMaxLength(3)
                .filter(s -> s.codePoints().allMatch(c -> !Character.isSurrogate((char)c))))
            .map(s -> (Object)s);
    }

    private Arbitrary<Object> numbers()
    {
        return Arbitraries.oneOf(Arbitraries.of(LONGS), Arbitraries.of(DOUBLES)).map(n -> (Object)n);
    }

    @Provide
    Arbitrary<List<Event>> events()
    {
        final Arbitrary<Map<String, Object>> attributes = scalar().injectNull(0.3).list().ofSize(ATTRIBUTES.length)
            .map(values ->
            {
                final Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < ATTRIBUTES.length; i++)
                {
                    if (values.get(i) != null)
                    {
                        map.put(ATTRIBUTES[i], values.get(i));
                    }
                }
                return map;
            });
        final Arbitrary<Event> event = Combinators.combine(
            Arbitraries.of(TOPICS), Arbitraries.of(IDS), Arbitraries.of(Priority.class), Arbitraries.of(TIMESTAMPS),
            attributes).as((topic, id, priority, ts, attrs) ->
                new Event(0, id, "", topic, priority, ts, attrs, ContentType.OPAQUE, new byte[0]));
        return event.list().ofMinSize(1).ofMaxSize(6).map(ArrayList::new);
    }
}
