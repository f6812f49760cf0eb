package io.ringcast.engine.policy;

import java.util.Locale;

/** How a user receives non-critical events: as they come, or summed up once an hour or once a day. */
public enum DigestMode
{
    /** Delivered as they come (batched per subscription). */
    IMMEDIATE,
    /** Collected and delivered as one digest per subscription every hour, at the minute of the digest time. */
    HOURLY,
    /** Collected and delivered as one digest per subscription every day at the digest time (user's zone). */
    DAILY;

    /** The lower-case wire name. */
    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
