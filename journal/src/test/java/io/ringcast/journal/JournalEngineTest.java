package io.ringcast.journal;

import static io.ringcast.journal.JournalFixtures.T0;
import static io.ringcast.journal.JournalFixtures.event;
import static io.ringcast.journal.JournalFixtures.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.delivery.RecordingDelivery;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.PublishStatus;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.Subscription;

/** The real engine on the Chronicle journal: what is ACKed and delivered is in the journal, and seq survives. */
class JournalEngineTest
{
    private static final int EVENTS = 2_000;

    @TempDir
    Path tmp;

    private static List<Event> publish(final RingcastEngine engine, final Acks acks, final long firstId, final int n)
    {
        final EnginePublisher publisher = engine.newPublisher();
        final List<Event> sent = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            final String topic = i % 4 == 0 ? "users.42.tasks" : "models.m" + (i % 3) + ".gpt-x";
            final Event unique = event(firstId + i, T0 + i, topic).withSeq(0); // ids differ: no dedup
            final byte[] bytes = unique.toBytes();
            assertEquals(PublishStatus.QUEUED, publisher.publish(new UnsafeBuffer(bytes), 0, bytes.length, acks, i));
            sent.add(unique);
        }
        return sent;
    }

    @Test
    void shouldHoldEveryAckedAndDeliveredEventAndContinueSeqAfterRestart() throws Exception
    {
        final JournalConfig config = JournalConfig.defaults(tmp.resolve("data"));
        final RecordingDelivery delivery = new RecordingDelivery();
        final Acks acks = new Acks();
        final List<Event> sent;
        try (ChronicleJournal journal = ChronicleJournal.open(config))
        {
            try (RingcastEngine engine = RingcastEngine.start(EngineConfig.defaults(), journal, delivery))
            {
                engine.subscribe(new Subscription("c1", "s1", TopicPattern.parse("models.>"), null,
                    new BatchPolicy(100, 0), 0), (kind, client, id, status, seq) -> { });
                sent = publish(engine, acks, 0, EVENTS);
                final List<Long> acked = acks.await(EVENTS);
                final int expectedDeliveries = (int)sent.stream().filter(e -> e.topic().startsWith("models.")).count();
                delivery.await(() -> delivery.eventsFor("c1", "s1").size() == expectedDeliveries, Duration.ofSeconds(10),
                    "deliveries");

                final Map<Long, Event> journaled;
                try (JournalReader reader = journal.newReader())
                {
                    journaled = readAll(reader).stream().collect(Collectors.toMap(Event::seq, Function.identity()));
                }
                assertEquals(EVENTS, journaled.size());
                for (int i = 0; i < EVENTS; i++)
                {
                    final long seq = acked.get(i);
                    assertEquals(i + 1, seq, "ACKs arrive in ring order from an empty journal");
                    assertEquals(sent.get(i).withSeq(seq), journaled.get(seq));
                }
                for (final Event delivered : delivery.eventsFor("c1", "s1"))
                {
                    assertEquals(delivered, journaled.get(delivered.seq()));
                }
            }
        }

        final Acks more = new Acks();
        try (ChronicleJournal journal = ChronicleJournal.open(config);
            RingcastEngine engine = RingcastEngine.start(EngineConfig.defaults(), journal, new RecordingDelivery()))
        {
            assertEquals(EVENTS, journal.headSeq());
            publish(engine, more, EVENTS, 3);
            assertEquals(List.of(EVENTS + 1L, EVENTS + 2L, EVENTS + 3L), more.await(3));
            assertEquals(EVENTS + 3L, journal.headSeq());
        }
    }
}
