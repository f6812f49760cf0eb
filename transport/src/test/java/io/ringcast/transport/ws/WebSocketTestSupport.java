package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.agrona.concurrent.UnsafeBuffer;

import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.PublishStatus;
import io.ringcast.engine.pipeline.RingcastEngine;

/** A real engine delivering through a {@link WebSocketDelivery}, a {@link WebSocketServer} on loopback, clients. */
final class WebSocketTestSupport implements AutoCloseable
{
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final long TIMEOUT_SECONDS = 10;

    final WebSocketDelivery delivery = new WebSocketDelivery();
    final InMemoryJournal journal = new InMemoryJournal();
    final RingcastEngine engine;
    final WebSocketServer server;
    final EnginePublisher publisher;
    private final List<Client> clients = new ArrayList<>();
    private int nextId;

    WebSocketTestSupport(final EngineConfig engineConfig, final WebSocketConfig config)
    {
        engine = RingcastEngine.start(engineConfig, journal, delivery);
        server = WebSocketServer.start(config, engine, journal::headSeq, () -> "epoch-1");
        publisher = engine.newPublisher();
    }

    WebSocketTestSupport()
    {
        this(EngineConfig.defaults(), WebSocketConfig.defaults().withPort(0));
    }

    /** Connects as {@code user} (null: anonymous) and consumes the welcome. */
    Client connect(final String user) throws Exception
    {
        final Client client = new Client();
        final String query = user == null ? "" : "?user=" + user;
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws" + query), client)
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        clients.add(client);
        final JsonNode welcome = client.expect("welcome");
        assertEquals("epoch-1", welcome.get("epoch").textValue());
        return client;
    }

    /** Publishes an event with a JSON payload and returns its id. */
    String publish(final String topic, final Map<String, Object> attrs, final String json)
    {
        return publish(topic, attrs, ContentType.JSON, json.getBytes(StandardCharsets.UTF_8));
    }

    String publish(final String topic, final Map<String, Object> attrs, final ContentType type, final byte[] data)
    {
        final String id = "e" + (++nextId);
        final byte[] bytes = new Event(0, id, "", topic, Priority.HIGH, 1_700_000_000_000L + nextId, attrs, type, data)
            .toBytes();
        assertEquals(PublishStatus.QUEUED, publisher.publish(new UnsafeBuffer(bytes), 0, bytes.length, null, 0));
        return id;
    }

    static void await(final String what, final BooleanSupplier condition)
    {
        await(() -> what, condition);
    }

    /** As {@link #await(String, BooleanSupplier)}, the description computed when it times out. */
    static void await(final java.util.function.Supplier<String> what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Override
    public void close()
    {
        for (final Client c : clients)
        {
            c.socket.abort();
        }
        server.close();
        engine.close();
    }

    /** A JDK WebSocket client collecting whole JSON messages. */
    static final class Client implements WebSocket.Listener
    {
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final CompletableFuture<Boolean> pinged = new CompletableFuture<>();
        final BlockingQueue<Boolean> pings = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket socket;
        String expectedEpoch;

        @Override
        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            partial.append(data);
            if (last)
            {
                try
                {
                    messages.add(MAPPER.readTree(partial.toString()));
                }
                catch (final Exception ex)
                {
                    closed.completeExceptionally(ex);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
        {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(final WebSocket webSocket, final java.nio.ByteBuffer message)
        {
            pinged.complete(true);
            pings.add(true);
            webSocket.request(1);
            return null;
        }

        @Override
        public void onError(final WebSocket webSocket, final Throwable error)
        {
            closed.completeExceptionally(error);
        }

        void send(final String text) throws Exception
        {
            socket.sendText(text, true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        JsonNode next() throws InterruptedException
        {
            final JsonNode m = messages.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(m, "no message within " + TIMEOUT_SECONDS + " s");
            return m;
        }

        JsonNode expect(final String type) throws InterruptedException
        {
            final JsonNode m = next();
            assertEquals(type, m.path("type").asText(), () -> "unexpected message " + m);
            return m;
        }

        /** Subscribes and returns the seq the subscription took effect at. */
        long subscribe(final String json) throws Exception
        {
            send(json);
            return expect("subscribed").get("seq").asLong();
        }

        /** Sends a ping and waits for its pong: the connection is alive and answering. */
        void assertUsable() throws Exception
        {
            send("{\"op\":\"ping\"}");
            expect("pong");
        }
    }
}
