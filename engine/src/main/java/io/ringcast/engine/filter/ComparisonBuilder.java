package io.ringcast.engine.filter;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import io.ringcast.engine.event.Priority;

/**
 * Checks and normalises one comparison for both forms of the language and builds its {@link Comparison}:
 * the operator must make sense for the field and the value, built-in values are converted (priority names
 * to ordinals, ISO-8601 instants to epoch millis), strings, lists and regexes are held to the limits.
 * Control path; allocates.
 */
final class ComparisonBuilder
{
    /** Which part of a comparison an error is about, so each form can point at it. */
    enum Part
    {
        FIELD, OPERATOR, VALUE
    }

    /** Turns an error about a part of the comparison into a positioned {@link FilterException}. */
    interface Locator
    {
        /**
         * @param part    the part at fault
         * @param element the index of the list element at fault, or -1
         * @param message what is wrong
         */
        FilterException error(Part part, int element, String message);
    }

    /** Longest attribute name the event codec can carry. */
    static final int MAX_NAME_LENGTH = 255;

    private ComparisonBuilder()
    {
    }

    /** True when {@code name} is a well-formed attribute name ([A-Za-z0-9_.-]+). */
    static boolean isNameChar(final char c)
    {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
            c == '-';
    }

    /**
     * Builds {@code field operator raw}, where raw is a String, Long, Double, Boolean or a List of those.
     */
    static Comparison build(final String field, final Operator operator, final Object raw, final FilterLimits limits,
        final Locator at) throws FilterException
    {
        if (field.isEmpty() || field.length() > MAX_NAME_LENGTH)
        {
            throw at.error(Part.FIELD, -1, "field name must be 1.." + MAX_NAME_LENGTH + " characters");
        }
        for (int i = 0; i < field.length(); i++)
        {
            if (!isNameChar(field.charAt(i)))
            {
                throw at.error(Part.FIELD, -1, "field name '" + field + "' may hold only letters, digits, '_', '.' " +
                    "and '-'");
            }
        }
        final Subject subject = Subject.of(field);
        if (operator.isText() && subject != Subject.ATTRIBUTE && !subject.isText())
        {
            throw at.error(Part.OPERATOR, -1, "'" + operator.symbol + "' applies to string attributes, topic and id, " +
                "not to '" + field + "' (a number)");
        }
        if (operator.isList())
        {
            if (!(raw instanceof List))
            {
                throw at.error(Part.VALUE, -1, "'" + operator.symbol + "' needs a list of values like [\"a\", \"b\"], " +
                    "found " + describe(raw));
            }
            final List<?> list = (List<?>)raw;
            if (list.isEmpty())
            {
                throw at.error(Part.VALUE, -1, "empty list: '" + operator.symbol + "' needs at least one value");
            }
            if (list.size() > limits.maxListSize())
            {
                throw at.error(Part.VALUE, limits.maxListSize(), "list has " + list.size() + " values, more than the " +
                    "limit maxListSize=" + limits.maxListSize());
            }
            final Literal[] values = new Literal[list.size()];
            for (int i = 0; i < values.length; i++)
            {
                values[i] = literal(subject, field, operator, list.get(i), i, limits, at);
            }
            return new Comparison(subject, field, operator, null, values);
        }
        if (raw instanceof List)
        {
            throw at.error(Part.VALUE, -1, "'" + operator.symbol + "' needs a single value, found a list (use 'in' " +
                "for a list)");
        }
        return new Comparison(subject, field, operator, literal(subject, field, operator, raw, -1, limits, at), null);
    }

