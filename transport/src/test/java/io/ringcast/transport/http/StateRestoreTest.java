package io.ringcast.transport.http;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.Priority;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.transport.ws.WebSocketDelivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Replaying state records: the last word about each user and subscription wins, bad records are reported. */
class StateRestoreTest
{
    @Test
    void shouldApplyTheStateTheRecordsEndInAndReportWhatItSkipped()
    {
        final Preferences high = PreferencesJson.parse("{\"minPriority\":\"high\"}");
        final Preferences critical = PreferencesJson.parse("{\"minPriority\":\"critical\",\"timeZone\":\"Asia/Tokyo\"}");
        final ServerSubscriptionJson.Request sub = new ServerSubscriptionJson.Request("42",
            TopicPattern.parse("users.42.>"), null, BatchPolicy.ofMillis(5, 10), null);
        final List<String> records = List.of(
            ServerSubscriptionJson.preferencesRecord("42", high),
            ServerSubscriptionJson.preferencesRecord("7", high),
            ServerSubscriptionJson.subscriptionRecord("srv-1", sub, 1000),
            ServerSubscriptionJson.subscriptionRecord("srv-2", sub, 2000),
            "{\"type\":\"teleport\",\"user\":\"42\"}",
            ServerSubscriptionJson.clearedRecord("7"),
            ServerSubscriptionJson.deletedRecord("42", "srv-1"),
            ServerSubscriptionJson.preferencesRecord("42", critical),
            "not json");
        try (RingcastEngine engine = RingcastEngine.start(EngineConfig.defaults(), new InMemoryJournal(),
            new WebSocketDelivery()))
        {
            final StateRestore.Result result = StateRestore.restore(engine, records);
            assertEquals("restored 1 preferences and 1 server-side subscriptions from the state log (9 records); " +
                "2 problems", result.summary());
            assertTrue(result.problems().get(0).startsWith("state record 5 skipped: unknown state record type " +
                "'teleport'"), result.problems().toString());
            assertTrue(result.problems().get(1).startsWith("state record 9 skipped: not valid JSON"),
                result.problems().toString());

            assertEquals(Priority.CRITICAL, engine.userPolicies().preferences("42").minPriority());
            assertEquals("Asia/Tokyo", engine.userPolicies().preferences("42").zone().getId());
            assertNull(engine.userPolicies().preferences("7"), "cleared after it was set");
            assertNull(engine.registry().find("42", "srv-1"), "deleted after it was created");
            final Subscription kept = engine.registry().find("42", "srv-2");
            assertNotNull(kept);
            assertTrue(kept.durable());
            assertEquals(5, kept.batch().maxSize());
        }
    }

    @Test
    void shouldRestoreNothingFromAnEmptyLog()
    {
        try (RingcastEngine engine = RingcastEngine.start(EngineConfig.defaults(), new InMemoryJournal(),
            new WebSocketDelivery()))
        {
            assertEquals("restored 0 preferences and 0 server-side subscriptions from the state log (0 records)",
                StateRestore.restore(engine, List.of()).summary());
        }
    }
}
