package io.ringcast.engine.match;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.filter.FieldTable;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.filter.FilterInput;
import io.ringcast.engine.subscription.Subscription;

import static io.ringcast.engine.match.MatchFixtures.filter;
import static io.ringcast.engine.match.MatchFixtures.match;
import static io.ringcast.engine.match.MatchFixtures.subscription;
import static io.ringcast.engine.match.MatchFixtures.view;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The matcher agrees with a brute-force scan (pattern matches the topic, filter accepts, not paused) over random
 * interleavings of subscribe, unsubscribe, filter update, pause and publish. Alphabets are small so that
 * patterns, index keys and filters collide often; "d" is a topic segment no pattern names.
 */
class MatcherProperties
{
    private static final String[] PATTERN_SEGMENTS = { "a", "b", "c" };
    private static final String[] TOPIC_SEGMENTS = { "a", "b", "c", "d" };
    private static final String[] NAMES = { "p", "s", "n", "flag" };
    private static final Object[] VALUES = { "x", "y", "é", "日本", 1L, 2L, 3L, 1.0, 2.5, true, false };
    private static final String[] LITERALS = { "\"x\"", "\"y\"", "\"é\"", "\"日本\"", "1", "2", "3", "1.0", "2.5",
        "true", "false" };
    private static final String[] NUMBERS = { "1", "2", "3", "2.5" };

    sealed interface Action permits Subscribe, Unsubscribe, UpdateFilter, Pause, Publish
    {
    }

    record Subscribe(String pattern, String filter) implements Action
    {
    }

    record Unsubscribe(int pick) implements Action
    {
    }

    record UpdateFilter(int pick, String filter) implements Action
    {
    }

    record Pause(int pick, boolean paused) implements Action
    {
    }

    record Publish(String topic, Map<String, Object> attributes) implements Action
    {
    }

    @Property(tries = 300)
    void shouldAgreeWithBruteForceForTopicPatterns(@ForAll("actionsWithoutFilters") final List<Action> actions)
    {
        run(actions);
    }

    @Property(tries = 400)
    void shouldAgreeWithBruteForceForPatternsAndFilters(@ForAll("actionsWithFilters") final List<Action> actions)
    {
        run(actions);
    }

    private static void run(final List<Action> actions)
    {
        final FieldTable fields = new FieldTable();
        final Matcher matcher = new Matcher(fields, CodecLimits.DEFAULT);
        final FilterInput reference = new FilterInput(fields);
        final List<Subscription> live = new ArrayList<>();
        final ArrayDeque<Integer> freeHandles = new ArrayDeque<>();
        int nextHandle = 0;

        for (final Action action : actions)
        {
            if (action instanceof Subscribe)
            {
                final Subscribe subscribe = (Subscribe)action;
                final int handle = freeHandles.isEmpty() ? nextHandle++ : freeHandles.poll();
                final Subscription s = subscription(handle, subscribe.pattern(), parse(subscribe.filter()));
                matcher.add(s);
                live.add(s);
            }
            else if (live.isEmpty())
            {
                if (action instanceof Publish)
                {
                    final Publish publish = (Publish)action;
                    assertArrayEquals(new int[0], match(matcher, view(publish)));
                }
            }
            else if (action instanceof Unsubscribe)
            {
                final Subscription s = live.remove(((Unsubscribe)action).pick() % live.size());
                matcher.remove(s);
                freeHandles.add(s.handle());
            }
            else if (action instanceof UpdateFilter)
            {
                final UpdateFilter update = (UpdateFilter)action;
                matcher.updateFilter(live.get(update.pick() % live.size()), parse(update.filter()));
            }
            else if (action instanceof Pause)
            {
                final Pause pause = (Pause)action;
                live.get(pause.pick() % live.size()).paused(pause.paused());
            }
            else
            {
                final Publish publish = (Publish)action;
                final EventView view = view(publish);
                final int[] expected = bruteForce(live, publish.topic(), view, reference);
                assertArrayEquals(expected, match(matcher, view), () -> publish + " against " + live);
            }
            assertEquals(live.size(), matcher.size());
        }

        for (final Subscription s : live)
        {
            matcher.remove(s);
        }
        assertEquals(0, matcher.size());
        assertEquals(0, matcher.bucketCount());
        assertEquals(0, matcher.indexListCount());
        assertEquals(1, matcher.nodeCount());
    }

    private static int[] bruteForce(
        final List<Subscription> live, final String topic, final EventView view, final FilterInput reference)
    {
        reference.bind(view);
        final int[] handles = live.stream()
            .filter(s -> !s.paused() && s.pattern().matches(topic) && (s.filter() == null || s.filter().test(reference)))
            .mapToInt(Subscription::handle)
            .toArray();
        Arrays.sort(handles);
        return handles;
    }

    private static EventView view(final Publish publish)
    {
        final Object[] nameValues = new Object[publish.attributes().size() * 2];
        int i = 0;
        for (final Map.Entry<String, Object> e : publish.attributes().entrySet())
        {
            nameValues[i++] = e.getKey();
            nameValues[i++] = e.getValue();
        }
        return MatchFixtures.view(publish.topic(), nameValues);
    }

