package io.ringcast.engine.policy;

import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * When a failed webhook delivery is tried again, by its {@link RetryPolicy}: exponential backoff with full jitter
 * above a floor, and a server's {@code Retry-After} honoured when it asks for longer.
 * <p>
 * Retry {@code n} (1 for the retry after the first attempt) waits a delay drawn uniformly from
 * {@code [floor, ceiling(n)]} where {@code ceiling(n) = min(maxDelay, base × multiplier^(n-1))} and
 * {@code floor = base / 2}.
 * <p>
 * Why this jitter: many deliveries fail together when an endpoint goes down, and AWS's analysis of backoff
 * ("Exponential Backoff And Jitter") shows full jitter, uniform over the whole {@code [0, ceiling]}, spreads such a
 * herd best and does the least work in all. Equal jitter ({@code [ceiling/2, ceiling]}) keeps every retry at least
 * half the ceiling away but clusters the herd twice as tightly at every step. We keep full jitter's spread and add
 * only a small floor, half the base delay (at least 50 ms): a retry a few milliseconds after an endpoint failed is
 * all but certain to fail again and only burns an attempt. From the second or third retry on the floor is a small
 * part of the range, so the spread is that of full jitter.
 * <p>
 * Threads: immutable apart from the random source; any thread that may call the random source. Allocates nothing.
 */
public final class RetrySchedule
{
    /** Longest delay a server's {@code Retry-After} may impose (1 hour); longer requests are cut to this. */
    public static final long MAX_RETRY_AFTER_MILLIS = 3_600_000L;

    private final RetryPolicy policy;
    private final DoubleSupplier random;

    /**
     * A schedule for {@code policy} drawing its jitter from {@code random}.
     *
     * @param policy the retry policy.
     * @param random uniform values in {@code [0, 1]} (for example {@code ThreadLocalRandom.current()::nextDouble});
     *               a value outside is clamped into it, NaN counts as 0. A test passes a constant: {@code () -> 1.0}
     *               gives exactly the ceiling of every retry.
     */
    public RetrySchedule(final RetryPolicy policy, final DoubleSupplier random)
    {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The policy this schedule follows. */
    public RetryPolicy policy()
    {
        return policy;
    }

    /**
     * True when a delivery that has made {@code attemptsMade} attempts, all failed, may be tried again.
     *
     * @param attemptsMade attempts made so far, 1 or more.
     * @return {@code attemptsMade < maxAttempts}.
     */
    public boolean mayRetry(final int attemptsMade)
    {
        return attemptsMade < policy.maxAttempts();
    }

    /** The least delay of any retry: half the base delay. */
    public long floorMillis()
    {
        return policy.baseDelayMillis() / 2;
    }

    /**
     * The longest delay of retry {@code retryNumber}: {@code min(maxDelay, base × multiplier^(retryNumber-1))}.
     *
     * @param retryNumber 1 for the first retry; 1 or more (past the policy's last retry the cap still applies).
     * @return the ceiling in milliseconds.
     * @throws IllegalArgumentException if {@code retryNumber < 1}.
     */
    public long ceilingMillis(final int retryNumber)
    {
        requireRetryNumber(retryNumber);
        final double raw = policy.baseDelayMillis() * Math.pow(policy.multiplier(), retryNumber - 1);
        return raw >= policy.maxDelayMillis() ? policy.maxDelayMillis() : (long)raw;
    }

    /**
     * The delay before retry {@code retryNumber}, uniform in {@code [floorMillis(), ceilingMillis(retryNumber)]}.
     * Draws one value from the random source.
     *
     * @param retryNumber 1 for the first retry.
     * @return the delay in milliseconds.
     * @throws IllegalArgumentException if {@code retryNumber < 1}.
     */
    public long delayMillis(final int retryNumber)
    {
        final long ceiling = ceilingMillis(retryNumber);
        final long floor = floorMillis();
        double r = random.getAsDouble();
        if (!(r >= 0.0))
        {
            r = 0.0;
        }
        else if (r > 1.0)
        {
            r = 1.0;
        }
        return floor + Math.round(r * (ceiling - floor));
    }

    /**
     * The delay before the next attempt of a delivery whose {@code attemptsMade} attempts failed: the jittered
     * delay of retry {@code attemptsMade}, or the server's {@code Retry-After} when that is longer, cut to
     * {@link #MAX_RETRY_AFTER_MILLIS}. A server may slow retries down this way but never speed them up.
     *
     * @param attemptsMade      attempts made so far, 1 or more.
     * @param retryAfterMillis  what the server asked for, or 0 (or less) when it did not.
     * @return the delay in milliseconds.
     * @throws IllegalArgumentException if {@code attemptsMade < 1}.
     */
    public long nextDelayMillis(final int attemptsMade, final long retryAfterMillis)
    {
        final long computed = delayMillis(attemptsMade);
        final long asked = Math.min(retryAfterMillis, MAX_RETRY_AFTER_MILLIS);
        return Math.max(computed, asked);
    }

    private static void requireRetryNumber(final int retryNumber)
    {
        if (retryNumber < 1)
        {
            throw new IllegalArgumentException("retry number must be 1 or more (1 is the retry after the first " +
                "attempt), was " + retryNumber);
        }
    }

    @Override
    public String toString()
    {
        return "RetrySchedule{" + policy + "}";
    }
}
