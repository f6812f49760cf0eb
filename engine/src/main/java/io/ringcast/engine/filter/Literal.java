package io.ringcast.engine.filter;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * One literal value of a filter: a string (kept as its UTF-8 bytes for comparison against event bytes), a
 * long, a finite double or a boolean. Immutable after construction; any thread.
 */
final class Literal
{
    static final int STRING = 0;
    static final int LONG = 1;
    static final int DOUBLE = 2;
    static final int BOOLEAN = 3;

    /** One of {@link #STRING}, {@link #LONG}, {@link #DOUBLE}, {@link #BOOLEAN}. */
    final int kind;
    /** The string value; null for other kinds. */
    final String text;
    /** UTF-8 bytes of the string value; empty for other kinds. */
    final byte[] utf8;
    /** A buffer over {@link #utf8}, so comparisons can read eight bytes at a time. */
    final UnsafeBuffer bytes;
    /** The long value; for a double that is an integer in long range, that integer. */
    final long longValue;
    /** The double value; for a long, its nearest double. */
    final double doubleValue;
    /** True for a long, and for a double that is exactly an integer in long range (so it can equal a long). */
    final boolean integral;
    /** The boolean value. */
    final boolean booleanValue;

    private Literal(final int kind, final String text, final long longValue, final double doubleValue,
        final boolean integral, final boolean booleanValue)
    {
        this.kind = kind;
        this.text = text;
        this.utf8 = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        this.bytes = new UnsafeBuffer(utf8);
        this.longValue = longValue;
        this.doubleValue = doubleValue;
        this.integral = integral;
        this.booleanValue = booleanValue;
    }

    static Literal ofString(final String value)
    {
        return new Literal(STRING, value, 0, 0, false, false);
    }

    static Literal ofLong(final long value)
    {
        return new Literal(LONG, null, value, value, true, false);
    }

    /** A double literal; the caller has checked it is finite. */
    static Literal ofDouble(final double value)
    {
        // same test as ValueKeys.ofDouble, so == agrees with the index keys
        final boolean integral = value >= -0x1p63 && value < 0x1p63 && (double)(long)value == value;
        return new Literal(DOUBLE, null, integral ? (long)value : 0, value, integral, false);
    }

    static Literal ofBoolean(final boolean value)
    {
        return new Literal(BOOLEAN, null, 0, 0, false, value);
    }

    /** Exact numeric equality with a long event value. */
    boolean equalsLong(final long value)
    {
        return integral && value == longValue;
    }

    /** Exact numeric equality with a double event value. */
    boolean equalsDouble(final double value)
    {
        if (kind == DOUBLE)
        {
            return value == doubleValue;
        }
        return kind == LONG && value >= -0x1p63 && value < 0x1p63 && (long)value == longValue &&
            (double)longValue == value;
    }

    /** The {@link ValueKeys} key of this value, as {@code FilterInput.valueKey} computes it for an equal event value. */
    long valueKey()
    {
        switch (kind)
        {
            case STRING: return ValueKeys.ofString(bytes, 0, utf8.length);
            case LONG: return ValueKeys.ofLong(longValue);
            case DOUBLE: return ValueKeys.ofDouble(doubleValue);
            default: return ValueKeys.ofBoolean(booleanValue);
        }
    }

    /** Appends the canonical string-form spelling. */
    void appendTo(final StringBuilder sb)
    {
        switch (kind)
        {
            case STRING: appendQuoted(sb, text); break;
            case LONG: sb.append(longValue); break;
            case DOUBLE: sb.append(doubleValue); break;
            default: sb.append(booleanValue); break;
        }
    }

    /** Appends {@code s} as a double-quoted string with JSON escapes. */
    static void appendQuoted(final StringBuilder sb, final String s)
    {
        sb.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\t': sb.append("\\t"); break;
                case '\r': sb.append("\\r"); break;
                case '\b': sb.append("\\b"); break;
                case '\f': sb.append("\\f"); break;
                default:
                    if (c < 0x20 || c == 0x7F)
                    {
                        sb.append(String.format("\\u%04x", (int)c));
                    }
                    else
                    {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }

    @Override
    public boolean equals(final Object o)
    {
        if (!(o instanceof Literal))
        {
            return false;
        }
        final Literal l = (Literal)o;
        if (kind != l.kind)
        {
            return false;
        }
        switch (kind)
        {
            case STRING: return text.equals(l.text);
            case LONG: return longValue == l.longValue;
            case DOUBLE: return Double.doubleToLongBits(doubleValue) == Double.doubleToLongBits(l.doubleValue);
            default: return booleanValue == l.booleanValue;
        }
    }

    @Override
    public int hashCode()
    {
        switch (kind)
        {
            case STRING: return text.hashCode();
            case LONG: return Long.hashCode(longValue);
            case DOUBLE: return 31 * Double.hashCode(doubleValue);
            default: return booleanValue ? 1231 : 1237;
        }
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        appendTo(sb);
        return sb.toString();
    }
}
