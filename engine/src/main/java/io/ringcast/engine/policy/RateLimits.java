package io.ringcast.engine.policy;

/**
 * The server's rate limits. Per user: at most {@code perMinute} a minute with bursts of up to {@code burst} at once
 * (a GCRA token bucket), at most {@code perHour} in each clock hour and {@code perDay} in each UTC day (fixed
 * windows); and across all users at most {@code globalPerSecond} a second (bursts of {@code globalBurst}). 0 turns a
 * limit off. An event over a limit is deferred to the moment the limit allows it, never dropped; CRITICAL events are
 * counted but never deferred. Immutable; any thread.
 *
 * @param perMinute       per user per minute, 0 = off
 * @param burst           per user burst over the minute rate's spacing, 1..perMinute (when perMinute is on)
 * @param perHour         per user per clock hour, 0 = off
 * @param perDay          per user per UTC day, 0 = off
 * @param globalPerSecond all users per second, 0 = off
 * @param globalBurst     global burst, 1..globalPerSecond (when on)
 */
public record RateLimits(int perMinute, int burst, int perHour, int perDay, int globalPerSecond, int globalBurst)
{
    /** No limits. */
    public static final RateLimits NONE = new RateLimits(0, 0, 0, 0, 0, 0);

    /** Validates with precise messages. */
    public RateLimits
    {
        requireNonNegative("perMinute", perMinute);
        requireNonNegative("perHour", perHour);
        requireNonNegative("perDay", perDay);
        requireNonNegative("globalPerSecond", globalPerSecond);
        if (perMinute > 0 && (burst < 1 || burst > perMinute))
        {
            throw new IllegalArgumentException("rate burst must be in 1..perMinute (" + perMinute + "), was " + burst);
        }
        if (globalPerSecond > 0 && (globalBurst < 1 || globalBurst > globalPerSecond))
        {
            throw new IllegalArgumentException("global burst must be in 1..globalPerSecond (" + globalPerSecond +
                "), was " + globalBurst);
        }
    }

    /** True when any per-user limit is on. */
    public boolean perUser()
    {
        return perMinute > 0 || perHour > 0 || perDay > 0;
    }

    /** True when any limit is on. */
    public boolean any()
    {
        return perUser() || globalPerSecond > 0;
    }

    private static void requireNonNegative(final String name, final int value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException("rate " + name + " must be 0 (off) or more, was " + value);
        }
    }
}
