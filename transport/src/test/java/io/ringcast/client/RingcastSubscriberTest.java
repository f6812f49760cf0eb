package io.ringcast.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;
import io.ringcast.transport.ws.WebSocketConfig;
import io.ringcast.transport.ws.WebSocketDelivery;
import io.ringcast.transport.ws.WebSocketServer;

/** {@link RingcastSubscriber} against a real engine, Chronicle journal and WebSocket server on loopback. */
class RingcastSubscriberTest
{
    static final long TIMEOUT_SECONDS = 10;

    @TempDir
    Path dir;

    private Server server;
    private final List<RingcastSubscriber> subscribers = new ArrayList<>();

    @BeforeEach
    void start()
    {
        server = new Server(dir);
    }

    @AfterEach
    void stop()
    {
        subscribers.forEach(RingcastSubscriber::close);
        server.close();
    }

    @Test
    void shouldDeliverOnlyMatchingEventsInSeqOrderWithTheirTypedFields() throws Exception
    {
        final Recorder recorder = new Recorder();
        final RingcastSubscriber subscriber = connect(SubscriberConfig.defaults().withUser("alice"), recorder);
        assertEquals("alice", subscriber.clientId());
        assertEquals(server.journal.epoch(), subscriber.epoch());
        final long at = subscriber.subscribe(SubscriptionSpec.of("s1", "models.>")
            .withFilter("providerName == \"openai\" && severity >= 3").withBatch(10, 0), recorder)
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals("subscribed s1 " + at + " live", recorder.nextNote());

        server.publish("models.openai.gpt-x", Map.of("providerName", "openai", "severity", 5L, "price", 2.5,
            "beta", false), "{\"change\":\"price\"}");
        server.publish("models.anthropic.claude", Map.of("providerName", "anthropic", "severity", 5L), "1");
        server.publish("models.openai.o9", Map.of("providerName", "openai", "severity", 1L), "2");
        server.publish("users.42.tasks", Map.of("providerName", "openai", "severity", 9L), "3");
        server.publish("models.openai.gpt-y", Map.of("providerName", "openai", "severity", 3L), "");

        final List<ReceivedEvent> events = recorder.take(2);
        final ReceivedEvent first = events.get(0);
        assertEquals(at + 1, first.seq());
        assertEquals("models.openai.gpt-x", first.topic());
        assertEquals("e1", first.id());
        assertEquals(Priority.HIGH, first.priority());
        assertEquals(Server.TS0 + 1, first.ts());
        assertEquals(Map.of("providerName", "openai", "severity", 5L, "price", 2.5, "beta", false), first.attrs());
        assertEquals("{\"change\":\"price\"}", first.data().toString());
        assertEquals(at + 5, events.get(1).seq());
        assertTrue(events.get(1).data().isNull(), "an empty JSON payload arrives as null");
        awaitListenerThread(subscriber);
        assertEquals(at + 5, subscriber.lastSeq("s1"));
        assertEquals(0, subscriber.duplicatesDropped());
    }

    @Test
    void shouldKeepSeveralSubscriptionsApartOnOneConnection() throws Exception
    {
        final Recorder models = new Recorder();
        final Recorder tasks = new Recorder();
        final RingcastSubscriber subscriber = connect(SubscriberConfig.defaults(), models);
        subscriber.subscribe(SubscriptionSpec.of("models", "models.*"), models).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        subscriber.subscribe(SubscriptionSpec.of("tasks", "users.*.tasks").withFilter(
            "{\"operator\":\"AND\",\"conditions\":[{\"field\":\"done\",\"op\":\"equals\",\"value\":false}]}"), tasks)
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals(1, server.ws.connectionCount());

        for (int i = 0; i < 20; i++)
        {
            server.publish(i % 2 == 0 ? "models.m" + i : "users." + i + ".tasks", Map.of("done", i % 4 == 3), "" + i);
        }
        assertEquals(List.of("models.m0", "models.m2", "models.m4", "models.m6", "models.m8", "models.m10",
            "models.m12", "models.m14", "models.m16", "models.m18"), topics(models.take(10)));
        assertEquals(List.of("users.1.tasks", "users.5.tasks", "users.9.tasks", "users.13.tasks", "users.17.tasks"),
            topics(tasks.take(5)));
        assertTrue(subscriber.unsubscribe("models"));
        assertFalse(subscriber.unsubscribe("models"));
        assertEquals(-1, subscriber.lastSeq("models"));
        server.publish("models.after", Map.of(), "0");
        server.publish("users.1.tasks", Map.of("done", false), "0");
        assertEquals(List.of("users.1.tasks"), topics(tasks.take(1)));
        assertTrue(models.events.isEmpty(), "nothing after unsubscribe: " + models.events);
    }

