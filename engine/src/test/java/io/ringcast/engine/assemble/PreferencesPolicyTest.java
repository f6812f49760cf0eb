package io.ringcast.engine.assemble;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.Priority;
import io.ringcast.engine.policy.RateLimits;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.engine.subscription.Subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A user's preferences: priority floor, enabled topics, batching, and saving them to the state log. */
class PreferencesPolicyTest
{
    @Test
    void shouldDropEventsBelowTheMinimumPriorityButNeverCriticalOnes()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:00:00Z", RateLimits.NONE, 1000);
        final Subscription a = h.subscribe("alice", "a");
        final Subscription b = h.subscribe("bob", "b");
        h.preferences("alice", Prefs.builder().minPriority(Priority.HIGH).build());
        h.publish("users.42.tasks", Priority.NORMAL, a, b);
        h.publish("users.42.tasks", Priority.HIGH, a, b);
        h.publish("users.42.tasks", Priority.CRITICAL, a);
        assertEquals(List.of("b:END_OF_BATCH 1", "a:END_OF_BATCH 2", "b:END_OF_BATCH 2", "a:CRITICAL 3"),
            h.takeDelivered());
        assertEquals(1, h.users.stats("alice").filteredPriority());
    }

    @Test
    void shouldDeliverOnlyTheEnabledTopics()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:00:00Z", RateLimits.NONE, 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.preferences("alice", Prefs.builder().topics("users.*.tasks", "users.42.billing.>").build());
        h.publish("users.42.tasks", Priority.NORMAL, a);
        h.publish("users.42.habits", Priority.NORMAL, a);
        h.publish("users.42.billing", Priority.NORMAL, a);
        h.publish("users.42.billing.due", Priority.NORMAL, a);
        assertEquals(List.of("a:END_OF_BATCH 1", "a:END_OF_BATCH 4"), h.takeDelivered());
        assertEquals(2, h.users.stats("alice").filteredTopic());
    }

    @Test
    void shouldApplyTheUsersBatchingToEverySubscriptionOfTheUser()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:00:00Z", RateLimits.NONE, 1000);
        final Subscription a = h.subscribe("alice#s1", "a");
        h.preferences("alice", Prefs.builder().batch(BatchPolicy.ofMillis(2, 60_000)).build());
        h.publish(a);
        assertEquals(List.of(), h.takeDelivered(), "linger 60 s from the user's preferences");
        h.publish(a);
        assertEquals(List.of("a:SIZE 1 2"), h.takeDelivered());
        h.publish(a);
        h.advance(60, TimeUnit.SECONDS);
        assertEquals(List.of("a:LINGER 3"), h.takeDelivered());
    }

    @Test
    void shouldSavePreferencesOnlyOnceAppliedAndSayWhenTheySaveFailed()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T10:00:00Z", RateLimits.NONE, 1000);
        h.preferences("alice", Prefs.builder().maxPerHour(5).build(), "{\"type\":\"preferences\"}");
        assertEquals(List.of("{\"type\":\"preferences\"}"), h.saved);
        h.failSaves = true;
        h.preferences("alice", Prefs.builder().maxPerHour(6).build(), "{\"type\":\"preferences\"}");
        assertEquals(List.of(CommandStatus.OK, CommandStatus.NOT_SAVED), h.answers);
        assertEquals(6, h.users.preferences("alice").maxPerHour(), "applied though not saved");
        h.preferences("alice", null);
        assertNull(h.users.preferences("alice"));
    }
}
