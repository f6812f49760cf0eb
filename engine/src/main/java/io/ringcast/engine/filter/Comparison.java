package io.ringcast.engine.filter;

import java.util.Arrays;
import java.util.Objects;

import org.agrona.DirectBuffer;

import io.ringcast.engine.event.AttributeType;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;

/**
 * A leaf of the predicate tree: {@code field operator value}. Built only by {@link ComparisonBuilder},
 * which has checked that the operator and value make sense for the field. Evaluation reads the event's
 * bytes in place: strings compare as UTF-8 bytes, numbers by exact value, a missing attribute or a type
 * mismatch makes the positive operator false, and a negated operator is exactly its positive's negation.
 */
final class Comparison extends Node
{
    private static final byte STRING = AttributeType.STRING.code;
    private static final byte LONG = AttributeType.LONG.code;
    private static final byte DOUBLE = AttributeType.DOUBLE.code;

    private final Subject subject;
    private final String field;
    private final Operator operator;
    private final Operator positive;
    private final boolean negated;
    private final Literal value;
    private final Literal[] values;
    private final int[] failure;
    private final RegexEvaluator regex;
    private final int cost;
    private int fieldId = -1;

    /**
     * @param value  the single value, or null for {@code in}/{@code !in}
     * @param values the list of {@code in}/{@code !in}, or null
     */
    Comparison(final Subject subject, final String field, final Operator operator, final Literal value,
        final Literal[] values)
    {
        this.subject = subject;
        this.field = field;
        this.operator = operator;
        this.positive = operator.positive;
        this.negated = operator.negated;
        this.value = value;
        this.values = values;
        this.failure = positive == Operator.CONTAINS ? ByteRanges.failureTable(value.utf8) : null;
        this.regex = positive == Operator.MATCHES ? RegexEvaluator.compile(value.text) : null;
        final int base = subject == Subject.PRIORITY || subject == Subject.TS ? Operator.COST_EQUALITY : operator.cost;
        this.cost = values == null ? base : base + values.length / 8;
    }

    Subject subject()
    {
        return subject;
    }

    String field()
    {
        return field;
    }

    Operator operator()
    {
        return operator;
    }

    /** The index hint of this comparison alone, or null: {@code attr == v} or {@code attr in [...]} only. */
    IndexHint indexHint()
    {
        if (subject != Subject.ATTRIBUTE || (operator != Operator.EQUALS && operator != Operator.IN))
        {
            return null;
        }
        if (operator == Operator.EQUALS)
        {
            return new IndexHint(field, new long[] {value.valueKey()});
        }
        final long[] keys = new long[values.length];
        for (int i = 0; i < keys.length; i++)
        {
            keys[i] = values[i].valueKey();
        }
        return new IndexHint(field, Arrays.stream(keys).distinct().toArray());
    }

    @Override
    boolean test(final FilterInput input)
    {
        final EventView view = input.event();
        final boolean result;
        switch (subject)
        {
            case ATTRIBUTE: result = testAttribute(input, view); break;
            case TOPIC: result = testText(view.buffer(), view.topicOffset(), view.topicLength()); break;
            case ID: result = testText(view.buffer(), view.idOffset(), view.idLength()); break;
            case PRIORITY: result = testLong(view.priorityCode()); break;
            default: result = testLong(view.timestamp()); break;
        }
        return result != negated;
    }

    private boolean testAttribute(final FilterInput input, final EventView view)
    {
        final int i = input.attributeIndex(fieldId);
        if (i < 0)
        {
            return false;
        }
        final byte type = view.attributeTypeCode(i);
        if (type == STRING)
        {
            return testText(view.buffer(), view.attributeValueOffset(i), view.attributeValueLength(i));
        }
        if (type == LONG)
        {
            return testLong(view.attributeLong(i));
        }
        if (type == DOUBLE)
        {
            return testDouble(view.attributeDouble(i));
        }
        return testBoolean(view.attributeBoolean(i));
    }

    private boolean testText(final DirectBuffer buffer, final int offset, final int length)
    {
        switch (positive)
        {
            case EQUALS: return value.kind == Literal.STRING && ByteRanges.equal(buffer, offset, length, value);
            case IN:
                for (final Literal v : values)
                {
                    if (v.kind == Literal.STRING && ByteRanges.equal(buffer, offset, length, v))
                    {
                        return true;
                    }
                }
                return false;
            case CONTAINS: return ByteRanges.contains(buffer, offset, length, value, failure);
            case STARTS_WITH: return ByteRanges.startsWith(buffer, offset, length, value);
            case ENDS_WITH: return ByteRanges.endsWith(buffer, offset, length, value);
            case MATCHES: return regex.find(buffer, offset, length);
            default:
                return value.kind == Literal.STRING && range(ByteRanges.compare(buffer, offset, length, value));
        }
    }

