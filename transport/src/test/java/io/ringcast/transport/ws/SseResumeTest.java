package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;

/**
 * {@code Last-Event-ID} resume of an SSE stream against a real Chronicle journal: the exact continuation after a
 * cut, history then live while events keep arriving, the bare-seq and query-parameter forms, and a gap for an id
 * of another epoch.
 */
class SseResumeTest
{
    @TempDir
    Path dir;

    private ChronicleJournal journal;
    private RingcastEngine engine;
    private WebSocketServer server;
    private EnginePublisher publisher;
    private final List<SseStreamTest.SseClient> clients = new ArrayList<>();
    private long published;

    @BeforeEach
    void start()
    {
        journal = ChronicleJournal.open(JournalConfig.defaults(dir));
        engine = RingcastEngine.start(EngineConfig.defaults(), journal, new WebSocketDelivery());
        server = WebSocketServer.builder(WebSocketConfig.defaults().withPort(0), engine).journal(journal).start();
        publisher = engine.newPublisher();
    }

    @AfterEach
    void stop() throws IOException
    {
        for (final SseStreamTest.SseClient c : clients)
        {
            c.close();
        }
        server.close();
        engine.close();
        journal.close();
    }

    @Test
    void shouldContinueExactlyAfterTheLastEventIdWhenReconnecting() throws Exception
    {
        final List<Long> expected = new ArrayList<>();
        final SseStreamTest.SseClient first = open("/sse?user=bob&topic=a.>&batchMax=8&lingerMs=0");
        final String epoch = first.next().json().get("epoch").asText();
        assertEquals(journal.epoch(), epoch);
        publishMany(100, expected); // a.* seqs are odd: 1, 3, ..., 99
        final List<String> ids = new ArrayList<>();
        final List<Long> before = receiveUntil(first, 49, ids);
        first.close();
        WebSocketTestSupport.await("the first stream's subscription to go", () -> engine.registry().size() == 0);
        publishMany(100, expected); // while nobody listens

        final SseStreamTest.SseClient second = open("/sse?user=bob&topic=a.>", "Last-Event-ID: " +
            ids.get(ids.size() - 1));
        assertEquals("welcome", second.next().event);
        publishMany(100, expected); // and live after the resume
        final List<Long> after = receiveUntil(second, 299, new ArrayList<>());

        final List<Long> all = new ArrayList<>(before);
        all.addAll(after);
        assertEquals(expected, all);
    }

    @Test
    void shouldReplayHistoryThenLiveWithoutGapOrDuplicate() throws Exception
    {
        final List<Long> expected = new ArrayList<>();
        publishMany(200, expected);
        awaitHead(200);
        final SseStreamTest.SseClient client = open("/sse?topic=a.>&batchMax=16&lingerMs=0",
            "Last-Event-ID: 40@" + journal.epoch());
        publishMany(300, expected); // live while the history replays
        assertEquals("welcome", client.next().event);
        assertEquals(expected.stream().filter(s -> s > 40).collect(Collectors.toList()),
            receiveUntil(client, 499, new ArrayList<>()));
    }

    @Test
    void shouldResumeFromABareSeqAndPreferTheHeaderToTheParameter() throws Exception
    {
        final List<Long> expected = new ArrayList<>();
        publishMany(20, expected);
        awaitHead(20);
        final SseStreamTest.SseClient bare = open("/sse?topic=a.>&lastEventId=10");
        bare.next();
        assertEquals(List.of(11L, 13L, 15L, 17L, 19L), receiveUntil(bare, 19, new ArrayList<>()));
        final SseStreamTest.SseClient both = open("/sse?topic=a.>&lastEventId=10", "Last-Event-ID: 15");
        both.next();
        assertEquals(List.of(17L, 19L), receiveUntil(both, 19, new ArrayList<>()));
    }

    @Test
    void shouldSendGapThenGoLiveForAnIdOfAnotherEpoch() throws Exception
    {
        final List<Long> expected = new ArrayList<>();
        publishMany(10, expected);
        awaitHead(10);
        final SseStreamTest.SseClient client = open("/sse?topic=a.>", "Last-Event-ID: 3@not-this-one");
        final long at = client.next().json().get("seq").asLong();
        final SseStreamTest.SseRecord gap = client.next();
        assertEquals("gap", gap.event);
        assertNull(gap.id, "a gap does not move the client's position");
        final JsonNode range = gap.json();
        assertEquals(1, range.get("from").asLong());
        assertEquals(at, range.get("to").asLong());
        publishMany(10, expected);
        assertEquals(List.of(11L, 13L, 15L, 17L, 19L), receiveUntil(client, 19, new ArrayList<>()));
    }

    /** Publishes {@code count} events alternating a.x / b.y with attribute n = seq; records the a.* seqs. */
    private void publishMany(final int count, final List<Long> aSeqs)
    {
        for (int i = 0; i < count; i++)
        {
            final long seq = ++published; // one publisher, no duplicates: seq follows publish order
            final String topic = seq % 2 == 1 ? "a.x" : "b.y";
            SseStreamTest.publish(publisher, topic, Map.of("n", seq), "{\"n\":" + seq + "}");
            if (topic.startsWith("a."))
            {
                aSeqs.add(seq);
            }
        }
    }

    private void awaitHead(final long seq)
    {
        WebSocketTestSupport.await("journal head " + seq, () -> journal.headSeq() >= seq);
    }

    private SseStreamTest.SseClient open(final String target, final String... headers) throws IOException
    {
        final SseStreamTest.SseClient client = SseStreamTest.SseClient.get(server.port(), target, headers);
        clients.add(client);
        assertEquals(200, client.status, () -> "refused: " + client.body());
        return client;
    }

    /** Collects event seqs until {@code lastSeq}, checking each record's id and attributes; collects the ids. */
    private List<Long> receiveUntil(final SseStreamTest.SseClient client, final long lastSeq, final List<String> ids)
        throws IOException
    {
        final List<Long> seqs = new ArrayList<>();
        long seen = 0;
        while (seen < lastSeq)
        {
            final SseStreamTest.SseRecord r = client.next();
            assertTrue(r != null && "event".equals(r.event), () -> "expected an event record, got " + r);
            final JsonNode e = r.json();
            seen = e.get("seq").asLong();
            assertEquals(seen + "@" + journal.epoch(), r.id);
            assertEquals(seen, e.get("attrs").get("n").asLong(), "attrs travel with the event");
            seqs.add(seen);
            ids.add(r.id);
        }
        return seqs;
    }
}
