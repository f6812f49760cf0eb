package io.ringcast.engine.policy;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.ringcast.engine.policy.CircuitBreaker.Settings;
import io.ringcast.engine.policy.CircuitBreaker.State;
import io.ringcast.engine.util.ManualClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CircuitBreakerTest
{
    private static final long START_MILLIS = 1_772_000_000_000L;

    private final ManualClock clock = new ManualClock(START_MILLIS);

    @Test
    void shouldStartClosedAndLetEveryCallThrough()
    {
        final CircuitBreaker breaker = new CircuitBreaker(Settings.DEFAULT, clock);

        for (int i = 0; i < 100; i++)
        {
            assertTrue(breaker.tryAcquire());
        }
        assertEquals(State.CLOSED, breaker.state());
        assertEquals(0, breaker.millisUntilRetry());
        assertEquals(0, breaker.openSinceMillis());
    }

    @Test
    void shouldOpenAfterThresholdFailuresInsideWindow()
    {
        final CircuitBreaker breaker = new CircuitBreaker(new Settings(3, 1_000, 5_000, 1, 1), clock);

        fail(breaker);
        advance(400);
        fail(breaker);
        assertEquals(State.CLOSED, breaker.state());
        advance(600);
        fail(breaker);

        assertEquals(State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
        assertEquals(START_MILLIS + 1_000, breaker.openSinceMillis());
        assertEquals(5_000, breaker.millisUntilRetry());
    }

    @Test
    void shouldNotOpenWhenFailuresAreSpreadWiderThanWindow()
    {
        final CircuitBreaker breaker = new CircuitBreaker(new Settings(3, 1_000, 5_000, 1, 1), clock);

        fail(breaker);
        advance(600);
        fail(breaker);
        advance(401);
        fail(breaker);
        assertEquals(State.CLOSED, breaker.state());

        advance(100);
        fail(breaker);
        assertEquals(State.OPEN, breaker.state());
    }

    @Test
    void shouldKeepCountingFailuresAcrossSuccessesInsideWindow()
    {
        final CircuitBreaker breaker = new CircuitBreaker(new Settings(2, 1_000, 5_000, 1, 1), clock);

        fail(breaker);
        succeed(breaker);
        fail(breaker);

        assertEquals(State.OPEN, breaker.state());
    }

    @Test
    void shouldTurnHalfOpenAfterResetTimeoutAndCountDownUntilThen()
    {
        final CircuitBreaker breaker = openBreaker(new Settings(1, 1_000, 5_000, 1, 1));

        advance(4_999);
        assertEquals(1, breaker.millisUntilRetry());
        assertEquals(State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());

        advance(1);
        assertEquals(0, breaker.millisUntilRetry());
        assertEquals(State.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire());
        assertEquals(State.HALF_OPEN, breaker.state());
    }

    @Test
    void shouldRoundMillisUntilRetryUp()
    {
        final CircuitBreaker breaker = openBreaker(new Settings(1, 1_000, 5_000, 1, 1));

        clock.advance(1, TimeUnit.NANOSECONDS);

        assertEquals(5_000, breaker.millisUntilRetry());
    }

    @Test
    void shouldLimitConcurrentTrialCallsWhileHalfOpen()
    {
        final CircuitBreaker breaker = openBreaker(new Settings(1, 1_000, 5_000, 2, 3));
        advance(5_000);

        assertTrue(breaker.tryAcquire());
        assertTrue(breaker.tryAcquire());
        assertFalse(breaker.tryAcquire());

        breaker.onSuccess();
        assertEquals(State.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire());
        assertFalse(breaker.tryAcquire());
    }

    @Test
    void shouldCloseAfterTrialSuccess()
    {
        final CircuitBreaker breaker = openBreaker(new Settings(1, 1_000, 5_000, 1, 1));
        advance(5_000);

        assertTrue(breaker.tryAcquire());
        breaker.onSuccess();

        assertEquals(State.CLOSED, breaker.state());
        assertEquals(0, breaker.openSinceMillis());
        assertTrue(breaker.tryAcquire());
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void shouldCloseOnlyAfterSuccessesToClose()
    {
        final CircuitBreaker breaker = openBreaker(new Settings(1, 1_000, 5_000, 1, 2));
        advance(5_000);

        assertTrue(breaker.tryAcquire());
        breaker.onSuccess();
        assertEquals(State.HALF_OPEN, breaker.state());
        assertTrue(breaker.tryAcquire());
        breaker.onSuccess();

        assertEquals(State.CLOSED, breaker.state());
    }

    @Test
    void shouldReopenWithFreshTimeoutWhenTrialFailsAndKeepOutageStart()
    {
        final CircuitBreaker breaker = openBreaker(new Settings(1, 1_000, 5_000, 1, 1));
        advance(7_000);

        assertTrue(breaker.tryAcquire());
        breaker.onFailure();

        assertEquals(State.OPEN, breaker.state());
        assertFalse(breaker.tryAcquire());
        assertEquals(5_000, breaker.millisUntilRetry());
        assertEquals(START_MILLIS, breaker.openSinceMillis());
        advance(5_000);
        assertTrue(breaker.tryAcquire());
    }

    @Test
    void shouldStartFreshCountAfterClosing()
    {
        final CircuitBreaker breaker = openBreaker(new Settings(2, 10_000, 5_000, 1, 1));
        advance(5_000);
        assertTrue(breaker.tryAcquire());
        breaker.onSuccess();

        fail(breaker);
        assertEquals(State.CLOSED, breaker.state());
        fail(breaker);
        assertEquals(State.OPEN, breaker.state());
        assertEquals(START_MILLIS + 5_000, breaker.openSinceMillis());
    }

    @Test
    void shouldIgnoreOutcomesOfStragglersWhileOpen()
    {
        final CircuitBreaker breaker = openBreaker(new Settings(1, 1_000, 5_000, 1, 1));
        advance(2_000);

        breaker.onFailure();
        breaker.onSuccess();

        assertEquals(State.OPEN, breaker.state());
        assertEquals(3_000, breaker.millisUntilRetry());
    }

    @Test
    void shouldValidateSettingsWithPreciseMessages()
    {
        assertMessage("failureThreshold must be in 1..1000, was 0", () -> new Settings(0, 1, 1, 1, 1));
        assertMessage("windowMillis must be in 1..86400000 (1 ms..24 h), was 0", () -> new Settings(1, 0, 1, 1, 1));
        assertMessage("resetTimeoutMillis must be in 1..86400000", () -> new Settings(1, 1, 86_400_001L, 1, 1));
        assertMessage("trialCalls must be in 1..100, was 101", () -> new Settings(1, 1, 1, 101, 1));
        assertMessage("successesToClose must be in 1..100, was 0", () -> new Settings(1, 1, 1, 1, 0));
        assertEquals(new Settings(5, 30_000, 10_000, 1, 1), Settings.DEFAULT);
    }

    private CircuitBreaker openBreaker(final Settings settings)
    {
        final CircuitBreaker breaker = new CircuitBreaker(settings, clock);
        for (int i = 0; i < settings.failureThreshold(); i++)
        {
            fail(breaker);
        }
        assertEquals(State.OPEN, breaker.state());
        return breaker;
    }

    private static void fail(final CircuitBreaker breaker)
    {
        assertTrue(breaker.tryAcquire());
        breaker.onFailure();
    }

    private static void succeed(final CircuitBreaker breaker)
    {
        assertTrue(breaker.tryAcquire());
        breaker.onSuccess();
    }

    private void advance(final long millis)
    {
        clock.advance(millis, TimeUnit.MILLISECONDS);
    }

    private static void assertMessage(final String expected, final Runnable action)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }
}
