package io.ringcast.engine.filter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles the JSON form, given as the plain tree a JSON library parses it into (Map, List, String,
 * Number, Boolean, null), to the same predicate tree as the equal string form:
 * <pre>
 *   group     = {"operator": "AND" | "OR", "conditions": [condition, ...]}
 *             | {"operator": "NOT", "conditions": [condition]}  or  {"operator": "NOT", "condition": condition}
 *   condition = group | {"field": name, "op": operator, "value": value}
 * </pre>
 * Group operators and leaf operator names are case-insensitive; leaf operators may also be spelled as in
 * the string form ({@code ==}, {@code >=}, ...). An AND/OR with one condition is that condition. Errors
 * carry the JSON path of the offending node, like {@code conditions[1].op}. Control path; allocates.
 */
final class JsonFilterReader
{
    private final FilterLimits limits;
    private final int maxDepth;
    private int nodes;

    private JsonFilterReader(final FilterLimits limits)
    {
        this.limits = limits;
        this.maxDepth = Filter.effectiveMaxDepth(limits);
    }

    /** Compiles {@code tree}; null when the tree is null (the match-all filter). */
    static Node read(final Object tree, final FilterLimits limits) throws FilterException
    {
        return tree == null ? null : new JsonFilterReader(limits).condition(tree, "", 1);
    }

    private Node condition(final Object tree, final String path, final int level) throws FilterException
    {
        if (!(tree instanceof Map))
        {
            throw new FilterException("expected a condition {\"field\", \"op\", \"value\"} or a group " +
                "{\"operator\", \"conditions\"}, found " + ComparisonBuilder.describe(tree), path);
        }
        if (level > maxDepth)
        {
            throw new FilterException("groups nested deeper than the limit maxDepth=" + maxDepth, path);
        }
        final Map<?, ?> map = (Map<?, ?>)tree;
        for (final Object key : map.keySet())
        {
            if (!"operator".equals(key) && !"conditions".equals(key) && !"condition".equals(key) &&
                !"field".equals(key) && !"op".equals(key) && !"value".equals(key))
            {
                throw new FilterException("unknown key '" + key + "' (a condition has field, op and value; a group " +
                    "has operator and conditions)", join(path, String.valueOf(key)));
            }
        }
        if (map.containsKey("operator"))
        {
            return group(map, path, level);
        }
        if (map.containsKey("field"))
        {
            return comparison(map, path);
        }
        throw new FilterException("expected 'field' (a condition) or 'operator' (a group)", path);
    }

