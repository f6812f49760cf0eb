package io.ringcast.journal.deadletter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.assemble.Batch;
import io.ringcast.engine.delivery.RecordingDelivery;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.event.PublishCallback;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Re-drive through a real engine, journal and dead-letter store. */
class RedriverTest
{
    @TempDir
    Path dir;

    @Test
    void shouldDeliverTheLettersEventAgainOnceAndMarkIt() throws Exception
    {
        final RecordingDelivery delivery = new RecordingDelivery();
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(dir));
             DeadLetterStore store = DeadLetterStore.open(dir, "HOURLY", Duration.ofDays(7), Clock.systemUTC());
             RingcastEngine engine = RingcastEngine.start(EngineConfig.defaults(), journal, delivery))
        {
            engine.subscribe(new Subscription("c1", "s1", TopicPattern.parse("models.>"), null,
                BatchPolicy.ofMillis(100, 0), 0), null);
            publish(engine.newPublisher(), 3);
            delivery.await(() -> delivery.eventsFor("c1", "s1").size() == 3, Duration.ofSeconds(10), "3 events");

            final DeadLetter letter = store.add("s1", "c1", 2, DeadLetterReason.SLOW_CONSUMER, 1, 1000, 1000, "queue full");
            final Redriver redriver = new Redriver(store, journal, engine);
            final int before = delivery.batches().size(); // the 3 events came in one to three batches
            final DeadLetter marked = redriver.redrive(letter.id());

            assertTrue(marked.redriven());
            delivery.await(() -> delivery.batches().size() == before + 1, Duration.ofSeconds(10), "the re-drive");
            final RecordingDelivery.Delivered again = delivery.batches().get(before);
            assertEquals(Batch.Trigger.REDRIVE, again.trigger());
            assertEquals(List.of(2L), again.events().stream().map(Event::seq).toList());
            final IllegalStateException twice = assertThrows(IllegalStateException.class,
                () -> redriver.redrive(letter.id()));
            assertTrue(twice.getMessage().contains("already re-driven"), twice.getMessage());

            final DeadLetter orphan = store.add("gone", "c1", 2, DeadLetterReason.TIMEOUT, 3, 1000, 2000, "timeout");
            final IllegalStateException unknown = assertThrows(IllegalStateException.class,
                () -> redriver.redrive(orphan.id()));
            assertTrue(unknown.getMessage().contains("no subscription"), unknown.getMessage());
            assertTrue(!store.get(orphan.id()).orElseThrow().redriven(), "a failed re-drive leaves the letter as it was");

            final DeadLetter lost = store.add("s1", "c1", 999, DeadLetterReason.TIMEOUT, 3, 1000, 2000, "timeout");
            final NoSuchElementException missing = assertThrows(NoSuchElementException.class,
                () -> redriver.redrive(lost.id()));
            assertTrue(missing.getMessage().contains("no longer in the journal"), missing.getMessage());
            assertThrows(NoSuchElementException.class, () -> redriver.redrive(12345));
        }
    }

    private static void publish(final EnginePublisher publisher, final int count) throws InterruptedException
    {
        final CountDownLatch acked = new CountDownLatch(count);
        final PublishCallback callback = new PublishCallback()
        {
            @Override
            public void onAccepted(final long correlationId, final long seq)
            {
                acked.countDown();
            }

            @Override
            public void onDuplicate(final long correlationId, final long originalSeq)
            {
            }

            @Override
            public void onFailed(final long correlationId, final String reason)
            {
            }
        };
        for (int i = 1; i <= count; i++)
        {
            final byte[] bytes = new Event(0, "e" + i, "", "models.x", Priority.NORMAL, i, Map.of(),
                ContentType.JSON, "{}".getBytes(StandardCharsets.UTF_8)).toBytes();
            publisher.publish(new UnsafeBuffer(bytes), 0, bytes.length, callback, i);
        }
        assertTrue(acked.await(10, TimeUnit.SECONDS));
    }
}
