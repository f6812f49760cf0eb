package io.ringcast.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.transport.ws.WebSocketConfig;

/**
 * {@link RingcastSubscriber} across drops: the server restarting mid-stream, the TCP connection cut without a
 * close frame, a resume from a given seq, and a journal of another epoch. The seqs the listener receives must be
 * exactly the published ones: no gap, no duplicate.
 */
class RingcastSubscriberResumeTest
{
    private static final long TIMEOUT_SECONDS = RingcastSubscriberTest.TIMEOUT_SECONDS;
    private static final SubscriberConfig FAST_RECONNECT = SubscriberConfig.defaults()
        .withReconnect(Duration.ofMillis(5), Duration.ofMillis(50), 0);

    @TempDir
    Path dir;

    private RingcastSubscriberTest.Server server;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void start()
    {
        server = new RingcastSubscriberTest.Server(dir.resolve("journal"));
        closeables.add(server);
    }

    @AfterEach
    void stop() throws Exception
    {
        // subscribers first, so none is left reconnecting to a server that is gone
        for (int i = closeables.size() - 1; i >= 0; i--)
        {
            closeables.get(i).close();
        }
    }

    @Test
    void shouldResumeWithoutGapOrDuplicateWhenTheServerRestartsMidStream() throws Exception
    {
        final RingcastSubscriberTest.Recorder recorder = new RingcastSubscriberTest.Recorder();
        final RingcastSubscriber subscriber = connect(server.url(), FAST_RECONNECT.withUser("restart"), recorder);
        final long at = subscriber.subscribe(SubscriptionSpec.of("s", "ticks.>").withFilter("n >= 1")
            .withBatch(50, 1), recorder).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        final int total = 1_000;
        final CountDownLatch firstSeen = new CountDownLatch(1);
        final CompletableFuture<Void> publishing = publishInBackground(total, firstSeen);
        final List<Long> seqs = new ArrayList<>(seqsOf(recorder.take(50)));
        firstSeen.countDown();
        server.restart(); // mid-stream: the publisher keeps going while no WebSocket server runs
        seqs.addAll(seqsOf(recorder.take(total - 50)));
        publishing.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertEquals(expectedSeqs(at, total), seqs);
        assertTrue(recorder.notes.contains("disconnected 1001"), recorder.notes::toString);
        assertTrue(subscriber.reconnects() >= 1);
    }

    @Test
    void shouldResumeWithoutGapOrDuplicateWhenTheConnectionIsCut() throws Exception
    {
        final CuttableProxy proxy = new CuttableProxy(server.port);
        closeables.add(proxy);
        final RingcastSubscriberTest.Recorder recorder = new RingcastSubscriberTest.Recorder();
        final RingcastSubscriber subscriber = connect("ws://127.0.0.1:" + proxy.port() + "/ws",
            FAST_RECONNECT.withUser("cut"), recorder);
        final long at = subscriber.subscribe(SubscriptionSpec.of("s", "ticks.>").withBatch(20, 0), recorder)
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        final int total = 1_000;
        final CountDownLatch firstSeen = new CountDownLatch(1);
        final CompletableFuture<Void> publishing = publishInBackground(total, firstSeen);
        final List<Long> seqs = new ArrayList<>(seqsOf(recorder.take(50)));
        firstSeen.countDown();
        proxy.cut();
        seqs.addAll(seqsOf(recorder.take(300)));
        proxy.cut();
        seqs.addAll(seqsOf(recorder.take(total - 350)));
        publishing.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        assertEquals(expectedSeqs(at, total), seqs);
        assertTrue(recorder.notes.contains("disconnected 1006"), recorder.notes::toString);
    }

