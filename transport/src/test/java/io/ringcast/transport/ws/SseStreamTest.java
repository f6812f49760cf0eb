package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.PublishStatus;
import io.ringcast.engine.pipeline.RingcastEngine;

/**
 * {@code GET /sse} on loopback with a raw HTTP client: the stream's headers and records, topic and filter
 * matching, payloads with newlines, refusals, heartbeats, and what closing either side does. Also holds the
 * {@link SseClient} the other SSE tests use.
 */
class SseStreamTest
{
    private static final AtomicLong EVENT_IDS = new AtomicLong();
    private static final int CHUNK = 20;
    private static final int MAX_CHUNKS = 2_000;

    private final InMemoryJournal journal = new InMemoryJournal();
    private final WebSocketDelivery delivery = new WebSocketDelivery();
    private RingcastEngine engine;
    private WebSocketServer server;
    private EnginePublisher publisher;
    private final List<SseClient> clients = new ArrayList<>();

    @BeforeEach
    void start()
    {
        engine = RingcastEngine.start(EngineConfig.defaults(), journal, delivery);
        server = WebSocketServer.builder(WebSocketConfig.defaults().withPort(0).withHeartbeatMillis(100), engine)
            .headSeq(journal::headSeq).epoch(() -> "epoch-1").start();
        publisher = engine.newPublisher();
    }

    @AfterEach
    void stop() throws IOException
    {
        for (final SseClient c : clients)
        {
            c.close();
        }
        server.close();
        engine.close();
    }

    @Test
    void shouldStreamMatchingEventsAsSseRecords() throws Exception
    {
        final SseClient client = open("/sse?user=ann&topic=models.>&filter=" + encode("severity == \"high\""));
        assertEquals(200, client.status);
        assertEquals("text/event-stream", client.headers.get("content-type"));
        assertEquals("no-cache", client.headers.get("cache-control"));
        assertEquals("chunked", client.headers.get("transfer-encoding"));
        final SseRecord welcome = client.next();
        assertEquals("3000", welcome.retry);
        assertEquals("welcome", welcome.event);
        final JsonNode w = welcome.json();
        assertEquals("sse", w.get("id").asText());
        assertEquals("ann", w.get("client").asText());
        assertEquals("epoch-1", w.get("epoch").asText());

        publish(publisher, "models.a", Map.of("severity", "high"), "{\"n\":1}");
        publish(publisher, "models.b", Map.of("severity", "low"), "{\"n\":2}");
        publish(publisher, "users.1", Map.of("severity", "high"), "{\"n\":3}");
        publish(publisher, "models.c", Map.of("severity", "high"), "{\"n\":4}");

        final SseRecord first = client.next();
        assertEquals("event", first.event);
        assertEquals("1@epoch-1", first.id);
        assertEquals(1, first.data.size(), "one data line per event");
        assertEquals("models.a", first.json().get("topic").asText());
        assertEquals(1, first.json().get("data").get("n").asInt());
        final SseRecord second = client.next();
        assertEquals("4@epoch-1", second.id);
        assertEquals("models.c", second.json().get("topic").asText());
    }

    @Test
    void shouldSendPayloadWithNewlinesOnOneDataLine() throws Exception
    {
        final SseClient client = open("/sse?topic=t.>&batchMax=10&lingerMs=0");
        client.next();
        publish(publisher, "t.x", Map.of(), "{\n  \"a\": 1,\r\n  \"b\": [1,\r2]\n}\n");
        publish(publisher, "t.y", Map.of(), "{\"plain\":true}");
        final SseRecord record = client.next();
        assertEquals(1, record.data.size(), () -> "data lines " + record.data);
        final JsonNode data = record.json().get("data");
        assertEquals(1, data.get("a").asInt());
        assertEquals(2, data.get("b").get(1).asInt());
        assertTrue(client.next().json().get("data").get("plain").asBoolean());
    }

    @Test
    void shouldRefuseBadRequestsWithPreciseMessage() throws Exception
    {
        assertRefused(400, "missing_field: 'topic' is required", "/sse?filter=x");
        assertRefused(400, "bad_topic: ", "/sse?topic=a..b");
        assertRefused(400, "bad_filter: column ", "/sse?topic=a&filter=" + encode("severity =="));
        assertRefused(400, "bad_filter: 'filter' starts with '{' but is not valid JSON", "/sse?topic=a&filter=%7B");
        assertRefused(400, "bad_batch: 'batchMax' must be an integer, was 'lots'", "/sse?topic=a&batchMax=lots");
        assertRefused(400, "bad_batch: batch max must be in 1..", "/sse?topic=a&batchMax=0");
        assertRefused(400, "bad_request: 'topic' is given 2 times", "/sse?topic=a&topic=b");
        assertRefused(400, "bad_last_event_id: Last-Event-ID must be '<seq>@<epoch>'", "/sse?topic=a",
            "Last-Event-ID: yesterday");
        assertRefused(400, "bad_last_event_id: lastEventId must be", "/sse?topic=a&lastEventId=-4");
        assertRefused(400, "not_supported: 'mode'", "/sse?topic=a&mode=digest");
        final SseClient post = SseClient.request(server.port(), "POST", "/sse?topic=a");
        clients.add(post);
        assertEquals(405, post.status);
        assertEquals("GET", post.headers.get("allow"));
        assertEquals(0, engine.registry().size());
    }

