package io.ringcast.engine.filter;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;

/**
 * A test-side model of filter trees, independent of the engine's compiler: renders the string form and the
 * JSON form, and evaluates against the heap {@link Event} as the documented semantics say.
 */
final class FilterModel
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** String-form symbol to JSON name. */
    static final Map<String, String> OPERATORS = new LinkedHashMap<>();

    static
    {
        final String[] pairs = {"==", "equals", "!=", "notEquals", "contains", "contains", "!contains", "notContains",
            "startsWith", "startsWith", "endsWith", "endsWith", ">", "greaterThan", ">=", "greaterThanOrEquals",
            "<", "lessThan", "<=", "lessThanOrEquals", "in", "in", "!in", "notIn", "matches", "matches"};
        for (int i = 0; i < pairs.length; i += 2)
        {
            OPERATORS.put(pairs[i], pairs[i + 1]);
        }
    }

    private FilterModel()
    {
    }

    interface Tree
    {
    }

    /** A comparison; value is a String, Long, Double, Boolean or a List of those. */
    record Leaf(String field, String op, Object value) implements Tree
    {
    }

    record Group(boolean and, List<Tree> children) implements Tree
    {
    }

    record Not(Tree child) implements Tree
    {
    }

    /** The string form, each nested group in parentheses. */
    static String render(final Tree tree)
    {
        if (tree instanceof Leaf)
        {
            final Leaf leaf = (Leaf)tree;
            return leaf.field() + " " + leaf.op() + " " + literal(leaf.value());
        }
        if (tree instanceof Not)
        {
            return "!(" + render(((Not)tree).child()) + ")";
        }
        final Group group = (Group)tree;
        final StringBuilder sb = new StringBuilder();
        for (final Tree child : group.children())
        {
            if (sb.length() > 0)
            {
                sb.append(group.and() ? " && " : " || ");
            }
            sb.append(child instanceof Group ? "(" + render(child) + ")" : render(child));
        }
        return sb.toString();
    }

    private static String literal(final Object value)
    {
        if (value instanceof List)
        {
            final List<String> parts = new ArrayList<>();
            for (final Object v : (List<?>)value)
            {
                parts.add(literal(v));
            }
            return "[" + String.join(", ", parts) + "]";
        }
        if (value instanceof String)
        {
            try
            {
                return MAPPER.writeValueAsString(value);
            }
            catch (final JsonProcessingException ex)
            {
                throw new IllegalStateException(ex);
            }
        }
        return String.valueOf(value);
    }

    /** The JSON form as JSON text, with operator spellings varied by {@code random}. */
    static String json(final Tree tree, final Random random) throws JsonProcessingException
    {
        return MAPPER.writeValueAsString(jsonTree(tree, random));
    }

    private static Object jsonTree(final Tree tree, final Random random)
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        if (tree instanceof Leaf)
        {
            final Leaf leaf = (Leaf)tree;
            map.put("field", leaf.field());
            final String name = OPERATORS.get(leaf.op());
            map.put("op", random.nextInt(3) == 0 ? leaf.op() : random.nextBoolean() ? name : name.toUpperCase(Locale.ROOT));
            map.put("value", leaf.value());
        }
        else if (tree instanceof Not)
        {
            map.put("operator", random.nextBoolean() ? "NOT" : "not");
            final Object child = jsonTree(((Not)tree).child(), random);
            if (random.nextBoolean())
            {
                map.put("condition", child);
            }
            else
            {
                map.put("conditions", List.of(child));
            }
        }
        else
        {
            final Group group = (Group)tree;
            map.put("operator", group.and() ? (random.nextBoolean() ? "AND" : "And") : (random.nextBoolean() ? "OR" : "or"));
            final List<Object> children = new ArrayList<>();
            for (final Tree child : group.children())
            {
                children.add(jsonTree(child, random));
            }
            map.put("conditions", children);
        }
        return map;
    }

    /** The reference evaluator: the documented semantics over the heap event. */
    static boolean evaluate(final Tree tree, final Event event)
    {
        if (tree instanceof Not)
        {
            return !evaluate(((Not)tree).child(), event);
        }
        if (tree instanceof Group)
        {
            final Group group = (Group)tree;
            boolean result = group.and();
            for (final Tree child : group.children())
            {
                result = group.and() ? result & evaluate(child, event) : result | evaluate(child, event);
            }
            return result;
        }
        final Leaf leaf = (Leaf)tree;
        final Object actual = actual(leaf.field(), event);
        final boolean negated = leaf.op().startsWith("!");
        final String positive = negated ? ("!=".equals(leaf.op()) ? "==" : leaf.op().substring(1)) : leaf.op();
        final boolean result = actual != null && positive(positive, actual, normalise(leaf.field(), leaf.value()));
        return result != negated;
    }

    private static Object actual(final String field, final Event event)
    {
        switch (field)
        {
            case "topic": return event.topic();
            case "id": return event.id();
            case "priority": return (long)event.priority().ordinal();
            case "ts": return event.timestamp();
            default: return event.attributes().get(field);
        }
    }

    private static Object normalise(final String field, final Object value)
    {
        if (value instanceof List)
        {
            final List<Object> out = new ArrayList<>();
            for (final Object v : (List<?>)value)
            {
                out.add(normalise(field, v));
            }
            return out;
        }
        if ("priority".equals(field) && value instanceof String)
        {
            return (long)Priority.valueOf(((String)value).toUpperCase(Locale.ROOT)).ordinal();
        }
        if ("ts".equals(field) && value instanceof String)
        {
            return Instant.parse((String)value).toEpochMilli();
        }
        return value;
    }

    private static boolean positive(final String op, final Object actual, final Object value)
    {
        switch (op)
        {
            case "==": return same(actual, value);
            case "in": return ((List<?>)value).stream().anyMatch(v -> same(actual, v));
            case "contains": return actual instanceof String && ((String)actual).contains((String)value);
            case "startsWith": return actual instanceof String && ((String)actual).startsWith((String)value);
            case "endsWith": return actual instanceof String && ((String)actual).endsWith((String)value);
            case "matches":
                return actual instanceof String && com.google.re2j.Pattern.compile((String)value).matcher((String)actual).find();
            default: return range(op, actual, value);
        }
    }

    private static boolean same(final Object a, final Object b)
    {
        if (a instanceof Number && b instanceof Number)
        {
            return exact((Number)a).compareTo(exact((Number)b)) == 0;
        }
        return a.getClass() == b.getClass() && a.equals(b);
    }

    private static BigDecimal exact(final Number n)
    {
        return n instanceof Long ? BigDecimal.valueOf((Long)n) : new BigDecimal((Double)n);
    }

    private static boolean range(final String op, final Object a, final Object b)
    {
        if (a instanceof String && b instanceof String)
        {
            final int c = Arrays.compareUnsigned(((String)a).getBytes(StandardCharsets.UTF_8),
                ((String)b).getBytes(StandardCharsets.UTF_8));
            return holds(op, c, 0);
        }
        if (a instanceof Long && b instanceof Long)
        {
            return holds(op, Long.compare((Long)a, (Long)b), 0);
        }
        if (a instanceof Number && b instanceof Number)
        {
            return holds(op, ((Number)a).doubleValue(), ((Number)b).doubleValue());
        }
        return false;
    }

    private static boolean holds(final String op, final double a, final double b)
    {
        switch (op)
        {
            case ">": return a > b;
            case ">=": return a >= b;
            case "<": return a < b;
            default: return a <= b;
        }
    }
}