    @Test
    void shouldReplayHistoryAfterTheGivenSeqThenGoLive() throws Exception
    {
        for (int i = 0; i < 10; i++)
        {
            server.publish(i % 2 == 0 ? "a.x" : "b.x", Map.of("i", (long)i), "" + i);
        }
        final RingcastSubscriberTest.Recorder recorder = new RingcastSubscriberTest.Recorder();
        final RingcastSubscriber subscriber = connect(server.url(), SubscriberConfig.defaults(), recorder);
        final long at = subscriber.subscribe(SubscriptionSpec.of("s", "a.*").withSince(4, server.journal.epoch()),
            recorder).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals(10, at);
        assertEquals("subscribed s 10 resumed", recorder.nextNote());
        server.publish("a.x", Map.of(), "10");
        final List<ReceivedEvent> events = new ArrayList<>(recorder.take(1));
        // a live event overtaking the history would make the history look like repeats (dropped, and counted)
        assertEquals(5L, events.get(0).seq(), () -> "history first; repeats dropped: " + subscriber.duplicatesDropped());
        events.addAll(recorder.take(3));
        assertEquals(List.of(5L, 7L, 9L, 11L), seqsOf(events));
        assertTrue(recorder.notes.isEmpty(), recorder.notes::toString);
    }

    @Test
    void shouldReportAGapAndGoLiveWhenTheSeqBelongsToAnotherEpoch() throws Exception
    {
        for (int i = 0; i < 3; i++)
        {
            server.publish("a.x", Map.of(), "" + i);
        }
        final RingcastSubscriberTest.Recorder recorder = new RingcastSubscriberTest.Recorder();
        final RingcastSubscriber subscriber = connect(server.url(), SubscriberConfig.defaults(), recorder);
        subscriber.subscribe(SubscriptionSpec.of("s", "a.*").withSince(500, "another-epoch"), recorder)
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals("subscribed s 3 resumed", recorder.nextNote());
        assertEquals("gap s 1 3", recorder.nextNote());
        server.publish("a.x", Map.of(), "3");
        assertEquals(List.of(4L), seqsOf(recorder.take(1)), "seqs below the old position pass after the gap");
    }

    @Test
    void shouldRestartLiveAndReportTheMissedRangeWhenTheServerCannotResume() throws Exception
    {
        final RingcastSubscriberTest.Server memory = new RingcastSubscriberTest.Server(null, WebSocketConfig.defaults());
        closeables.add(memory);
        final RingcastSubscriberTest.Recorder recorder = new RingcastSubscriberTest.Recorder();
        final RingcastSubscriber subscriber = connect(memory.url(), FAST_RECONNECT, recorder);
        subscriber.subscribe(SubscriptionSpec.of("s", "t"), recorder).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals("subscribed s 0 live", recorder.nextNote());
        memory.publish("t", Map.of(), "1");
        memory.publish("t", Map.of(), "2");
        assertEquals(List.of(1L, 2L), seqsOf(recorder.take(2)));

        memory.ws.close();
        assertEquals("disconnected 1001", recorder.nextNote());
        memory.publish("t", Map.of(), "3");
        memory.publish("t", Map.of(), "4");
        memory.publish("t", Map.of(), "5");
        memory.start();
        final String subscribed = recorder.nextNote();
        assertTrue(subscribed.startsWith("subscribed s ") && subscribed.endsWith(" live"), subscribed);
        final long at = Long.parseLong(subscribed.split(" ")[2]);
        memory.publish("t", Map.of(), "6");
        // every seq after 2 is either in the reported gap or delivered, exactly once
        final List<Long> covered = new ArrayList<>();
        if (at >= 3)
        {
            assertEquals("gap s 3 " + at, recorder.nextNote());
            for (long seq = 3; seq <= at; seq++)
            {
                covered.add(seq);
            }
        }
        covered.addAll(seqsOf(recorder.take((int)(6 - Math.max(at, 2)))));
        assertEquals(List.of(3L, 4L, 5L, 6L), covered);
    }

    @Test
    void shouldResumeAfterTheServerDropsASubscriberWhoseListenerFellBehind() throws Exception
    {
        // small buffers on the server, so a subscriber that stops reading is over the high water mark soon
        final RingcastSubscriberTest.Server slow = new RingcastSubscriberTest.Server(dir.resolve("slow"),
            WebSocketConfig.defaults().withWriteWaterMarks(16 * 1024, 32 * 1024).withSendBufferBytes(8 * 1024));
        closeables.add(slow);
        final CountDownLatch release = new CountDownLatch(1);
        final List<Long> seqs = new CopyOnWriteArrayList<>();
        final CountDownLatch all = new CountDownLatch(1);
        final long[] expected = { Long.MAX_VALUE };
        final RingcastSubscriber subscriber = connect(slow.url(),
            FAST_RECONNECT.withLimits(16 * 1024 * 1024, 100), ConnectionListener.DEFAULT);
        subscriber.subscribe(SubscriptionSpec.of("s", "bulk").withBatch(100, 1), (id, events) ->
        {
            awaitQuietly(release); // the listener is stuck: the subscriber stops reading, the server drops it
            events.forEach(e -> seqs.add(e.seq()));
            if (seqs.size() >= expected[0])
            {
                all.countDown();
            }
        }).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);

