package io.ringcast.engine.filter;

/** What a comparison reads: an event attribute or one of the built-ins. Immutable; any thread. */
enum Subject
{
    /** A typed event attribute, found by field id. */
    ATTRIBUTE,
    /** The topic (string). */
    TOPIC,
    /** The event id (string). */
    ID,
    /** The priority, compared by ordinal LOW &lt; NORMAL &lt; HIGH &lt; CRITICAL. */
    PRIORITY,
    /** The publish timestamp, epoch milliseconds (long). */
    TS;

    /** The built-in named {@code field} (names are case-sensitive), or {@link #ATTRIBUTE}. */
    static Subject of(final String field)
    {
        switch (field)
        {
            case "topic": return TOPIC;
            case "id": return ID;
            case "priority": return PRIORITY;
            case "ts": return TS;
            default: return ATTRIBUTE;
        }
    }

    /** True for the string built-ins {@code topic} and {@code id}. */
    boolean isText()
    {
        return this == TOPIC || this == ID;
    }
}
