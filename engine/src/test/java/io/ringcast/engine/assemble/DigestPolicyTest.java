package io.ringcast.engine.assemble;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.Priority;
import io.ringcast.engine.policy.DigestMode;
import io.ringcast.engine.policy.RateLimits;
import io.ringcast.engine.subscription.Subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Digests: a user's non-critical events collected per subscription and sent as one message on schedule. */
class DigestPolicyTest
{
    @Test
    void shouldSendAnHourlyDigestAtTheMinuteCappedWithTheCountOfTheRest()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:05:00Z", RateLimits.NONE, 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.preferences("alice", Prefs.builder().digest(DigestMode.HOURLY, "00:15", 2).build());
        h.publish(a);
        h.publish(a);
        h.publish(a);
        assertEquals(3, h.users.stats("alice").digested());
        h.advanceTo("2026-06-01T10:14:59Z");
        assertEquals(List.of(), h.takeDelivered());
        h.advanceTo("2026-06-01T10:15:00Z");
        assertEquals(List.of("a:DIGEST 1 2 of 3"), h.takeDelivered());
        h.publish(a);
        h.advanceTo("2026-06-01T11:15:00Z");
        assertEquals(List.of("a:DIGEST 4 of 1"), h.takeDelivered());
        h.advanceTo("2026-06-01T14:15:00Z");
        assertEquals(List.of(), h.takeDelivered(), "no empty digests");
        assertEquals(0, h.stage.pendingEvents());
    }

    @Test
    void shouldSendTheDailyDigestAtTheLocalTimeOfDay()
    {
        // 08:30 in New York (UTC-4 in June) is 12:30 UTC
        final PolicyHarness h = new PolicyHarness("2026-06-01T13:00:00Z", RateLimits.NONE, 1000);
        final Subscription a = h.subscribe("alice", "a");
        final Subscription b = h.subscribe("alice", "b");
        h.preferences("alice", Prefs.builder().zone("America/New_York").digest(DigestMode.DAILY, "08:30", 50).build());
        h.publish(a, b);
        h.advanceTo("2026-06-01T23:00:00Z");
        h.publish(a);
        h.advanceTo("2026-06-02T12:29:59Z");
        assertEquals(List.of(), h.takeDelivered());
        h.advanceTo("2026-06-02T12:30:00Z");
        assertEquals(List.of("a:DIGEST 1 2 of 2", "b:DIGEST 1 of 1"), h.takeDelivered());
    }

    @Test
    void shouldSendCriticalEventsAtOnceInDigestMode()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:00:00Z", RateLimits.NONE, 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.preferences("alice", Prefs.builder().digest(DigestMode.DAILY, "08:00", 50).build());
        h.publish(a);
        h.publish("users.42.alarm", Priority.CRITICAL, a);
        assertEquals(List.of("a:CRITICAL 2"), h.takeDelivered());
    }

    @Test
    void shouldSendWhatWasCollectedWhenTheUserLeavesDigestMode()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:00:00Z", RateLimits.NONE, 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.preferences("alice", Prefs.builder().digest(DigestMode.DAILY, "08:00", 50).build());
        h.publish(a);
        h.preferences("alice", Prefs.builder().build());
        assertEquals(List.of("a:DIGEST 1 of 1"), h.takeDelivered());
        h.publish(a);
        assertEquals(List.of("a:END_OF_BATCH 2"), h.takeDelivered());
    }
}