        final String payload = "{\"pad\":\"" + "x".repeat(1000) + "\"}";
        int published = 0;
        while (slow.delivery.slowConsumerDisconnects() == 0)
        {
            assertTrue(published < 200_000, "the server never dropped the subscriber");
            slow.publish("bulk", Map.of(), payload);
            published++;
        }
        expected[0] = published;
        release.countDown();
        assertTrue(all.await(TIMEOUT_SECONDS * 3, TimeUnit.SECONDS), () -> seqs.size() + " of " + expected[0]);
        assertEquals(expectedSeqs(0, published), new ArrayList<>(seqs));
        assertTrue(subscriber.reconnects() >= 1);
    }

    private CompletableFuture<Void> publishInBackground(final int total, final CountDownLatch firstSeen)
    {
        return CompletableFuture.runAsync(() ->
        {
            final EnginePublisher publisher = server.engine.newPublisher();
            try
            {
                for (int i = 1; i <= total; i++)
                {
                    if (i == 200)
                    {
                        // the rest goes out while the test drops the connection
                        firstSeen.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    }
                    RingcastSubscriberTest.Server.publish(publisher, "p" + i, "ticks." + (i % 7), Map.of("n", (long)i),
                        "{\"i\":" + i + "}");
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        });
    }

    private RingcastSubscriber connect(final String url, final SubscriberConfig config,
        final ConnectionListener listener)
    {
        final RingcastSubscriber subscriber = RingcastSubscriber.connect(url, config, listener);
        closeables.add(subscriber);
        return subscriber;
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(TIMEOUT_SECONDS * 3, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static List<Long> expectedSeqs(final long after, final int count)
    {
        final List<Long> seqs = new ArrayList<>();
        for (long s = after + 1; s <= after + count; s++)
        {
            seqs.add(s);
        }
        return seqs;
    }

    private static List<Long> seqsOf(final List<ReceivedEvent> events)
    {
        final List<Long> seqs = new ArrayList<>();
        events.forEach(e -> seqs.add(e.seq()));
        return seqs;
    }

    /** A TCP relay on loopback whose open connections can be cut at once (no close frame, as a network drop). */
    static final class CuttableProxy implements AutoCloseable
    {
        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        CuttableProxy(final int targetPort) throws IOException
        {
            acceptor = new Thread(() ->
            {
                while (!listener.isClosed())
                {
                    try
                    {
                        final Socket client = listener.accept();
                        final Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                        open.add(client);
                        open.add(upstream);
                        pump(client, upstream);
                        pump(upstream, client);
                    }
                    catch (final IOException ex)
                    {
                        // closed
                    }
                }
            }, "proxy-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port()
        {
            return listener.getLocalPort();
        }

        /** Closes every relayed connection, both sides. */
        void cut()
        {
            for (final Socket s : open)
            {
                closeQuietly(s);
            }
            open.clear();
        }

        @Override
        public void close()
        {
            closeQuietly(listener);
            cut();
        }

        private static void pump(final Socket from, final Socket to)
        {
            final Thread t = new Thread(() ->
            {
                final byte[] buffer = new byte[16 * 1024];
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream())
                {
                    for (int n; (n = in.read(buffer)) >= 0; )
                    {
                        out.write(buffer, 0, n);
                    }
                }
                catch (final IOException ex)
                {
                    // cut
                }
                closeQuietly(from);
                closeQuietly(to);
            }, "proxy-pump");
            t.setDaemon(true);
            t.start();
        }

        private static void closeQuietly(final AutoCloseable c)
        {
            try
            {
                c.close();
            }
            catch (final Exception ex)
            {
                // already closed
            }
        }
    }
}
