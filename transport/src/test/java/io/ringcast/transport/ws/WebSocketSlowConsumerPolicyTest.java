package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.PublishStatus;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.journal.JournalConfig;
import io.ringcast.journal.deadletter.DeadLetter;
import io.ringcast.journal.deadletter.DeadLetterQuery;
import io.ringcast.journal.deadletter.DeadLetterReason;
import io.ringcast.journal.deadletter.DeadLetterStore;

/**
 * The drop-oldest and dead-letter slow-consumer policies with a subscriber that stops reading: every event is
 * accounted for, either received in order, or reported in a {@code gap} (drop-oldest), or stored as a dead letter.
 */
class WebSocketSlowConsumerPolicyTest
{
    private static final int EVENTS = 2_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path dir;

    private final WebSocketDelivery delivery = new WebSocketDelivery();
    private final InMemoryJournal journal = new InMemoryJournal();
    private RingcastEngine engine;
    private WebSocketServer server;
    private DeadLetterStore deadLetters;

    @AfterEach
    void stop()
    {
        server.close();
        engine.close();
        if (deadLetters != null)
        {
            deadLetters.close();
        }
    }

    @Test
    void shouldDropTheOldestAndReportTheGapWhenTheSubscriberReadsAgain() throws Exception
    {
        start(SlowConsumerPolicy.DROP_OLDEST);
        try (RawWebSocket slow = subscribeSlowly())
        {
            publish(EVENTS);
            WebSocketTestSupport.await("every batch handed over",
                () -> delivery.framesWritten() + delivery.backloggedFrames() == EVENTS);
            assertTrue(delivery.backloggedFrames() > 0, "the subscriber fell behind");

            final TreeSet<Long> accounted = new TreeSet<>();
            long last = 0;
            int gaps = 0;
            while (last < EVENTS)
            {
                final JsonNode m = MAPPER.readTree(slow.readText());
                if ("gap".equals(m.get("type").asText()))
                {
                    assertEquals("slow_consumer", m.get("reason").asText());
                    assertTrue(m.get("from").asLong() > last, "a gap is about events not received yet: " + m);
                    for (long s = m.get("from").asLong(); s <= m.get("to").asLong(); s++)
                    {
                        assertTrue(accounted.add(s), "seq " + s + " reported twice");
                    }
                    gaps++;
                    continue;
                }
                assertEquals("events", m.get("type").asText(), m::toString);
                for (final JsonNode e : m.get("events"))
                {
                    final long seq = e.get("seq").asLong();
                    assertTrue(seq > last, "in order: " + seq + " after " + last);
                    assertTrue(accounted.add(seq), "seq " + seq + " received twice or also reported missing");
                    last = seq;
                }
            }
            assertTrue(gaps > 0, "something was dropped");
            assertEquals(EVENTS, accounted.size(), "every seq received or reported missing");
            assertEquals(EVENTS, (long)accounted.last(), "the newest events are the ones kept");
        }
    }

    @Test
    void shouldDeadLetterWhatTheSubscriberCannotTakeAndDeliverTheRest() throws Exception
    {
        deadLetters = DeadLetterStore.open(dir, JournalConfig.DEFAULT_ROLL_CYCLE, Duration.ofDays(1),
            Clock.systemUTC());
        start(SlowConsumerPolicy.DEAD_LETTER);
        try (RawWebSocket slow = subscribeSlowly())
        {
            publish(EVENTS);
            WebSocketTestSupport.await(() -> "every batch handed over: " + delivery.framesWritten() + " written, " +
                delivery.slowConsumerDeadLettered() + " dead-lettered, " + delivery.slowConsumerDisconnects() +
                " disconnects, engine delivered " + engine.metrics().eventsDelivered.get(),
                () -> delivery.framesWritten() + delivery.slowConsumerDeadLettered() == EVENTS);
            final long lettered = delivery.slowConsumerDeadLettered();
            assertTrue(lettered > 0, "the subscriber fell behind");
            WebSocketTestSupport.await("the dead letters written", () -> deadLetters.size() == lettered);

            final TreeSet<Long> accounted = new TreeSet<>();
            for (int page = 0; accounted.size() < lettered; page++)
            {
                final List<DeadLetter> letters = deadLetters.list(DeadLetterQuery.all().withPage(page,
                    DeadLetterQuery.MAX_PAGE_SIZE)).letters();
                assertFalse(letters.isEmpty(), "page " + page + " of the dead letters is empty");
                for (final DeadLetter letter : letters)
                {
                    assertEquals(DeadLetterReason.SLOW_CONSUMER, letter.reason());
                    assertEquals("s", letter.subscriptionId());
                    assertEquals("slow", letter.clientId());
                    assertTrue(accounted.add(letter.seq()), "seq " + letter.seq() + " dead-lettered twice");
                }
            }
            long received = 0;
            final List<Long> seqs = new ArrayList<>();
            while (received < EVENTS - lettered)
            {
                final JsonNode m = MAPPER.readTree(slow.readText());
                assertEquals("events", m.get("type").asText(), m::toString);
                for (final JsonNode e : m.get("events"))
                {
                    seqs.add(e.get("seq").asLong());
                    received++;
                }
            }
            for (final long seq : seqs)
            {
                assertFalse(accounted.contains(seq), "seq " + seq + " both delivered and dead-lettered");
            }
            assertEquals(EVENTS - lettered, seqs.size());
            assertEquals(seqs.stream().sorted().toList(), seqs, "delivered in order");
        }
    }

    private void start(final SlowConsumerPolicy policy)
    {
        engine = RingcastEngine.start(EngineConfig.defaults(), journal, delivery);
        final WebSocketServer.Builder builder = WebSocketServer.builder(WebSocketConfig.defaults().withPort(0)
            .withWriteWaterMarks(8 * 1024, 16 * 1024).withSendBufferBytes(4096)
            .withSlowConsumer(policy, 32 * 1024), engine);
        server = (deadLetters == null ? builder : builder.deadLetters(deadLetters)).start();
    }

    private RawWebSocket subscribeSlowly() throws Exception
    {
        final RawWebSocket slow = RawWebSocket.connect(server.port(), "slow", 4096);
        slow.sendText("{\"op\":\"subscribe\",\"id\":\"s\",\"topic\":\"load\",\"batch\":{\"max\":1,\"lingerMs\":0}}");
        assertTrue(slow.readText().contains("\"welcome\""));
        assertTrue(slow.readText().contains("\"subscribed\""));
        return slow;
    }

    private void publish(final int count)
    {
        final EnginePublisher publisher = engine.newPublisher();
        final byte[] data = ("\"" + "x".repeat(1000) + "\"").getBytes(StandardCharsets.UTF_8);
        for (int i = 1; i <= count; i++)
        {
            final byte[] bytes = new Event(0, "e" + i, "", "load", Priority.NORMAL, 1_700_000_000_000L + i,
                Map.of(), ContentType.JSON, data).toBytes();
            while (publisher.publish(new UnsafeBuffer(bytes), 0, bytes.length, null, 0) == PublishStatus.BUSY)
            {
                Thread.onSpinWait();
            }
        }
    }
}