    private Node group(final Map<?, ?> map, final String path, final int level) throws FilterException
    {
        for (final String key : new String[] {"field", "op", "value"})
        {
            if (map.containsKey(key))
            {
                throw new FilterException("a group (with 'operator') cannot have '" + key + "'; leaf conditions use " +
                    "field, op and value", join(path, key));
            }
        }
        final Object operator = map.get("operator");
        final String name = operator instanceof String ? ((String)operator).toUpperCase(Locale.ROOT) : "";
        if (!"AND".equals(name) && !"OR".equals(name) && !"NOT".equals(name))
        {
            throw new FilterException("expected AND, OR or NOT, found " + ComparisonBuilder.describe(operator) +
                " (leaf conditions use 'op')", join(path, "operator"));
        }
        final Object conditions = map.get("conditions");
        final Object single = map.get("condition");
        if ("NOT".equals(name))
        {
            if (map.containsKey("conditions") == map.containsKey("condition"))
            {
                throw new FilterException("NOT needs exactly one condition, in 'conditions' or 'condition'", path);
            }
            final String childPath;
            final Object child;
            if (map.containsKey("condition"))
            {
                childPath = join(path, "condition");
                child = single;
            }
            else
            {
                if (!(conditions instanceof List) || ((List<?>)conditions).size() != 1)
                {
                    throw new FilterException("NOT needs exactly one condition, found " +
                        (conditions instanceof List ? ((List<?>)conditions).size() + " conditions" :
                        ComparisonBuilder.describe(conditions)), join(path, "conditions"));
                }
                childPath = join(path, "conditions[0]");
                child = ((List<?>)conditions).get(0);
            }
            countNode(path);
            final Node negation = new Negation(condition(child, childPath, level + 1));
            checkDepth(negation, path);
            return negation;
        }
        if (map.containsKey("condition"))
        {
            throw new FilterException(name + " takes a list in 'conditions', not 'condition'", join(path, "condition"));
        }
        if (!(conditions instanceof List) || ((List<?>)conditions).isEmpty())
        {
            throw new FilterException(name + " needs a non-empty list of conditions, found " +
                ComparisonBuilder.describe(conditions), join(path, "conditions"));
        }
        final List<?> list = (List<?>)conditions;
        final List<Node> operands = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++)
        {
            if (i > 0)
            {
                countNode(join(path, "conditions[" + i + "]"));
            }
            operands.add(condition(list.get(i), join(path, "conditions[" + i + "]"), level + 1));
        }
        if (operands.size() == 1)
        {
            return operands.get(0);
        }
        final Junction junction = new Junction("AND".equals(name), operands.toArray(new Node[0]));
        checkDepth(junction, path);
        return junction;
    }

    private Node comparison(final Map<?, ?> map, final String path) throws FilterException
    {
        final Object field = map.get("field");
        if (!(field instanceof String))
        {
            throw new FilterException("expected the field name as a string, found " + ComparisonBuilder.describe(field),
                join(path, "field"));
        }
        final Object op = map.get("op");
        if (!(op instanceof String))
        {
            throw new FilterException(map.containsKey("op") ? "expected the operator as a string, found " +
                ComparisonBuilder.describe(op) : "missing 'op'", map.containsKey("op") ? join(path, "op") : path);
        }
        final Operator operator = Operator.fromJsonName((String)op);
        if (operator == null)
        {
            throw new FilterException("unknown operator " + ComparisonBuilder.describe(op) + " (expected equals, " +
                "notEquals, contains, notContains, startsWith, endsWith, greaterThan, greaterThanOrEquals, lessThan, " +
                "lessThanOrEquals, in, notIn, matches or ==, !=, >, >=, <, <=)", join(path, "op"));
        }
        if (!map.containsKey("value"))
        {
            throw new FilterException("missing 'value'", path);
        }
        final String valuePath = join(path, "value");
        final Object value = normalise(map.get("value"), valuePath);
        countNode(path);
        return ComparisonBuilder.build((String)field, operator, value, limits, (part, element, message) ->
        {
            switch (part)
            {
                case FIELD: return new FilterException(message, join(path, "field"));
                case OPERATOR: return new FilterException(message, join(path, "op"));
                default: return new FilterException(message, element >= 0 ? valuePath + "[" + element + "]" : valuePath);
            }
        });
    }

    /** Numbers of any Java type to Long or Double; lists element by element. */
    private Object normalise(final Object value, final String path) throws FilterException
    {
        if (value instanceof List)
        {
            final List<?> list = (List<?>)value;
            if (list.size() > limits.maxListSize())
            {
                throw new FilterException("list has " + list.size() + " values, more than the limit maxListSize=" +
                    limits.maxListSize(), path);
            }
            final List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++)
            {
                final Object element = list.get(i);
                out.add(element instanceof List ? element : normalise(element, path + "[" + i + "]"));
            }
            return out;
        }
        if (!(value instanceof Number))
        {
            return value;
        }
        if (value instanceof Long || value instanceof Double)
        {
            return value;
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte)
        {
            return ((Number)value).longValue();
        }
        if (value instanceof Float)
        {
            return ((Number)value).doubleValue();
        }
        if (value instanceof BigInteger)
        {
            if (((BigInteger)value).bitLength() < 64)
            {
                return ((BigInteger)value).longValue();
            }
            throw new FilterException("integer " + value + " is outside the long range", path);
        }
        if (value instanceof BigDecimal)
        {
            final BigDecimal d = (BigDecimal)value;
            // like the string form: an integer without point or exponent is a long, anything else a double
            if (d.scale() == 0)
            {
                if (d.unscaledValue().bitLength() < 64)
                {
                    return d.longValueExact();
                }
                throw new FilterException("integer " + value + " is outside the long range", path);
            }
            return d.doubleValue();
        }
        throw new FilterException("unsupported number type " + value.getClass().getSimpleName(), path);
    }

    private void countNode(final String path) throws FilterException
    {
        if (++nodes > limits.maxNodes())
        {
            throw new FilterException("filter has more than " + limits.maxNodes() + " nodes (comparisons, AND/OR " +
                "joins, NOT), the limit maxNodes=" + limits.maxNodes(), path);
        }
    }

    private void checkDepth(final Node node, final String path) throws FilterException
    {
        if (node.depth() > maxDepth)
        {
            throw new FilterException("filter nests " + node.depth() + " levels deep, deeper than the limit maxDepth=" +
                maxDepth, path);
        }
    }

    private static String join(final String path, final String key)
    {
        return path.isEmpty() ? key : path + "." + key;
    }
}
