package io.ringcast.engine.policy;

/**
 * How a failed webhook delivery is retried: up to {@code maxAttempts} attempts in all (the first plus
 * {@code maxAttempts - 1} retries), waiting {@code baseDelayMillis × multiplier^(n-1)} capped at
 * {@code maxDelayMillis} before retry {@code n}, with full jitter (see {@link RetrySchedule}). Immutable; any thread.
 *
 * @param maxAttempts     attempts in all, 1..11 (0 to 10 retries)
 * @param baseDelayMillis delay before the first retry, 100 ms..60 s
 * @param maxDelayMillis  cap on any one delay, {@code baseDelayMillis}..60 s
 * @param multiplier      growth per retry, 1.0..10.0
 */
public record RetryPolicy(int maxAttempts, long baseDelayMillis, long maxDelayMillis, double multiplier)
{
    /** Most attempts allowed (10 retries). */
    public static final int MAX_ATTEMPTS = 11;
    /** Shortest base delay. */
    public static final long MIN_DELAY_MILLIS = 100;
    /** Longest delay. */
    public static final long MAX_DELAY_MILLIS = 60_000;
    /** Default: 5 attempts, 500 ms doubling to at most 30 s. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(5, 500, 30_000, 2.0);

    /** Validates the ranges with precise messages. */
    public RetryPolicy
    {
        if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS)
        {
            throw new IllegalArgumentException("retry maxAttempts must be in 1.." + MAX_ATTEMPTS +
                " (0 to 10 retries), was " + maxAttempts);
        }
        if (baseDelayMillis < MIN_DELAY_MILLIS || baseDelayMillis > MAX_DELAY_MILLIS)
        {
            throw new IllegalArgumentException("retry baseDelayMs must be in " + MIN_DELAY_MILLIS + ".." +
                MAX_DELAY_MILLIS + " (100 ms..60 s), was " + baseDelayMillis);
        }
        if (maxDelayMillis < baseDelayMillis || maxDelayMillis > MAX_DELAY_MILLIS)
        {
            throw new IllegalArgumentException("retry maxDelayMs must be in baseDelayMs (" + baseDelayMillis + ").." +
                MAX_DELAY_MILLIS + " (60 s), was " + maxDelayMillis);
        }
        if (!(multiplier >= 1.0 && multiplier <= 10.0))
        {
            throw new IllegalArgumentException("retry multiplier must be in 1.0..10.0, was " + multiplier);
        }
    }
}
