package io.ringcast.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import io.ringcast.engine.assemble.Batch;
import io.ringcast.engine.delivery.CloseReason;
import io.ringcast.engine.delivery.DeliveryPort;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.metrics.RejectReason;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.engine.pipeline.StageLayout;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.transport.auth.OpenAuthenticator;
import io.ringcast.transport.tcp.TcpIngestConfig;
import io.ringcast.transport.tcp.TcpIngestServer;
import io.ringcast.transport.tcp.TcpTestSupport;

class RingcastPublisherReconnectTest
{
    @Test
    void shouldFailPendingPublishesOnServerStopAndReconnectOnTheNextPublish() throws Exception
    {
        final CountDownLatch gate = new CountDownLatch(1);
        final InMemoryJournal journal = new InMemoryJournal();
        // PARALLEL: the journal answers while delivery is blocked, so the server's close finds nothing in flight
        final EngineConfig engineConfig = EngineConfig.builder().ringSize(64).layout(StageLayout.PARALLEL).build();
        final RingcastEngine engine = RingcastEngine.start(engineConfig, journal, new GateDelivery(gate));
        TcpIngestServer server = TcpIngestServer.start(TcpIngestConfig.defaults().withPort(0), engine,
            journal::headSeq, () -> "e", OpenAuthenticator.INSTANCE);
        final int port = server.port();
        final PublisherConfig config = PublisherConfig.defaults()
            .withReconnect(20, Duration.ofMillis(10), Duration.ofMillis(100));
        try (RingcastPublisher publisher = RingcastPublisher.connect("127.0.0.1", port, "", "re", config))
        {
            new TcpTestSupportSubscriber(engine).subscribe();
            final List<CompletableFuture<Ack>> pending = new ArrayList<>();
            for (int i = 0; i < 2_000; i++)
            {
                pending.add(publisher.publish(TcpTestSupport.event("r-" + i, "")));
            }
            awaitBusy(engine);

            server.close();
            int lost = 0;
            for (final CompletableFuture<Ack> future : pending)
            {
                try
                {
                    future.join();
                }
                catch (final CompletionException ex)
                {
                    assertInstanceOf(ConnectionLostException.class, ex.getCause());
                    lost++;
                }
            }
            assertTrue(lost > 0, "publishes the server never took must fail with ConnectionLostException");
            assertFalse(publisher.isConnected());

            server = TcpIngestServer.start(TcpIngestConfig.defaults().withPort(port), engine, journal::headSeq,
                () -> "e", OpenAuthenticator.INSTANCE);
            gate.countDown();
            final Ack ack = publisher.publish(TcpTestSupport.event("after-restart", "")).get(10, TimeUnit.SECONDS);
            assertFalse(ack.duplicate());
            assertTrue(publisher.isConnected());
            assertEquals("e", publisher.epoch());
        }
        finally
        {
            gate.countDown();
            server.close();
            engine.close();
        }
    }

    @Test
    void shouldFailPublishWithConnectionLostWhenNoServerComesBack() throws Exception
    {
        final InMemoryJournal journal = new InMemoryJournal();
        try (RingcastEngine engine = RingcastEngine.start(EngineConfig.defaults(), journal, new GateDelivery(null)))
        {
            final TcpIngestServer server = TcpIngestServer.start(TcpIngestConfig.defaults().withPort(0), engine,
                journal::headSeq, () -> "", OpenAuthenticator.INSTANCE);
            final PublisherConfig config = PublisherConfig.defaults()
                .withReconnect(3, Duration.ofMillis(1), Duration.ofMillis(5));
            try (RingcastPublisher publisher = RingcastPublisher.connect("127.0.0.1", server.port(), "", "x", config))
            {
                assertEquals(1, publisher.publish(TcpTestSupport.event("a", "")).get(10, TimeUnit.SECONDS).seq());
                server.close();
                final ExecutionException ex = assertThrows(ExecutionException.class,
                    () -> publisher.publish(TcpTestSupport.event("b", "")).get(10, TimeUnit.SECONDS));
                assertInstanceOf(ConnectionLostException.class, ex.getCause());
            }
        }
    }

    private static void awaitBusy(final RingcastEngine engine)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (engine.metrics().rejected(RejectReason.BUSY) == 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("the ring never filled up");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** Subscribes one client to everything so deliveries reach the gate. */
    private record TcpTestSupportSubscriber(RingcastEngine engine)
    {
        void subscribe() throws Exception
        {
            final CompletableFuture<Object> done = new CompletableFuture<>();
            engine.subscribe(new Subscription("watcher", "s", io.ringcast.engine.match.TopicPattern.parse("models.>"),
                null, io.ringcast.engine.subscription.BatchPolicy.DEFAULT, 0),
                (kind, client, sub, status, seq) -> done.complete(status));
            done.get(10, TimeUnit.SECONDS);
        }
    }

    /** Deliveries block until the latch opens (a null latch never blocks). */
    private record GateDelivery(CountDownLatch gate) implements DeliveryPort
    {
        @Override
        public void deliver(final Batch batch)
        {
            if (gate == null)
            {
                return;
            }
            try
            {
                gate.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onSubscriptionClosed(final Subscription subscription, final CloseReason reason)
        {
        }
    }
}