    @Test
    void shouldUnsubscribeAndReleaseTheUserWhenTheClientDisconnects() throws Exception
    {
        final SseClient client = open("/sse?user=bob&topic=a.>");
        client.next();
        assertEquals(1, engine.registry().size());
        assertRefused(409, "conflict: user 'bob' is already connected", "/sse?user=bob&topic=a.>");

        client.close();
        WebSocketTestSupport.await("the subscription to be removed", () -> engine.registry().size() == 0);
        WebSocketTestSupport.await("the connection to close", () -> server.connectionCount() == 0);
        final SseClient again = open("/sse?user=bob&topic=a.>");
        assertEquals("welcome", again.next().event);
    }

    @Test
    void shouldSendPingCommentsWhileIdle() throws Exception
    {
        final SseClient client = open("/sse?topic=a.>");
        client.next();
        final SseRecord ping = client.nextIncludingComments();
        assertEquals(List.of(" ping"), ping.comments);
        assertNull(ping.event);
    }

    @Test
    void shouldEndTheStreamCleanlyWhenTheServerCloses() throws Exception
    {
        final SseClient client = open("/sse?topic=a.>");
        client.next();
        server.close();
        assertNull(client.next());
        assertTrue(client.endedCleanly, "the chunked body ends with its last chunk");
    }

    @Test
    void shouldRefuseOverTheConnectionLimit() throws Exception
    {
        try (WebSocketServer small = WebSocketServer.builder(
            WebSocketConfig.defaults().withPort(0).withMaxConnections(1), engine).start())
        {
            final SseClient first = SseClient.get(small.port(), "/sse?topic=a");
            clients.add(first);
            assertEquals("welcome", first.next().event);
            final SseClient second = SseClient.get(small.port(), "/sse?topic=a");
            clients.add(second);
            assertEquals(503, second.status);
            final String body = second.body();
            assertTrue(body.startsWith("too_many_connections: "), body);
        }
    }

    @Test
    void shouldDisconnectAStreamThatStopsReading() throws Exception
    {
        try (WebSocketServer tight = WebSocketServer.builder(WebSocketConfig.defaults().withPort(0)
            .withWriteWaterMarks(16 * 1024, 32 * 1024).withSendBufferBytes(8192), engine).start())
        {
            final SseClient slow = new SseClient(tight.port(), "GET", "/sse?user=slow&topic=load", 4096);
            clients.add(slow);
            assertEquals("welcome", slow.next().event);
            final String payload = "\"" + "x".repeat(1000) + "\"";
            for (int chunk = 0; chunk < MAX_CHUNKS && delivery.slowConsumerDisconnects() == 0; chunk++)
            {
                for (int i = 0; i < CHUNK; i++)
                {
                    publish(publisher, "load", Map.of(), payload);
                }
            }
            assertEquals(1, delivery.slowConsumerDisconnects());
            WebSocketTestSupport.await("the slow stream unsubscribed", () -> engine.registry().size() == 0);
            WebSocketTestSupport.await("the slow stream closed", () -> tight.connectionCount() == 0);
        }
    }

    private SseClient open(final String target, final String... headers) throws IOException
    {
        final SseClient client = SseClient.get(server.port(), target, headers);
        clients.add(client);
        assertEquals(200, client.status, () -> "refused: " + client.body());
        return client;
    }

    private void assertRefused(final int status, final String bodyStart, final String target,
        final String... headers) throws IOException
    {
        try (SseClient client = SseClient.get(server.port(), target, headers))
        {
            assertEquals(status, client.status, target);
            assertEquals("text/plain; charset=utf-8", client.headers.get("content-type"));
            final String body = client.body();
            assertTrue(body.startsWith(bodyStart), () -> target + " answered " + body);
        }
    }