    private boolean testLong(final long v)
    {
        switch (positive)
        {
            case EQUALS: return value.equalsLong(v);
            case IN:
                for (final Literal l : values)
                {
                    if (l.equalsLong(v))
                    {
                        return true;
                    }
                }
                return false;
            case GREATER_THAN:
            case GREATER_THAN_OR_EQUALS:
            case LESS_THAN:
            case LESS_THAN_OR_EQUALS:
                if (value.kind == Literal.LONG)
                {
                    return range(Long.compare(v, value.longValue));
                }
                return value.kind == Literal.DOUBLE && rangeOfDoubles(v, value.doubleValue);
            default: return false;
        }
    }

    private boolean testDouble(final double v)
    {
        switch (positive)
        {
            case EQUALS: return value.equalsDouble(v);
            case IN:
                for (final Literal l : values)
                {
                    if (l.equalsDouble(v))
                    {
                        return true;
                    }
                }
                return false;
            case GREATER_THAN:
            case GREATER_THAN_OR_EQUALS:
            case LESS_THAN:
            case LESS_THAN_OR_EQUALS:
                return (value.kind == Literal.LONG || value.kind == Literal.DOUBLE) &&
                    rangeOfDoubles(v, value.doubleValue);
            default: return false;
        }
    }

    private boolean testBoolean(final boolean v)
    {
        switch (positive)
        {
            case EQUALS: return value.kind == Literal.BOOLEAN && value.booleanValue == v;
            case IN:
                for (final Literal l : values)
                {
                    if (l.kind == Literal.BOOLEAN && l.booleanValue == v)
                    {
                        return true;
                    }
                }
                return false;
            default: return false;
        }
    }

    private boolean range(final int comparison)
    {
        switch (positive)
        {
            case GREATER_THAN: return comparison > 0;
            case GREATER_THAN_OR_EQUALS: return comparison >= 0;
            case LESS_THAN: return comparison < 0;
            case LESS_THAN_OR_EQUALS: return comparison <= 0;
            default: return false;
        }
    }

    private boolean rangeOfDoubles(final double a, final double b)
    {
        // primitive comparisons, so -0.0 and 0.0 are equal as with ==
        switch (positive)
        {
            case GREATER_THAN: return a > b;
            case GREATER_THAN_OR_EQUALS: return a >= b;
            case LESS_THAN: return a < b;
            case LESS_THAN_OR_EQUALS: return a <= b;
            default: return false;
        }
    }

    @Override
    void bind(final FieldTable fields)
    {
        if (subject == Subject.ATTRIBUTE)
        {
            fieldId = fields.intern(field);
        }
    }

    @Override
    int cost()
    {
        return cost;
    }

    @Override
    int nodeCount()
    {
        return 1;
    }

    @Override
    int depth()
    {
        return 1;
    }

    @Override
    void appendTo(final StringBuilder sb)
    {
        sb.append(field).append(' ').append(operator.symbol).append(' ');
        if (values == null)
        {
            appendValue(sb, value);
            return;
        }
        sb.append('[');
        for (int i = 0; i < values.length; i++)
        {
            if (i > 0)
            {
                sb.append(", ");
            }
            appendValue(sb, values[i]);
        }
        sb.append(']');
    }

    private void appendValue(final StringBuilder sb, final Literal literal)
    {
        if (subject == Subject.PRIORITY)
        {
            Literal.appendQuoted(sb, Priority.fromCode((int)literal.longValue).name());
        }
        else
        {
            literal.appendTo(sb);
        }
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof Comparison))
        {
            return false;
        }
        final Comparison c = (Comparison)o;
        return subject == c.subject && field.equals(c.field) && operator == c.operator &&
            Objects.equals(value, c.value) && Arrays.equals(values, c.values);
    }

    @Override
    public int hashCode()
    {
        return (field.hashCode() * 31 + operator.ordinal()) * 31 + Objects.hashCode(value) * 7 +
            Arrays.hashCode(values);
    }
}
