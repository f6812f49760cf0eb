package io.ringcast.engine.policy;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetryScheduleTest
{
    private static final RetryPolicy POLICY = new RetryPolicy(5, 500, 30_000, 2.0);

    @Test
    void shouldGrowCeilingByMultiplierUpToMaxDelay()
    {
        final RetrySchedule schedule = new RetrySchedule(new RetryPolicy(11, 1_000, 20_000, 3.0), () -> 1.0);

        assertEquals(1_000, schedule.ceilingMillis(1));
        assertEquals(3_000, schedule.ceilingMillis(2));
        assertEquals(9_000, schedule.ceilingMillis(3));
        assertEquals(20_000, schedule.ceilingMillis(4));
        assertEquals(20_000, schedule.ceilingMillis(Integer.MAX_VALUE));
    }

    @Test
    void shouldGiveCeilingForTopOfRandomRangeAndFloorForBottom()
    {
        final RetrySchedule top = new RetrySchedule(POLICY, () -> 1.0);
        final RetrySchedule bottom = new RetrySchedule(POLICY, () -> 0.0);

        assertEquals(500, top.delayMillis(1));
        assertEquals(1_000, top.delayMillis(2));
        assertEquals(2_000, top.delayMillis(3));
        assertEquals(4_000, top.delayMillis(4));
        assertEquals(250, bottom.delayMillis(1));
        assertEquals(250, bottom.delayMillis(4));
        assertEquals(250, bottom.floorMillis());
    }

    @Test
    void shouldSpreadUniformlyBetweenFloorAndCeiling()
    {
        final RetrySchedule half = new RetrySchedule(POLICY, () -> 0.5);

        assertEquals(250 + (4_000 - 250) / 2, half.delayMillis(4));
    }

    @Test
    void shouldClampRandomValuesOutsideUnitRange()
    {
        assertEquals(2_000, new RetrySchedule(POLICY, () -> 7.0).delayMillis(3));
        assertEquals(250, new RetrySchedule(POLICY, () -> -1.0).delayMillis(3));
        assertEquals(250, new RetrySchedule(POLICY, () -> Double.NaN).delayMillis(3));
    }

    @Test
    void shouldDrawOneRandomValuePerDelay()
    {
        final AtomicInteger draws = new AtomicInteger();
        final RetrySchedule schedule = new RetrySchedule(POLICY, () ->
        {
            draws.incrementAndGet();
            return 0.3;
        });

        schedule.delayMillis(1);
        schedule.nextDelayMillis(2, 0);

        assertEquals(2, draws.get());
    }

    @Test
    void shouldAllowRetriesUntilMaxAttemptsMade()
    {
        final RetrySchedule schedule = new RetrySchedule(POLICY, () -> 1.0);

        assertTrue(schedule.mayRetry(1));
        assertTrue(schedule.mayRetry(4));
        assertFalse(schedule.mayRetry(5));
        assertFalse(new RetrySchedule(new RetryPolicy(1, 500, 500, 1.0), () -> 1.0).mayRetry(1));
    }

    @Test
    void shouldHonourLongerRetryAfterAndIgnoreShorterOne()
    {
        final RetrySchedule schedule = new RetrySchedule(POLICY, () -> 1.0);

        assertEquals(7_000, schedule.nextDelayMillis(1, 7_000));
        assertEquals(1_000, schedule.nextDelayMillis(2, 300));
        assertEquals(2_000, schedule.nextDelayMillis(3, 0));
        assertEquals(2_000, schedule.nextDelayMillis(3, -5));
    }

    @Test
    void shouldCapRetryAfterAtOneHour()
    {
        final RetrySchedule schedule = new RetrySchedule(POLICY, () -> 1.0);

        assertEquals(RetrySchedule.MAX_RETRY_AFTER_MILLIS, schedule.nextDelayMillis(1, Long.MAX_VALUE));
        assertEquals(3_600_000L, RetrySchedule.MAX_RETRY_AFTER_MILLIS);
    }

    @Test
    void shouldRefuseRetryNumberBelowOne()
    {
        final RetrySchedule schedule = new RetrySchedule(POLICY, () -> 1.0);

        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> schedule.delayMillis(0));
        assertTrue(ex.getMessage().contains("retry number must be 1 or more"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> schedule.nextDelayMillis(0, 0));
    }
}