    @Test
    void shouldFailTheSubscribeAndTellTheListenerWhenTheServerRefusesIt() throws Exception
    {
        final Recorder recorder = new Recorder();
        final RingcastSubscriber subscriber = connect(SubscriberConfig.defaults(), recorder);
        final ExecutionException ex = assertThrows(ExecutionException.class, () -> subscriber.subscribe(
            SubscriptionSpec.of("bad", "models.>").withFilter("severity =="), recorder)
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        final SubscriptionRefusedException refused = assertInstanceOf(SubscriptionRefusedException.class,
            ex.getCause());
        assertEquals("bad_filter", refused.code());
        assertEquals("bad", refused.subscriptionId());
        assertTrue(refused.getMessage().startsWith("column "), refused.getMessage());
        assertTrue(recorder.nextNote().startsWith("error bad bad_filter column "));
        assertEquals(-1, subscriber.lastSeq("bad"));
        // the id is free again and the connection still works
        subscriber.subscribe(SubscriptionSpec.of("bad", "models.>"), recorder).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void shouldRefuseASecondSubscriptionWithTheSameId() throws Exception
    {
        final Recorder recorder = new Recorder();
        final RingcastSubscriber subscriber = connect(SubscriberConfig.defaults(), recorder);
        subscriber.subscribe(SubscriptionSpec.of("s", "a"), recorder);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> subscriber.subscribe(SubscriptionSpec.of("s", "b"), recorder));
        assertEquals("subscription id 's' is already in use", ex.getMessage());
    }

    @Test
    void shouldFailFastWhenNothingListensOrTheUpgradeIsRefused() throws Exception
    {
        final int freePort;
        try (ServerSocket probe = new ServerSocket(0))
        {
            freePort = probe.getLocalPort();
        }
        final ConnectionLostException none = assertThrows(ConnectionLostException.class, () -> RingcastSubscriber
            .connect("ws://127.0.0.1:" + freePort + "/ws", SubscriberConfig.defaults(), ConnectionListener.DEFAULT));
        assertTrue(none.getMessage().startsWith("cannot connect to ws://127.0.0.1:" + freePort + "/ws: "),
            none.getMessage());

        connect(SubscriberConfig.defaults().withUser("twice"), new Recorder());
        final ConnectionLostException twice = assertThrows(ConnectionLostException.class, () -> RingcastSubscriber
            .connect(server.url(), SubscriberConfig.defaults().withUser("twice"), ConnectionListener.DEFAULT));
        assertTrue(twice.getMessage().contains("the server refused the WebSocket upgrade: HTTP 409"),
            twice.getMessage());

        final IllegalArgumentException tls = assertThrows(IllegalArgumentException.class,
            () -> RingcastSubscriber.connect("wss://127.0.0.1/ws"));
        assertEquals("expected a ws://HOST:PORT/PATH URL, was 'wss://127.0.0.1/ws' (TLS is not supported by this " +
            "client)", tls.getMessage());
    }

    @Test
    void shouldValidateTheConfigAndDoubleTheBackoffCapUpToTheMaximum()
    {
        final SubscriberConfig d = SubscriberConfig.defaults();
        assertEquals(Duration.ofMillis(100), d.backoffCap(1));
        assertEquals(Duration.ofMillis(200), d.backoffCap(2));
        assertEquals(Duration.ofMillis(6400), d.backoffCap(7));
        assertEquals(Duration.ofSeconds(10), d.backoffCap(8));
        assertEquals(Duration.ofSeconds(10), d.backoffCap(Integer.MAX_VALUE));
        assertEquals(0, d.maxReconnectAttempts(), "unlimited by default");

        assertConfigError("reconnectBaseDelay must be positive, was PT0S",
            () -> d.withReconnect(Duration.ZERO, Duration.ofSeconds(1), 0));
        assertConfigError("reconnectMaxDelay must be >= reconnectBaseDelay (PT1S) and at most PT24H, was PT0.5S",
            () -> d.withReconnect(Duration.ofSeconds(1), Duration.ofMillis(500), 0));
        assertConfigError("reconnectMaxDelay must be >= reconnectBaseDelay (PT1S) and at most PT24H, was PT240H",
            () -> d.withReconnect(Duration.ofSeconds(1), Duration.ofDays(10), 0));
        assertConfigError("maxReconnectAttempts must be >= 0 (0: unlimited), was -1",
            () -> d.withReconnect(Duration.ofSeconds(1), Duration.ofSeconds(1), -1));
        assertConfigError("connectTimeout must be positive and at most 2147483647 ms, was PT-1S",
            () -> d.withConnectTimeout(Duration.ofSeconds(-1)));
        assertConfigError("idleTimeout must be >= 0 (0: twice the server's heartbeat), was PT-0.001S",
            () -> d.withIdleTimeout(Duration.ofMillis(-1)));
        assertConfigError("user must be 1..128 characters, was 0", () -> d.withUser(""));
        assertConfigError("maxMessageBytes must be at least 1024, was 10", () -> d.withLimits(10, 100));
        assertConfigError("maxPendingEvents must be at least 2, was 1", () -> d.withLimits(4096, 1));
        assertConfigError("attempt must be at least 1, was 0", () -> d.backoffCap(0));
        assertConfigError("batch max must be in 1..1000 (0: the server's default), was 1001",
            () -> SubscriptionSpec.of("s", "t").withBatch(1001, 0));
        assertConfigError("linger must be in 0..300000 ms (-1: the server's default), was 300001",
            () -> SubscriptionSpec.of("s", "t").withBatch(1, 300_001));
        assertConfigError("since must be a seq >= 0 (-1: start live), was -2",
            () -> SubscriptionSpec.of("s", "t").withSince(-2, null));
        assertConfigError("epoch 'e' needs a since seq to belong to",
            () -> SubscriptionSpec.of("s", "t").withSince(-1, "e"));
        assertConfigError("subscription id must be 1..128 characters, was 0", () -> SubscriptionSpec.of("", "t"));
    }

    @Test
    void shouldCarryOnWhenAListenerThrows() throws Exception
    {
        final BlockingQueue<String> thrown = new LinkedBlockingQueue<>();
        final Recorder recorder = new Recorder();
        final AtomicInteger calls = new AtomicInteger();
        final RingcastSubscriber subscriber = connect(SubscriberConfig.defaults(), new ConnectionListener()
        {
            @Override
            public void onListenerException(final String subscriptionId, final RuntimeException ex)
            {
                thrown.add(subscriptionId + " " + ex.getMessage());
            }
        });
        subscriber.subscribe(SubscriptionSpec.of("s", "t").withBatch(1, 0), (id, events) ->
        {
            if (calls.incrementAndGet() == 1)
            {
                throw new IllegalStateException("boom");
            }
            recorder.onEvents(id, events);
        }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        server.publish("t", Map.of(), "1");
        server.publish("t", Map.of(), "2");
        assertEquals("s boom", thrown.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertEquals("e2", recorder.take(1).get(0).id());
    }

    @Test
    void shouldReplaceAConnectionThatStaysSilentForTheIdleTimeout() throws Exception
    {
        final Recorder recorder = new Recorder();
        // the server pings every 30 s: a 300 ms idle timeout takes every quiet connection for dead
        final RingcastSubscriber subscriber = connect(SubscriberConfig.defaults().withUser("quiet")
            .withIdleTimeout(Duration.ofMillis(300)).withReconnect(Duration.ofMillis(5), Duration.ofMillis(20), 0),
            recorder);
        subscriber.subscribe(SubscriptionSpec.of("s", "t"), recorder).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals("1006 idle timeout", recorder.disconnects.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        server.publish("t", Map.of(), "1");
        server.publish("t", Map.of(), "2");
        assertEquals(List.of("e1", "e2"), ids(recorder.take(2)));
        assertTrue(subscriber.reconnects() >= 1);
    }

    @Test
    void shouldKeepAConnectionWhoseOnlyTrafficIsTheServersPings() throws Exception
    {
        server.close();
        server = new Server(dir.resolve("pings"), WebSocketConfig.defaults().withHeartbeatMillis(150));
        final Recorder recorder = new Recorder();
        // default idle timeout: twice the heartbeat the welcome announces, 300 ms
        final RingcastSubscriber subscriber = connect(SubscriberConfig.defaults().withUser("pinged"), recorder);
        subscriber.subscribe(SubscriptionSpec.of("s", "t"), recorder).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals(null, recorder.disconnects.poll(1500, TimeUnit.MILLISECONDS), "five idle timeouts passed: pings count");
        server.publish("t", Map.of(), "1");
        assertEquals(List.of("e1"), ids(recorder.take(1)));
        assertEquals(0, subscriber.reconnects());
    }

    @Test
    void shouldGiveUpAfterTheLastAttemptAndCloseItself() throws Exception
    {
        final Recorder recorder = new Recorder();
        final RingcastSubscriber subscriber = connect(SubscriberConfig.defaults()
            .withReconnect(Duration.ofMillis(1), Duration.ofMillis(5), 2), recorder);
        subscriber.subscribe(SubscriptionSpec.of("s", "t"), recorder).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        server.ws.close();
        assertEquals("1001 server shutting down", recorder.disconnects.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS));
        final String gaveUp = recorder.gaveUp.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(gaveUp, "no give-up");
        assertTrue(gaveUp.contains("Connection refused"), gaveUp);
        assertFalse(subscriber.isConnected());
        final ExecutionException closed = assertThrows(ExecutionException.class,
            () -> subscriber.subscribe(SubscriptionSpec.of("late", "t"), recorder).get());
        assertEquals("subscriber is closed", closed.getCause().getMessage());
    }

    private RingcastSubscriber connect(final SubscriberConfig config, final ConnectionListener listener)
    {
        final RingcastSubscriber subscriber = RingcastSubscriber.connect(server.url(), config, listener);
        subscribers.add(subscriber);
        return subscriber;
    }

    /** Returns once the listener thread has run everything queued before (a subscribe completes there). */
    static void awaitListenerThread(final RingcastSubscriber subscriber) throws Exception
    {
        final String id = "barrier-" + System.nanoTime();
        subscriber.subscribe(SubscriptionSpec.of(id, "barrier.none"), (i, e) ->
        {
        }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        subscriber.unsubscribe(id);
    }

    private static void assertConfigError(final String message, final Runnable build)
    {
        assertEquals(message, assertThrows(IllegalArgumentException.class, build::run).getMessage());
    }

    static List<String> ids(final List<ReceivedEvent> events)
    {
        final List<String> ids = new ArrayList<>();
        events.forEach(e -> ids.add(e.id()));
        return ids;
    }

    static List<String> topics(final List<ReceivedEvent> events)
    {
        final List<String> topics = new ArrayList<>();
        events.forEach(e -> topics.add(e.topic()));
        return topics;
    }

    /** Records what a subscription and a connection hear: events in a queue, everything else as note lines. */
    static final class Recorder implements SubscriptionListener, ConnectionListener
    {
        final BlockingQueue<ReceivedEvent> events = new LinkedBlockingQueue<>();
        final BlockingQueue<String> notes = new LinkedBlockingQueue<>();
        final BlockingQueue<String> disconnects = new LinkedBlockingQueue<>();
        final BlockingQueue<String> gaveUp = new LinkedBlockingQueue<>();

        @Override
        public void onEvents(final String subscriptionId, final List<ReceivedEvent> batch)
        {
            events.addAll(batch);
        }

        @Override
        public void onSubscribed(final String subscriptionId, final long seq, final boolean resumed)
        {
            notes.add("subscribed " + subscriptionId + " " + seq + (resumed ? " resumed" : " live"));
        }

        @Override
        public void onGap(final String subscriptionId, final long fromSeq, final long toSeq)
        {
            notes.add("gap " + subscriptionId + " " + fromSeq + " " + toSeq);
        }

        @Override
        public void onError(final String subscriptionId, final String code, final String message)
        {
            notes.add("error " + subscriptionId + " " + code + " " + message);
        }

        @Override
        public void onDisconnected(final int closeCode, final String reason)
        {
            notes.add("disconnected " + closeCode);
            disconnects.add(closeCode + " " + reason);
        }

        @Override
        public void onGaveUp(final Throwable lastFailure)
        {
            gaveUp.add(String.valueOf(lastFailure));
        }

        @Override
        public void onError(final String code, final String message)
        {
            notes.add("connection error " + code + " " + message);
        }

        /** The next {@code count} events, waiting up to the timeout for each. */
        List<ReceivedEvent> take(final int count) throws InterruptedException
        {
            final List<ReceivedEvent> taken = new ArrayList<>();
            while (taken.size() < count)
            {
                final ReceivedEvent e = events.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                assertNotNull(e, "only " + taken.size() + " of " + count + " events arrived: " + taken);
                taken.add(e);
            }
            return taken;
        }

        String nextNote() throws InterruptedException
        {
            final String note = notes.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(note, "no note within " + TIMEOUT_SECONDS + " s");
            return note;
        }
    }

    /**
     * A Chronicle journal in a temp folder (or, without one, an in-memory journal and so no resume), the engine on
     * it, and a WebSocket server that can stop and start again on its port.
     */
    static final class Server implements AutoCloseable
    {
        static final long TS0 = 1_767_225_600_000L;

        final ChronicleJournal journal;
        final InMemoryJournal memory;
        final RingcastEngine engine;
        final WebSocketDelivery delivery = new WebSocketDelivery();
        final EnginePublisher publisher;
        final WebSocketConfig config;
        final int port;
        volatile WebSocketServer ws;
        private int published;

        /** A resuming server with its journal in {@code dir}. */
        Server(final Path dir)
        {
            this(dir, WebSocketConfig.defaults());
        }

        /** A resuming server with its journal in {@code dir} (null: in memory, no resume) and {@code config}. */
        Server(final Path dir, final WebSocketConfig config)
        {
            journal = dir == null ? null : ChronicleJournal.open(JournalConfig.defaults(dir));
            memory = dir == null ? new InMemoryJournal() : null;
            engine = RingcastEngine.start(EngineConfig.defaults(), journal != null ? journal : memory, delivery);
            publisher = engine.newPublisher();
            this.config = config;
            ws = startServer(0);
            port = ws.port();
        }

        String url()
        {
            return "ws://127.0.0.1:" + port + "/ws";
        }

        long headSeq()
        {
            return journal != null ? journal.headSeq() : memory.headSeq();
        }

        /** Stops the WebSocket server (clients hear 1001) and starts a new one on the same port. */
        void restart()
        {
            ws.close();
            start();
        }

        /** Starts a new WebSocket server on the port (after {@code ws.close()}). */
        void start()
        {
            ws = startServer(port);
        }

        /** Publishes from the test thread: ids e1, e2, ..., timestamps TS0 + n, priority high. */
        void publish(final String topic, final Map<String, Object> attrs, final String json)
        {
            published++;
            publish(publisher, "e" + published, topic, attrs, json);
        }

        static void publish(final EnginePublisher publisher, final String id, final String topic,
            final Map<String, Object> attrs, final String json)
        {
            final long n = Long.parseLong(id.substring(1));
            final byte[] bytes = new Event(0, id, "", topic, Priority.HIGH, TS0 + n, attrs, ContentType.JSON,
                json.getBytes(StandardCharsets.UTF_8)).toBytes();
            assertEquals(PublishStatus.QUEUED, publisher.publish(new UnsafeBuffer(bytes), 0, bytes.length, null, 0));
        }

        private WebSocketServer startServer(final int onPort)
        {
            final WebSocketServer.Builder builder = WebSocketServer.builder(config.withPort(onPort), engine);
            return journal != null ? builder.journal(journal).start() :
                builder.headSeq(memory::headSeq).epoch(() -> "memory").start();
        }

        @Override
        public void close()
        {
            ws.close();
            engine.close();
            if (journal != null)
            {
                journal.close();
            }
        }
    }
}
