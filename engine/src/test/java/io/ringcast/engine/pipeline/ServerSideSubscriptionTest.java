package io.ringcast.engine.pipeline;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.ringcast.engine.delivery.RecordingDelivery;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.engine.subscription.Subscription;

import static io.ringcast.engine.pipeline.EngineFixture.event;
import static io.ringcast.engine.pipeline.EngineFixture.publish;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A server-side subscription belongs to its user, not to a connection: a connection with the same client id closing,
 * unsubscribing or pausing by its id leaves it alone, idle expiry passes it by; the server-side API removes it.
 */
class ServerSideSubscriptionTest
{
    @Test
    void shouldKeepAServerSideSubscriptionAgainstEverythingButTheServerSideApi() throws Exception
    {
        final RecordingDelivery delivery = new RecordingDelivery();
        final EngineConfig config = EngineConfig.builder().idleExpiry(Duration.ofMillis(1), Duration.ofMillis(1))
            .build();
        try (RingcastEngine engine = RingcastEngine.start(config, new InMemoryJournal(1 << 20, 1 << 16, 0,
            config.codecLimits()), delivery))
        {
            final CommandRecorder commands = new CommandRecorder();
            engine.subscribe(new Subscription("alice", "srv-1", TopicPattern.parse("users.>"), null,
                new BatchPolicy(10, 0), 0, true, null), "{\"type\":\"subscription\"}", commands);
            assertEquals(CommandStatus.OK, commands.awaitResult(0).status());
            engine.unsubscribe("alice", "srv-1", commands);
            assertEquals(CommandStatus.UNKNOWN_SUBSCRIPTION, commands.awaitResult(1).status(),
                "a connection named alice cannot remove it");
            engine.pause("alice", "srv-1", commands);
            assertEquals(CommandStatus.UNKNOWN_SUBSCRIPTION, commands.awaitResult(2).status());
            engine.unsubscribeClient("alice", commands);
            commands.awaitResult(3);
            Thread.sleep(20); // several idle-expiry rounds (1 ms idle, checked every 1 ms)
            final AckRecorder acks = new AckRecorder();
            publish(engine.newPublisher(), event("e1", "users.alice.tasks"), acks, 1);
            delivery.await(() -> delivery.eventsFor("alice", "srv-1").size() == 1, Duration.ofSeconds(10),
                "the event on the server-side subscription");

            engine.unsubscribe("alice", "srv-1", "{\"type\":\"subscription-deleted\"}", commands);
            assertEquals(CommandStatus.OK, commands.awaitResult(4).status(), "the server-side API removes it");
            assertEquals(0, engine.registry().size());
        }
    }
}
