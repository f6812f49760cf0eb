package io.ringcast.engine.event;

/** An event's priority. {@link #CRITICAL} is never held back by batching, quiet hours or digests. */
public enum Priority
{
    LOW, NORMAL, HIGH, CRITICAL;

    private static final Priority[] VALUES = values();

    /** The wire code of this priority (its ordinal). */
    public byte code()
    {
        return (byte)ordinal();
    }

    /** The priority for a wire code, or null when the code is out of range. */
    public static Priority fromCode(final int code)
    {
        return code >= 0 && code < VALUES.length ? VALUES[code] : null;
    }

    /** The priority named {@code name} (case-insensitive), or null. */
    public static Priority fromName(final String name)
    {
        for (final Priority p : VALUES)
        {
            if (p.name().equalsIgnoreCase(name))
            {
                return p;
            }
        }
        return null;
    }
}
