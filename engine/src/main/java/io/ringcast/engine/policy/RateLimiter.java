package io.ringcast.engine.policy;

/**
 * One rate limit's state: a GCRA token bucket (at most {@code count} per {@code period} with bursts of
 * {@code burst}), plus fixed clock-hour and UTC-day windows. Asking is separate from taking
 * ({@link #delayNanos} then {@link #take}) so a user's and the global limiter can both be asked before either is
 * charged. Owned by the assemble stage's thread; no allocation.
 * <p>
 * GCRA keeps one number, the theoretical arrival time {@code tat}: an event may pass at {@code now} when
 * {@code now ≥ tat − tolerance}, and passing moves {@code tat} to {@code max(tat, now) + interval}. It is the
 * token bucket without a refill loop.
 */
public final class RateLimiter
{
    private static final long HOUR_MILLIS = 3_600_000L;
    private static final long DAY_MILLIS = 86_400_000L;

    private final long intervalNanos;
    private final long toleranceNanos;
    private final int perHour;
    private final int perDay;
    private long tat = Long.MIN_VALUE / 2;
    private long hourWindow = -1;
    private int hourCount;
    private long dayWindow = -1;
    private int dayCount;

    private RateLimiter(final long intervalNanos, final int burst, final int perHour, final int perDay)
    {
        this.intervalNanos = intervalNanos;
        this.toleranceNanos = intervalNanos == 0 ? 0 : (burst - 1) * intervalNanos;
        this.perHour = perHour;
        this.perDay = perDay;
    }

    /**
     * A user's limiter: {@code limits}' per-minute, hour and day limits, with the hour limit lowered to
     * {@code maxPerHour} when that is on (non-zero) and lower. Null when no limit is on.
     */
    public static RateLimiter forUser(final RateLimits limits, final int maxPerHour)
    {
        int hour = limits.perHour();
        if (maxPerHour > 0 && (hour == 0 || maxPerHour < hour))
        {
            hour = maxPerHour;
        }
        if (limits.perMinute() == 0 && hour == 0 && limits.perDay() == 0)
        {
            return null;
        }
        final long interval = limits.perMinute() == 0 ? 0 : 60_000_000_000L / limits.perMinute();
        return new RateLimiter(interval, limits.burst(), hour, limits.perDay());
    }

    /** The global limiter of {@code limits} ({@code globalPerSecond} with {@code globalBurst}), or null when off. */
    public static RateLimiter global(final RateLimits limits)
    {
        if (limits.globalPerSecond() == 0)
        {
            return null;
        }
        return new RateLimiter(1_000_000_000L / limits.globalPerSecond(), limits.globalBurst(), 0, 0);
    }

    /**
     * How long until one more event may pass: 0 when it may pass now. Does not charge the limiter.
     *
     * @param nowNanos  monotonic time (for the token bucket)
     * @param nowMillis wall-clock time (for the hour and day windows)
     */
    public long delayNanos(final long nowNanos, final long nowMillis)
    {
        long delay = 0;
        if (intervalNanos != 0)
        {
            delay = Math.max(delay, tat - toleranceNanos - nowNanos);
        }
        if (perHour != 0 && nowMillis / HOUR_MILLIS == hourWindow && hourCount >= perHour)
        {
            delay = Math.max(delay, ((hourWindow + 1) * HOUR_MILLIS - nowMillis) * 1_000_000L);
        }
        if (perDay != 0 && nowMillis / DAY_MILLIS == dayWindow && dayCount >= perDay)
        {
            delay = Math.max(delay, ((dayWindow + 1) * DAY_MILLIS - nowMillis) * 1_000_000L);
        }
        return delay;
    }

    /** Charges one event (whether or not {@link #delayNanos} allowed it: CRITICAL events are charged and sent). */
    public void take(final long nowNanos, final long nowMillis)
    {
        if (intervalNanos != 0)
        {
            tat = Math.max(tat, nowNanos) + intervalNanos;
        }
        if (perHour != 0)
        {
            final long window = nowMillis / HOUR_MILLIS;
            if (window != hourWindow)
            {
                hourWindow = window;
                hourCount = 0;
            }
            hourCount++;
        }
        if (perDay != 0)
        {
            final long window = nowMillis / DAY_MILLIS;
            if (window != dayWindow)
            {
                dayWindow = window;
                dayCount = 0;
            }
            dayCount++;
        }
    }
}
