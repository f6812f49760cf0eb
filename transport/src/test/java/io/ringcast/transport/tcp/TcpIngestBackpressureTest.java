package io.ringcast.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

import io.ringcast.client.Ack;
import io.ringcast.client.PublishRejectedException;
import io.ringcast.client.RingcastPublisher;
import io.ringcast.engine.assemble.Batch;
import io.ringcast.engine.delivery.CloseReason;
import io.ringcast.engine.delivery.DeliveryPort;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.metrics.RejectReason;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.transport.auth.OpenAuthenticator;

class TcpIngestBackpressureTest
{
    private static final int EVENTS = 5_000;

    @Test
    void shouldPauseReadsWhileTheRingIsFullAndAckEveryEventExactlyOnceAfterRelease() throws Exception
    {
        final GateDelivery gate = new GateDelivery();
        try (TcpTestSupport support = newSupport(gate, BackpressureMode.BLOCK_READS);
            RingcastPublisher publisher = RingcastPublisher.connect("127.0.0.1", support.port(), "", "bp"))
        {
            support.subscribe("watcher", "s1", "models.>");
            final List<CompletableFuture<Ack>> acks = publishAll(publisher);
            awaitBusy(support);
            for (final CompletableFuture<Ack> ack : acks)
            {
                assertTrue(!ack.isCompletedExceptionally(), "no publish may be refused while reads are paused");
            }
            gate.release();
            CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
            for (int i = 0; i < EVENTS; i++)
            {
                assertEquals(new Ack(i + 1, false), acks.get(i).get());
            }
            assertEquals(EVENTS, support.engine.metrics().accepted.get());
        }
    }

    @Test
    void shouldAnswerBusyInsteadOfPausingWhenConfiguredTo() throws Exception
    {
        final GateDelivery gate = new GateDelivery();
        try (TcpTestSupport support = newSupport(gate, BackpressureMode.NACK_BUSY);
            RingcastPublisher publisher = RingcastPublisher.connect("127.0.0.1", support.port(), "", "bp"))
        {
            support.subscribe("watcher", "s1", "models.>");
            final List<CompletableFuture<Ack>> acks = publishAll(publisher);
            awaitBusy(support);
            gate.release();
            int busy = 0;
            long expectedSeq = 1;
            for (final CompletableFuture<Ack> ack : acks)
            {
                try
                {
                    final long seq = ack.join().seq();
                    assertEquals(expectedSeq++, seq);
                }
                catch (final CompletionException ex)
                {
                    final PublishRejectedException rejected =
                        assertInstanceOf(PublishRejectedException.class, ex.getCause());
                    assertEquals(NackCode.BUSY, rejected.nackCode());
                    busy++;
                }
            }
            assertTrue(busy > 0, "a full ring must answer BUSY");
        }
    }

    private static TcpTestSupport newSupport(final GateDelivery gate, final BackpressureMode mode)
    {
        return new TcpTestSupport(EngineConfig.builder().ringSize(64).build(), new InMemoryJournal(), gate,
            TcpIngestConfig.defaults().withPort(0).withBackpressure(mode), OpenAuthenticator.INSTANCE);
    }

    private static List<CompletableFuture<Ack>> publishAll(final RingcastPublisher publisher)
    {
        final List<CompletableFuture<Ack>> acks = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++)
        {
            acks.add(publisher.publish(TcpTestSupport.event("bp-" + i, "")));
        }
        return acks;
    }

    private static void awaitBusy(final TcpTestSupport support)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (support.engine.metrics().rejected(RejectReason.BUSY) == 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("the ring never filled up");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /** A delivery port whose deliveries block until released, so the ring fills up behind it. */
    private static final class GateDelivery implements DeliveryPort
    {
        private final CountDownLatch open = new CountDownLatch(1);

        void release()
        {
            open.countDown();
        }

        @Override
        public void deliver(final Batch batch)
        {
            try
            {
                open.await();
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
