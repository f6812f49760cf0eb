package io.ringcast.engine.policy;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * When digests go out: {@link DigestMode#DAILY} at a local time of day, {@link DigestMode#HOURLY} at that time's
 * minute of every hour, both in the user's zone. Immutable; any thread; {@link #next} allocates ({@code java.time})
 * and is called once per digest, never per event.
 */
public final class DigestSchedule
{
    private DigestSchedule()
    {
    }

    /**
     * The first digest instant strictly after {@code epochMillis}, or {@link Long#MAX_VALUE} for
     * {@link DigestMode#IMMEDIATE}.
     */
    public static long next(final DigestMode mode, final LocalTime at, final ZoneId zone, final long epochMillis)
    {
        final ZonedDateTime now = Instant.ofEpochMilli(epochMillis).atZone(zone);
        switch (mode)
        {
            case DAILY:
            {
                ZonedDateTime t = ZonedDateTime.of(now.toLocalDate(), at, zone);
                while (!t.toInstant().isAfter(now.toInstant()))
                {
                    t = ZonedDateTime.of(t.toLocalDate().plusDays(1), at, zone);
                }
                return t.toInstant().toEpochMilli();
            }
            case HOURLY:
            {
                ZonedDateTime t = now.truncatedTo(ChronoUnit.HOURS).withMinute(at.getMinute());
                while (!t.toInstant().isAfter(now.toInstant()))
                {
                    t = t.plusHours(1);
                }
                return t.toInstant().toEpochMilli();
            }
            default:
                return Long.MAX_VALUE;
        }
    }
}