    private static Filter parse(final String expression)
    {
        return expression == null ? null : filter(expression);
    }

    @Provide
    Arbitrary<List<Action>> actionsWithoutFilters()
    {
        return actions(Arbitraries.just(null));
    }

    @Provide
    Arbitrary<List<Action>> actionsWithFilters()
    {
        return actions(filters().injectNull(0.25));
    }

    private static Arbitrary<List<Action>> actions(final Arbitrary<String> filters)
    {
        final Arbitrary<Integer> picks = Arbitraries.integers().between(0, 1000);
        final Arbitrary<Action> subscribe = Combinators.combine(patterns(), filters).as(Subscribe::new);
        final Arbitrary<Action> unsubscribe = picks.map(Unsubscribe::new);
        final Arbitrary<Action> update = Combinators.combine(picks, filters).as(UpdateFilter::new);
        final Arbitrary<Action> pause = Combinators.combine(picks, Arbitraries.of(true, false)).as(Pause::new);
        final Arbitrary<Action> publish = Combinators.combine(topics(), eventAttributes()).as(Publish::new);
        return Arbitraries.frequencyOf(
            Tuple.of(5, subscribe), Tuple.of(1, unsubscribe), Tuple.of(1, update), Tuple.of(1, pause),
            Tuple.of(5, publish))
            .list().ofMinSize(1).ofMaxSize(80);
    }

    private static Arbitrary<String> patterns()
    {
        final Arbitrary<String> segment = Arbitraries.frequencyOf(
            Tuple.of(5, Arbitraries.of(PATTERN_SEGMENTS)), Tuple.of(2, Arbitraries.just(TopicPattern.ONE)));
        return Combinators.combine(segment.list().ofMinSize(0).ofMaxSize(3), Arbitraries.of(true, false))
            .as((segments, tail) ->
            {
                final List<String> all = new ArrayList<>(segments);
                if (tail || all.isEmpty())
                {
                    all.add(TopicPattern.TAIL);
                }
                return String.join(".", all);
            });
    }

    private static Arbitrary<String> topics()
    {
        return Arbitraries.of(TOPIC_SEGMENTS).list().ofMinSize(1).ofMaxSize(4).map(s -> String.join(".", s));
    }

    private static Arbitrary<Map<String, Object>> eventAttributes()
    {
        return Arbitraries.maps(Arbitraries.of(NAMES), Arbitraries.of(VALUES)).ofMaxSize(NAMES.length);
    }

    private static Arbitrary<String> filters()
    {
        final Arbitrary<String> indexable = Arbitraries.oneOf(equality(), inList());
        final Arbitrary<String> indexableConjunction =
            Combinators.combine(indexable, expression(2)).as((a, b) -> a + " && " + b);
        return Arbitraries.frequencyOf(
            Tuple.of(3, indexable), Tuple.of(3, indexableConjunction), Tuple.of(3, expression(3)));
    }

    private static Arbitrary<String> expression(final int depth)
    {
        if (depth == 0)
        {
            return atom();
        }
        final Arbitrary<String> sub = Arbitraries.lazy(() -> expression(depth - 1));
        return Arbitraries.frequencyOf(
            Tuple.of(4, atom()),
            Tuple.of(1, Combinators.combine(sub, sub).as((a, b) -> "(" + a + " && " + b + ")")),
            Tuple.of(1, Combinators.combine(sub, sub).as((a, b) -> "(" + a + " || " + b + ")")),
            Tuple.of(1, sub.map(a -> "!(" + a + ")")));
    }

    private static Arbitrary<String> atom()
    {
        final Arbitrary<String> names = Arbitraries.of(NAMES);
        final Arbitrary<String> range = Combinators.combine(names, Arbitraries.of(">", ">=", "<", "<="),
            Arbitraries.of(NUMBERS)).as((n, op, v) -> n + " " + op + " " + v);
        final Arbitrary<String> contains = Combinators.combine(names, Arbitraries.of("contains", "!contains"),
            Arbitraries.of("\"x\"", "\"本\"", "\"\"")).as((n, op, v) -> n + " " + op + " " + v);
        final Arbitrary<String> notEqual = Combinators.combine(names, Arbitraries.of(LITERALS))
            .as((n, v) -> n + " != " + v);
        final Arbitrary<String> notIn = inList().map(s -> s.replace(" in ", " !in "));
        return Arbitraries.oneOf(equality(), inList(), range, contains, notEqual, notIn);
    }

    private static Arbitrary<String> equality()
    {
        return Combinators.combine(Arbitraries.of(NAMES), Arbitraries.of(LITERALS)).as((n, v) -> n + " == " + v);
    }

    private static Arbitrary<String> inList()
    {
        return Combinators.combine(Arbitraries.of(NAMES), Arbitraries.of(LITERALS).list().ofMinSize(1).ofMaxSize(3))
            .as((n, vs) -> n + " in [" + String.join(", ", vs) + "]");
    }
}
