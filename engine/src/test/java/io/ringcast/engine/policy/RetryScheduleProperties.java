package io.ringcast.engine.policy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every delay of every valid policy lies between the floor and the capped exponential ceiling. */
class RetryScheduleProperties
{
    @Property(tries = 2000)
    void delayIsAlwaysWithinFloorAndCeiling(
        @ForAll("policies") final RetryPolicy policy,
        @ForAll @IntRange(min = 1, max = 40) final int retryNumber,
        @ForAll @DoubleRange(min = 0.0, max = 1.0) final double random)
    {
        final RetrySchedule schedule = new RetrySchedule(policy, () -> random);
        final long delay = schedule.delayMillis(retryNumber);
        final long ceiling = schedule.ceilingMillis(retryNumber);

        assertTrue(delay >= policy.baseDelayMillis() / 2, () -> "delay " + delay + " below floor for " + policy);
        assertTrue(delay <= ceiling, () -> "delay " + delay + " above ceiling " + ceiling + " for " + policy);
        assertTrue(ceiling <= policy.maxDelayMillis(), () -> "ceiling " + ceiling + " above max for " + policy);
        assertTrue(ceiling >= policy.baseDelayMillis(), () -> "ceiling " + ceiling + " below base for " + policy);
        final double exact = policy.baseDelayMillis() * Math.pow(policy.multiplier(), retryNumber - 1);
        if (exact < policy.maxDelayMillis())
        {
            assertEquals((long)exact, ceiling);
        }
    }

    @Property(tries = 1000)
    void ceilingNeverShrinksFromOneRetryToTheNext(
        @ForAll("policies") final RetryPolicy policy,
        @ForAll @IntRange(min = 1, max = 40) final int retryNumber)
    {
        final RetrySchedule schedule = new RetrySchedule(policy, () -> 1.0);

        assertTrue(schedule.ceilingMillis(retryNumber + 1) >= schedule.ceilingMillis(retryNumber));
    }

    @Property(tries = 1000)
    void retryAfterOnlyLengthensAndNeverPassesOneHour(
        @ForAll("policies") final RetryPolicy policy,
        @ForAll @IntRange(min = 1, max = 10) final int attemptsMade,
        @ForAll @LongRange(min = -10_000, max = Long.MAX_VALUE) final long retryAfterMillis,
        @ForAll @DoubleRange(min = 0.0, max = 1.0) final double random)
    {
        final RetrySchedule schedule = new RetrySchedule(policy, () -> random);
        final long computed = schedule.delayMillis(attemptsMade);
        final long next = schedule.nextDelayMillis(attemptsMade, retryAfterMillis);

        assertTrue(next >= computed);
        assertTrue(next <= RetrySchedule.MAX_RETRY_AFTER_MILLIS);
        assertTrue(next >= Math.min(retryAfterMillis, RetrySchedule.MAX_RETRY_AFTER_MILLIS));
    }

    @Provide
    Arbitrary<RetryPolicy> policies()
    {
        final Arbitrary<Integer> attempts = Arbitraries.integers().between(1, RetryPolicy.MAX_ATTEMPTS);
        final Arbitrary<Long> base = Arbitraries.longs().between(RetryPolicy.MIN_DELAY_MILLIS,
            RetryPolicy.MAX_DELAY_MILLIS);
        final Arbitrary<Long> extra = Arbitraries.longs().between(0, RetryPolicy.MAX_DELAY_MILLIS);
        final Arbitrary<Double> multiplier = Arbitraries.doubles().between(1.0, 10.0);
        return Combinators.combine(attempts, base, extra, multiplier).as((a, b, e, m) ->
            new RetryPolicy(a, b, Math.min(RetryPolicy.MAX_DELAY_MILLIS, b + e), m));
    }
}