    static String encode(final String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** Publishes one event with a JSON payload through {@code publisher}, waiting while the ring is full. */
    static void publish(final EnginePublisher publisher, final String topic, final Map<String, Object> attrs,
        final String json)
    {
        final byte[] bytes = new Event(0, "e" + EVENT_IDS.incrementAndGet(), "", topic, Priority.NORMAL,
            1_700_000_000_000L, attrs, ContentType.JSON, json.getBytes(StandardCharsets.UTF_8)).toBytes();
        PublishStatus status;
        while ((status = publisher.publish(new UnsafeBuffer(bytes), 0, bytes.length, null, 0)) == PublishStatus.BUSY)
        {
            Thread.onSpinWait();
        }
        assertEquals(PublishStatus.QUEUED, status);
    }

    /** One SSE record: its fields as sent (null when absent), its data lines and its comment lines. */
    static final class SseRecord
    {
        String event;
        String id;
        String retry;
        final List<String> data = new ArrayList<>();
        final List<String> comments = new ArrayList<>();

        JsonNode json() throws IOException
        {
            return WebSocketTestSupport.MAPPER.readTree(String.join("\n", data));
        }

        @Override
        public String toString()
        {
            return "event=" + event + " id=" + id + " data=" + data + " comments=" + comments;
        }
    }

    /**
     * A blocking HTTP/1.1 client on a raw socket: sends one request, reads the status and headers, then either a
     * plain body or a chunked SSE stream record by record. Reads time out after the test timeout.
     */
    static final class SseClient implements AutoCloseable
    {
        final Socket socket;
        final InputStream in;
        final int status;
        final Map<String, String> headers = new HashMap<>();
        boolean endedCleanly;
        private int chunkLeft;
        private boolean bodyEnded;

        SseClient(final int port, final String method, final String target, final int receiveBufferBytes,
            final String... headerLines) throws IOException
        {
            socket = new Socket();
            if (receiveBufferBytes > 0)
            {
                socket.setReceiveBufferSize(receiveBufferBytes); // before connecting, so the window stays small
            }
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout((int)(WebSocketTestSupport.TIMEOUT_SECONDS * 1000));
            final StringBuilder request = new StringBuilder()
                .append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Accept: text/event-stream\r\n");
            for (final String h : headerLines)
            {
                request.append(h).append("\r\n");
            }
            final OutputStream out = socket.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            in = socket.getInputStream();
            final String statusLine = rawLine();
            assertNotNull(statusLine, "no HTTP answer");
            status = Integer.parseInt(statusLine.split(" ")[1]);
            for (String line = rawLine(); line != null && !line.isEmpty(); line = rawLine())
            {
                final int colon = line.indexOf(':');
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }

        static SseClient get(final int port, final String target, final String... headerLines) throws IOException
        {
            return new SseClient(port, "GET", target, 0, headerLines);
        }

        static SseClient request(final int port, final String method, final String target,
            final String... headerLines) throws IOException
        {
            return new SseClient(port, method, target, 0, headerLines);
        }

        /** The whole body of a response with a Content-Length. */
        String body()
        {
            final int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            try
            {
                return new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        /** The next record that is not only comments (heartbeats), or null at the end of the stream. */
        SseRecord next() throws IOException
        {
            while (true)
            {
                final SseRecord r = nextIncludingComments();
                if (r == null || r.event != null || r.id != null || r.retry != null || !r.data.isEmpty())
                {
                    return r;
                }
            }
        }

        /** The next record, comment-only ones included, or null at the end of the stream. */
        SseRecord nextIncludingComments() throws IOException
        {
            SseRecord record = null;
            for (String line = bodyLine(); line != null; line = bodyLine())
            {
                if (line.isEmpty())
                {
                    if (record != null)
                    {
                        return record;
                    }
                    continue;
                }
                if (record == null)
                {
                    record = new SseRecord();
                }
                if (line.startsWith(":"))
                {
                    record.comments.add(line.substring(1));
                    continue;
                }
                final int colon = line.indexOf(':');
                final String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                value = value.startsWith(" ") ? value.substring(1) : value;
                switch (field)
                {
                    case "event" -> record.event = value;
                    case "id" -> record.id = value;
                    case "retry" -> record.retry = value;
                    case "data" -> record.data.add(value);
                    default -> throw new AssertionError("unexpected SSE field in line '" + line + "'");
                }
            }
            return null;
        }

        /** One line of the chunked body (LF ends a line, as the server writes them; a CR would be a failure). */
        private String bodyLine() throws IOException
        {
            final ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true)
            {
                final int b = bodyByte();
                if (b < 0)
                {
                    return null;
                }
                if (b == '\r')
                {
                    throw new AssertionError("a CR in the event stream: " + line.toString(StandardCharsets.UTF_8));
                }
                if (b == '\n')
                {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
        }

        private int bodyByte() throws IOException
        {
            if (bodyEnded)
            {
                return -1;
            }
            if (chunkLeft == 0)
            {
                final String size = rawLine();
                if (size == null)
                {
                    bodyEnded = true;
                    return -1;
                }
                chunkLeft = Integer.parseInt(size.trim(), 16);
                if (chunkLeft == 0)
                {
                    rawLine(); // the empty trailer
                    bodyEnded = true;
                    endedCleanly = true;
                    return -1;
                }
            }
            final int b = in.read();
            if (b < 0)
            {
                bodyEnded = true;
                return -1;
            }
            if (--chunkLeft == 0)
            {
                rawLine(); // the CRLF after each chunk
            }
            return b;
        }

        /** A CRLF-terminated line of the HTTP framing, or null at EOF. */
        private String rawLine() throws IOException
        {
            final ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n')
            {
                if (b != '\r')
                {
                    line.write(b);
                }
            }
            return b < 0 && line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() throws IOException
        {
            socket.close();
        }
    }
}
