package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import com.fasterxml.jackson.databind.JsonNode;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.PublishStatus;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;

/**
 * Resume on subscribe against a real Chronicle journal: history after {@code since} replayed, then live, with no
 * gap and no duplicate while events keep arriving; gaps for a foreign epoch; a socket cut mid-stream resumed with
 * the exact seq list.
 */
class WebSocketResumeTest
{
    @TempDir
    Path dir;

    private ChronicleJournal journal;
    private RingcastEngine engine;
    private WebSocketServer server;
    private EnginePublisher publisher;
    private final List<WebSocketTestSupport.Client> clients = new ArrayList<>();
    private int nextId;

    @BeforeEach
    void start()
    {
        journal = ChronicleJournal.open(JournalConfig.defaults(dir));
        engine = RingcastEngine.start(EngineConfig.defaults(), journal, new WebSocketDelivery());
        server = WebSocketServer.builder(WebSocketConfig.defaults().withPort(0), engine).journal(journal).start();
        publisher = engine.newPublisher();
    }

    @AfterEach
    void stop()
    {
        clients.forEach(c -> c.socket.abort());
        server.close();
        engine.close();
        journal.close();
    }

    @Test
    void shouldReplayHistoryThenLiveInOrderWithoutGapOrDuplicate() throws Exception
    {
        final List<Long> expected = new ArrayList<>();
        publishMany(200, expected); // seqs 1..200, every second one on a.*
        awaitHead(200);
        final WebSocketTestSupport.Client client = connect("alice");
        final String epoch = journal.epoch();
        client.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"a.>\",\"since\":40,\"epoch\":\"" + epoch +
            "\",\"batch\":{\"max\":16,\"lingerMs\":0}}");
        publishMany(300, expected); // live while the history replays: seqs 201..500
        client.expect("subscribed");
        final List<Long> want = expected.stream().filter(s -> s > 40).collect(Collectors.toList());
        assertEquals(want, receiveUntil(client, "s1", 499));
    }

    @Test
    void shouldResumeAfterTheSocketIsCutMidStream() throws Exception
    {
        final List<Long> expected = new ArrayList<>();
        final WebSocketTestSupport.Client first = connect("bob");
        final String epoch = first.expectedEpoch;
        first.subscribe("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"a.>\",\"batch\":{\"max\":8,\"lingerMs\":0}}");
        publishMany(100, expected);
        final List<Long> before = receiveUntil(first, "s1", 49); // a.* seqs are odd: 1, 3, ..., 99
        first.socket.abort();
        await("the first connection to be gone", () -> server.connectionCount() == 0);
        publishMany(100, expected); // while nobody listens
        final long last = before.get(before.size() - 1);

        final WebSocketTestSupport.Client second = connect("bob");
        second.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"a.>\",\"since\":" + last + ",\"epoch\":\"" +
            epoch + "\"}");
        second.expect("subscribed");
        publishMany(100, expected); // and live after the resume
        final List<Long> after = receiveUntil(second, "s1", 299);

        final List<Long> all = new ArrayList<>(before);
        all.addAll(after);
        assertEquals(expected, all);
    }

    @Test
    void shouldReportGapAndGoLiveWhenTheEpochIsAnotherJournals() throws Exception
    {
        final List<Long> expected = new ArrayList<>();
        publishMany(10, expected);
        awaitHead(10);
        final WebSocketTestSupport.Client client = connect("carol");
        client.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"a.>\",\"since\":3,\"epoch\":\"not-this-one\"}");
        final long at = client.expect("subscribed").get("seq").asLong();
        final JsonNode gap = client.expect("gap");
        assertEquals(1, gap.get("from").asLong());
        assertEquals(at, gap.get("to").asLong());
        publishMany(10, expected);
        assertEquals(List.of(11L, 13L, 15L, 17L, 19L), receiveUntil(client, "s1", 19));
    }

    @Test
    void shouldReplayEverythingKeptFromSinceZero() throws Exception
    {
        final List<Long> expected = new ArrayList<>();
        publishMany(20, expected);
        awaitHead(20);
        final WebSocketTestSupport.Client client = connect("dave");
        client.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"b.>\",\"since\":0,\"filter\":\"n >= 10\"}");
        client.expect("subscribed");
        assertEquals(LongStream.of(10, 12, 14, 16, 18, 20).boxed().collect(Collectors.toList()),
            receiveUntil(client, "s1", 20));
    }

    @Test
    void shouldRefuseMalformedResumeFields() throws Exception
    {
        final WebSocketTestSupport.Client client = connect("erin");
        client.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"a.>\",\"since\":-1}");
        assertEquals("bad_since", client.expect("error").get("code").asText());
        client.send("{\"op\":\"subscribe\",\"id\":\"s2\",\"topic\":\"a.>\",\"since\":\"12\"}");
        assertEquals("bad_since", client.expect("error").get("code").asText());
        client.send("{\"op\":\"subscribe\",\"id\":\"s3\",\"topic\":\"a.>\",\"epoch\":\"x\"}");
        assertEquals("missing_field", client.expect("error").get("code").asText());
        client.send("{\"op\":\"subscribe\",\"id\":\"s4\",\"topic\":\"a.>\",\"since\":1,\"epoch\":7}");
        assertEquals("bad_epoch", client.expect("error").get("code").asText());
        client.assertUsable();
    }

    /** Publishes {@code count} events alternating a.x / b.y with attribute n = seq; records the a.* seqs. */
    private void publishMany(final int count, final List<Long> aSeqs)
    {
        for (int i = 0; i < count; i++)
        {
            final long seq = ++nextId; // one publisher, no duplicates: seq follows publish order
            final String topic = seq % 2 == 1 ? "a.x" : "b.y";
            final byte[] bytes = new Event(0, "e" + seq, "", topic, Priority.NORMAL, 1_700_000_000_000L + seq,
                Map.of("n", seq), ContentType.JSON, ("{\"n\":" + seq + "}").getBytes(StandardCharsets.UTF_8))
                .toBytes();
            PublishStatus status;
            while ((status = publisher.publish(new UnsafeBuffer(bytes), 0, bytes.length, null, 0)) ==
                PublishStatus.BUSY)
            {
                Thread.onSpinWait();
            }
            assertEquals(PublishStatus.QUEUED, status);
            if (topic.startsWith("a."))
            {
                aSeqs.add(seq);
            }
        }
    }

    private void awaitHead(final long seq)
    {
        await("journal head " + seq, () -> journal.headSeq() >= seq);
    }

    private static void await(final String what, final java.util.function.BooleanSupplier condition)
    {
        WebSocketTestSupport.await(what, condition);
    }

    private WebSocketTestSupport.Client connect(final String user) throws Exception
    {
        final WebSocketTestSupport.Client client = new WebSocketTestSupport.Client();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws?user=" + user), client)
            .get(WebSocketTestSupport.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        clients.add(client);
        final JsonNode welcome = client.expect("welcome");
        client.expectedEpoch = welcome.get("epoch").asText();
        assertEquals(journal.epoch(), client.expectedEpoch);
        return client;
    }

    /** Collects the seqs of {@code id}'s events until {@code lastSeq} arrived; fails on anything unexpected. */
    private static List<Long> receiveUntil(final WebSocketTestSupport.Client client, final String id,
        final long lastSeq) throws Exception
    {
        final List<Long> seqs = new ArrayList<>();
        long seen = 0;
        while (seen < lastSeq)
        {
            final JsonNode m = client.messages.poll(WebSocketTestSupport.TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final long got = seen;
            assertTrue(m != null && "events".equals(m.path("type").asText()), () -> "expected events after seq " +
                got + " (waiting for " + lastSeq + "), got " + m);
            assertEquals(id, m.get("id").asText());
            for (final JsonNode e : m.get("events"))
            {
                seen = e.get("seq").asLong();
                assertEquals(seen, e.get("attrs").get("n").asLong(), "attrs travel with the event");
                seqs.add(seen);
            }
        }
        assertTrue(client.messages.isEmpty() || client.messages.peek().path("type").asText().equals("events"),
            () -> "unexpected message after the events: " + client.messages.peek());
        return seqs;
    }
}