    private static Literal literal(final Subject subject, final String field, final Operator operator, final Object raw,
        final int element, final FilterLimits limits, final Locator at) throws FilterException
    {
        if (raw instanceof List)
        {
            throw at.error(Part.VALUE, element, "lists cannot be nested");
        }
        if (raw == null)
        {
            throw at.error(Part.VALUE, element, "expected a string, number or boolean value, found null");
        }
        switch (subject)
        {
            case PRIORITY: return Literal.ofLong(priority(raw, element, at));
            case TS: return Literal.ofLong(timestamp(raw, element, at));
            case TOPIC:
            case ID:
                if (!(raw instanceof String))
                {
                    throw at.error(Part.VALUE, element, "'" + field + "' is a string; '" + operator.symbol +
                        "' needs a string value, found " + describe(raw));
                }
                break;
            default:
                break;
        }
        if (operator.isText() && !(raw instanceof String))
        {
            throw at.error(Part.VALUE, element, "'" + operator.symbol + "' needs a string value, found " + describe(raw));
        }
        if (operator.isRange() && raw instanceof Boolean)
        {
            throw at.error(Part.VALUE, element, "'" + operator.symbol + "' needs a number or string value, found " + raw);
        }
        if (raw instanceof String)
        {
            return string((String)raw, operator, element, limits, at);
        }
        if (raw instanceof Long)
        {
            return Literal.ofLong((Long)raw);
        }
        if (raw instanceof Double)
        {
            final double d = (Double)raw;
            if (!Double.isFinite(d))
            {
                throw at.error(Part.VALUE, element, "number must be finite, found " + d);
            }
            return Literal.ofDouble(d);
        }
        if (raw instanceof Boolean)
        {
            return Literal.ofBoolean((Boolean)raw);
        }
        throw at.error(Part.VALUE, element, "expected a string, number or boolean value, found " + describe(raw));
    }

    private static Literal string(final String s, final Operator operator, final int element, final FilterLimits limits,
        final Locator at) throws FilterException
    {
        if (operator == Operator.MATCHES)
        {
            if (s.length() > limits.maxRegexLength())
            {
                throw at.error(Part.VALUE, element, "regex is " + s.length() + " characters, longer than the limit " +
                    "maxRegexLength=" + limits.maxRegexLength());
            }
        }
        else if (s.length() > limits.maxStringLength())
        {
            throw at.error(Part.VALUE, element, "string is " + s.length() + " characters, longer than the limit " +
                "maxStringLength=" + limits.maxStringLength());
        }
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1)))
            {
                i++;
            }
            else if (Character.isSurrogate(c))
            {
                throw at.error(Part.VALUE, element, "string holds an unpaired surrogate \\u" +
                    Integer.toHexString(c) + " at index " + i + " (not valid UTF-8)");
            }
        }
        if (operator == Operator.MATCHES)
        {
            final String problem = RegexEvaluator.check(s);
            if (problem != null)
            {
                throw at.error(Part.VALUE, element, problem);
            }
        }
        return Literal.ofString(s);
    }

    private static long priority(final Object raw, final int element, final Locator at) throws FilterException
    {
        if (raw instanceof String)
        {
            final Priority p = Priority.fromName((String)raw);
            if (p != null)
            {
                return p.ordinal();
            }
        }
        else if (raw instanceof Long && (Long)raw >= 0 && (Long)raw <= 3)
        {
            return (Long)raw;
        }
        else if (raw instanceof Double && (Double)raw >= 0 && (Double)raw <= 3 && (Double)raw % 1 == 0)
        {
            return (long)(double)(Double)raw;
        }
        throw at.error(Part.VALUE, element, "priority must be LOW, NORMAL, HIGH or CRITICAL (any case) or 0..3, " +
            "found " + describe(raw));
    }

    private static long timestamp(final Object raw, final int element, final Locator at) throws FilterException
    {
        if (raw instanceof Long)
        {
            return (Long)raw;
        }
        if (raw instanceof Double)
        {
            final double d = (Double)raw;
            if (d >= -0x1p63 && d < 0x1p63 && (double)(long)d == d)
            {
                return (long)d;
            }
        }
        else if (raw instanceof String)
        {
            final String s = (String)raw;
            try
            {
                return Instant.parse(s).toEpochMilli();
            }
            catch (final DateTimeParseException | ArithmeticException ex)
            {
                try
                {
                    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
                }
                catch (final DateTimeParseException | ArithmeticException ignored)
                {
                    // fall through to the error below
                }
            }
        }
        throw at.error(Part.VALUE, element, "ts needs epoch milliseconds (an integer) or an ISO-8601 instant like " +
            "\"2024-05-01T12:00:00Z\", found " + describe(raw));
    }

    /** A short description of a raw value for error messages. */
    static String describe(final Object raw)
    {
        if (raw == null)
        {
            return "null";
        }
        if (raw instanceof String)
        {
            final String s = (String)raw;
            final StringBuilder sb = new StringBuilder();
            Literal.appendQuoted(sb, s.length() > 40 ? s.substring(0, 40) + "..." : s);
            return sb.toString();
        }
        if (raw instanceof List)
        {
            return "a list";
        }
        if (raw instanceof java.util.Map)
        {
            return "an object";
        }
        return String.valueOf(raw);
    }
}
