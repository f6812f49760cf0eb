package io.ringcast.engine.filter;

import org.agrona.DirectBuffer;

import io.ringcast.engine.util.Hashing;

/**
 * Canonical 64-bit keys of attribute values for the equality index: a literal in a filter and an
 * event's attribute value get the same key exactly when {@code ==} holds between them.
 * <p>
 * Numbers compare by exact value across long and double (3 == 3.0, but 2^60+1 != 2^60 as double), so a
 * number that is an integer in long range keys as that long, any other double by its bits. Strings key by
 * their UTF-8 bytes, booleans by value; the type tag keeps "3" apart from 3. Stateless; any thread.
 */
public final class ValueKeys
{
    private static final long STRING = 0x5354_5249_4E47L;
    private static final long NUMBER = 0x4E55_4D42_4552L;
    private static final long BOOLEAN = 0x424F_4F4CL;

    private ValueKeys()
    {
    }

    public static long ofString(final DirectBuffer buffer, final int offset, final int length)
    {
        return Hashing.combine(STRING, Hashing.hash(buffer, offset, length));
    }

    public static long ofString(final String value)
    {
        return Hashing.combine(STRING, Hashing.hash(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public static long ofLong(final long value)
    {
        return Hashing.combine(NUMBER, Hashing.mix(value));
    }

    public static long ofDouble(final double value)
    {
        if (value >= -0x1p63 && value < 0x1p63)
        {
            final long asLong = (long)value;
            if ((double)asLong == value)
            {
                return ofLong(asLong);
            }
        }
        return Hashing.combine(NUMBER, Hashing.mix(Double.doubleToLongBits(value)));
    }

    public static long ofBoolean(final boolean value)
    {
        return Hashing.combine(BOOLEAN, value ? 1 : 0);
    }

    /** Combines a field id with a value key: the key of the equality index. */
    public static long indexKey(final int fieldId, final long valueKey)
    {
        return Hashing.combine(fieldId, valueKey);
    }
}
