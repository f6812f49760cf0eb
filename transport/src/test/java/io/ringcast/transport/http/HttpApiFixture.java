package io.ringcast.transport.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ringcast.engine.event.EventView;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.journal.JournalPort;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.transport.JsonMessageListener;
import io.ringcast.transport.ws.WebSocketConfig;
import io.ringcast.transport.ws.WebSocketDelivery;
import io.ringcast.transport.ws.WebSocketServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A real engine (in-memory journal behind a {@link HeldJournal}), a real {@link WebSocketServer} on loopback serving
 * {@code RouteTable(ApiRoutes)}, and clients: the JDK's HTTP client, a raw socket for pipelining, a WebSocket.
 */
final class HttpApiFixture implements AutoCloseable
{
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final long TIMEOUT_SECONDS = 10;

    final HeldJournal journal = new HeldJournal();
    final RingcastEngine engine;
    final ApiRoutes api;
    final WebSocketServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    HttpApiFixture(final EngineConfig engineConfig, final UnaryOperator<ApiRoutes.Builder> settings)
    {
        engine = RingcastEngine.start(engineConfig, journal, new WebSocketDelivery());
        final WebSocketServer[] self = new WebSocketServer[1];
        api = settings.apply(ApiRoutes.builder(engine)
            .journalHead(journal::headSeq)
            .websocketConnections(() -> self[0] == null ? 0 : self[0].connectionCount())
            .tcpConnections(() -> 3))
            .build();
        server = WebSocketServer.start(WebSocketConfig.defaults().withPort(0), engine, journal::headSeq,
            () -> "epoch-1", new RouteTable(api));
        self[0] = server;
    }

    HttpApiFixture(final UnaryOperator<ApiRoutes.Builder> settings)
    {
        this(EngineConfig.defaults(), settings);
    }

    HttpApiFixture()
    {
        this(b -> b);
    }

    URI uri(final String path)
    {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> get(final String path, final String... headers) throws Exception
    {
        final HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0)
        {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> publish(final String json, final String... headers) throws Exception
    {
        final HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/publish"))
            .POST(HttpRequest.BodyPublishers.ofString(json));
        if (headers.length > 0)
        {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(final HttpResponse<String> response) throws IOException
    {
        assertEquals("application/json", response.headers().firstValue("content-type").orElse(""), response.body());
        return MAPPER.readTree(response.body());
    }

    /** Connects a WebSocket as {@code user} and subscribes {@code id} to {@code topic}; returns its messages. */
    BlockingQueue<JsonNode> subscribe(final String user, final String id, final String topic) throws Exception
    {
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final WebSocket socket = http.newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws?user=" + user),
                new JsonMessageListener(messages))
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals("welcome", next(messages).path("type").asText());
        socket.sendText("{\"op\":\"subscribe\",\"id\":\"" + id + "\",\"topic\":\"" + topic +
            "\",\"filter\":\"severity == \\\"high\\\"\",\"batch\":{\"max\":10,\"lingerMs\":5}}", true)
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        final JsonNode subscribed = next(messages);
        assertEquals("subscribed", subscribed.path("type").asText(), subscribed.toString());
        return messages;
    }

    static JsonNode next(final BlockingQueue<JsonNode> messages) throws InterruptedException
    {
        final JsonNode m = messages.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(m, "no message within " + TIMEOUT_SECONDS + " s");
        return m;
    }

    @Override
    public void close()
    {
        journal.release();
        server.close();
        api.close();
        engine.close();
    }

    /** One HTTP/1.1 response read off a raw socket: status, lower-case headers, body. */
    record RawResponse(int status, Map<String, String> headers, String body)
    {
        static RawResponse read(final InputStream in) throws IOException
        {
            final String statusLine = line(in);
            final int status = Integer.parseInt(statusLine.split(" ")[1]);
            final Map<String, String> headers = new LinkedHashMap<>();
            for (String h; !(h = line(in)).isEmpty(); )
            {
                final int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            final byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
            return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private static String line(final InputStream in) throws IOException
        {
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int b; (b = in.read()) != '\n'; )
            {
                if (b < 0)
                {
                    throw new IOException("connection closed mid-response");
                }
                if (b != '\r')
                {
                    out.write(b);
                }
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    /**
     * The in-memory journal, which a test can hold (the journal thread waits in {@code append}, so the ring fills
     * deterministically) or make fail once: the two states a real journal cannot be put in on demand.
     */
    static final class HeldJournal implements JournalPort
    {
        private final InMemoryJournal journal = new InMemoryJournal();
        private volatile CountDownLatch hold = new CountDownLatch(0);
        private volatile boolean failNext;

        void hold()
        {
            hold = new CountDownLatch(1);
        }

        void release()
        {
            hold.countDown();
        }

        void failNext()
        {
            failNext = true;
        }

        @Override
        public long headSeq()
        {
            return journal.headSeq();
        }

        @Override
        public void append(final EventView event)
        {
            try
            {
                hold.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            if (failNext)
            {
                failNext = false;
                throw new IllegalStateException("disk full (test)");
            }
            journal.append(event);
        }

        @Override
        public void flush()
        {
            journal.flush();
        }
    }
}
