package io.ringcast.engine.assemble;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.Priority;
import io.ringcast.engine.policy.RateLimits;
import io.ringcast.engine.subscription.Subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rate limits in the assemble stage: over a limit an event waits for the window, in order; nothing is dropped. */
class RateLimitPolicyTest
{
    @Test
    void shouldDeferPastTheMinuteRateAndReleaseInOrderAsTheBucketRefills()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:00:00Z", new RateLimits(2, 2, 0, 0, 0, 0), 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.publish(a);
        h.publish(a);
        h.publish(a);
        h.publish(a);
        assertEquals(List.of("a:END_OF_BATCH 1", "a:END_OF_BATCH 2"), h.takeDelivered());
        assertEquals(2, h.users.stats("alice").deferredNow());
        h.advance(29_999, TimeUnit.MILLISECONDS);
        assertEquals(List.of(), h.takeDelivered(), "2 a minute: one more every 30 s");
        h.advance(1, TimeUnit.MILLISECONDS);
        assertEquals(List.of("a:RATE_RELEASE 3"), h.takeDelivered());
        h.advance(30, TimeUnit.SECONDS);
        assertEquals(List.of("a:RATE_RELEASE 4"), h.takeDelivered());
        assertEquals(0, h.users.stats("alice").deferredNow());
        assertEquals(2, h.users.stats("alice").deferredTotal());
    }

    @Test
    void shouldCatchUpWithWhatTheLimitAllowedWhenItsTimerRunsLate()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:00:00Z", new RateLimits(60, 1, 0, 0, 0, 0), 1000);
        final Subscription a = h.subscribe("alice", "a");
        for (int i = 0; i < 6; i++)
        {
            h.publish(a);
        }
        assertEquals(List.of("a:END_OF_BATCH 1"), h.takeDelivered());
        h.advance(3500, TimeUnit.MILLISECONDS); // one poll, 2.5 s after the first deferred event was due
        assertEquals(List.of("a:RATE_RELEASE 2 3 4"), h.takeDelivered(), "the three due at 1, 2 and 3 s");
        h.advance(500, TimeUnit.MILLISECONDS);
        assertEquals(List.of("a:RATE_RELEASE 5"), h.takeDelivered(), "the limit's spacing is kept after catching up");
    }

    @Test
    void shouldQueueNewEventsBehindDeferredOnesSoTheUserSeesThemInOrder()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:00:00Z", new RateLimits(1, 1, 0, 0, 0, 0), 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.publish(a);
        h.publish(a);
        h.advance(60, TimeUnit.SECONDS);
        h.publish(a); // the bucket allows one now, but seq 2 waits first
        assertEquals(List.of("a:END_OF_BATCH 1", "a:RATE_RELEASE 2"), h.takeDelivered());
        h.advance(60, TimeUnit.SECONDS);
        assertEquals(List.of("a:RATE_RELEASE 3"), h.takeDelivered());
    }

    @Test
    void shouldHoldEventsOverTheHourLimitUntilTheNextClockHour()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:59:00Z", new RateLimits(0, 0, 3, 0, 0, 0), 1000);
        final Subscription a = h.subscribe("alice", "a");
        for (int i = 0; i < 5; i++)
        {
            h.publish(a);
        }
        assertEquals(List.of("a:END_OF_BATCH 1", "a:END_OF_BATCH 2", "a:END_OF_BATCH 3"), h.takeDelivered());
        h.advanceTo("2026-06-01T10:59:59.999Z");
        assertEquals(List.of(), h.takeDelivered());
        h.advanceTo("2026-06-01T11:00:00Z");
        assertEquals(List.of("a:RATE_RELEASE 4 5"), h.takeDelivered(), "both fit the new hour: one batch, in order");
    }

    @Test
    void shouldHoldEventsOverTheDayLimitUntilUtcMidnight()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T18:00:00Z", new RateLimits(0, 0, 0, 2, 0, 0), 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.publish(a);
        h.publish(a);
        h.advanceTo("2026-06-01T20:00:00Z");
        h.publish(a);
        h.publish(a);
        h.publish(a);
        assertEquals(List.of("a:END_OF_BATCH 1", "a:END_OF_BATCH 2"), h.takeDelivered());
        h.advanceTo("2026-06-01T23:59:00Z");
        assertEquals(List.of(), h.takeDelivered());
        h.advanceTo("2026-06-02T00:00:00Z");
        assertEquals(List.of("a:RATE_RELEASE 3 4"), h.takeDelivered(), "the new day's two; the third waits a day more");
        h.advanceTo("2026-06-03T00:00:00Z");
        assertEquals(List.of("a:RATE_RELEASE 5"), h.takeDelivered());
    }

    @Test
    void shouldApplyTheUsersMaxPerHourPreferenceBelowTheServersLimit()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:30:00Z", new RateLimits(0, 0, 100, 0, 0, 0), 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.preferences("alice", Prefs.builder().maxPerHour(1).build());
        h.publish(a);
        h.publish(a);
        assertEquals(List.of("a:END_OF_BATCH 1"), h.takeDelivered());
        h.advanceTo("2026-06-01T11:00:00Z");
        assertEquals(List.of("a:RATE_RELEASE 2"), h.takeDelivered());
    }

    @Test
    void shouldShareTheGlobalLimitAcrossUsers()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:00:00Z", new RateLimits(0, 0, 0, 0, 2, 1), 1000);
        final Subscription a = h.subscribe("alice", "a");
        final Subscription b = h.subscribe("bob", "b");
        h.publish(a, b);
        h.publish(a, b);
        assertEquals(List.of("a:END_OF_BATCH 1"), h.takeDelivered(), "2 a second in all, spaced 500 ms");
        h.advance(500, TimeUnit.MILLISECONDS);
        h.advance(500, TimeUnit.MILLISECONDS);
        h.advance(500, TimeUnit.MILLISECONDS);
        final List<String> released = h.takeDelivered();
        assertEquals(3, released.size(), released.toString());
        assertEquals(List.of("b:RATE_RELEASE 1", "b:RATE_RELEASE 2"),
            released.stream().filter(l -> l.startsWith("b:")).toList(), "bob's own order kept");
        assertEquals(List.of("a:RATE_RELEASE 2"), released.stream().filter(l -> l.startsWith("a:")).toList());
    }

    @Test
    void shouldSendCriticalEventsAtOnceAndChargeThemToTheLimit()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:00:00Z", new RateLimits(1, 1, 0, 0, 0, 0), 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.publish(a);
        h.publish(a);
        h.publish("users.42.alarm", Priority.CRITICAL, a);
        assertEquals(List.of("a:END_OF_BATCH 1", "a:CRITICAL 3"), h.takeDelivered());
        h.advance(60, TimeUnit.SECONDS);
        assertEquals(List.of(), h.takeDelivered(), "the critical event used the next minute's budget");
        h.advance(60, TimeUnit.SECONDS);
        assertEquals(List.of("a:RATE_RELEASE 2"), h.takeDelivered());
        assertEquals(1, h.users.stats("alice").criticalBypass());
    }

    @Test
    void shouldDeadLetterWhatItCannotHoldPastItsCapacity()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:00:00Z", new RateLimits(1, 1, 0, 0, 0, 0), 16);
        final Subscription a = h.subscribe("alice", "a");
        for (int i = 0; i < 18; i++)
        {
            h.publish(a);
        }
        assertEquals(List.of("a:hold_capacity 18"), h.deadLetters);
        assertEquals(1, h.users.stats("alice").overflowDeadLettered());
    }

    @Test
    void shouldLetGoOfHeldEventsWhenTheSubscriptionGoes()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:00:00Z", new RateLimits(1, 1, 0, 0, 0, 0), 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.publish(a);
        h.publish(a);
        h.publish(a);
        h.unsubscribe(a);
        final Subscription b = h.subscribe("bob", "b"); // may reuse nothing of a's
        h.advance(10, TimeUnit.MINUTES);
        assertEquals(List.of("a:END_OF_BATCH 1"), h.takeDelivered());
        assertEquals(0, h.stage.pendingEvents(), "every held record went back to the pool");
        h.publish(b);
        assertEquals(List.of("b:END_OF_BATCH 4"), h.takeDelivered());
    }
}
