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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.delivery.RecordingDelivery;
import io.ringcast.engine.event.Event;
import io.ringcast.transport.tcp.NackCode;
import io.ringcast.transport.tcp.TcpTestSupport;

class RingcastPublisherTest
{
    private final RecordingDelivery delivery = new RecordingDelivery();
    private TcpTestSupport support;
    private RingcastPublisher publisher;

    @BeforeEach
    void start() throws Exception
    {
        support = new TcpTestSupport(delivery);
        support.subscribe("watcher", "s1", "models.>");
        publisher = RingcastPublisher.connect("127.0.0.1", support.port(), "", "test-publisher");
    }

    @AfterEach
    void stop()
    {
        publisher.close();
        support.close();
    }

    @Test
    void shouldHandshakeAndExposeHeadSeqAndEpoch()
    {
        assertTrue(publisher.isConnected());
        assertEquals(0, publisher.headSeq());
        assertEquals("epoch-1", publisher.epoch());
    }

    @Test
    void shouldAckEventsWithSequentialSeqsAndDeliverThem() throws Exception
    {
        final int n = 200;
        final List<CompletableFuture<Ack>> acks = new ArrayList<>();
        for (int i = 0; i < n; i++)
        {
            acks.add(publisher.publish(TcpTestSupport.event("e-" + i, "")));
        }
        for (int i = 0; i < n; i++)
        {
            final Ack ack = acks.get(i).get(10, TimeUnit.SECONDS);
            assertEquals(new Ack(i + 1, false), ack);
        }
        delivery.await(() -> delivery.eventsFor("watcher", "s1").size() == n, Duration.ofSeconds(10), "deliveries");
        final List<Event> delivered = delivery.eventsFor("watcher", "s1");
        for (int i = 0; i < n; i++)
        {
            assertEquals("e-" + i, delivered.get(i).id());
            assertEquals(i + 1, delivered.get(i).seq());
        }
    }

    @Test
    void shouldAckDuplicateDedupKeyWithTheOriginalSeq() throws Exception
    {
        final Ack first = publisher.publish(TcpTestSupport.event("a", "key-1")).get(10, TimeUnit.SECONDS);
        publisher.publish(TcpTestSupport.event("b", "key-2")).get(10, TimeUnit.SECONDS);
        final Ack repeat = publisher.publish(TcpTestSupport.event("c", "key-1")).get(10, TimeUnit.SECONDS);
        assertEquals(new Ack(1, false), first);
        assertEquals(new Ack(1, true), repeat);
    }

    @Test
    void shouldPipelineTenThousandPublishesInFlight() throws Exception
    {
        final int n = 10_000;
        final byte[][] encoded = new byte[n][];
        for (int i = 0; i < n; i++)
        {
            encoded[i] = TcpTestSupport.event("p-" + i, "").toBytes();
        }
        final List<CompletableFuture<Ack>> acks = new ArrayList<>(n);
        for (int i = 0; i < n; i++)
        {
            acks.add(publisher.publish(encoded[i]));
        }
        CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        for (int i = 0; i < n; i++)
        {
            assertEquals(i + 1, acks.get(i).get().seq());
        }
    }

    @Test
    void shouldFailPublishOfMalformedEventWithItsCodeAndMessage() throws Exception
    {
        final byte[] bad = TcpTestSupport.event("x", "").toBytes();
        bad[0] = 9;
        final ExecutionException ex = assertThrows(ExecutionException.class,
            () -> publisher.publish(bad).get(10, TimeUnit.SECONDS));
        final PublishRejectedException rejected = assertInstanceOf(PublishRejectedException.class, ex.getCause());
        assertEquals(NackCode.MALFORMED_EVENT, rejected.nackCode());
        assertTrue(publisher.isConnected());
        assertFalse(publisher.publish(TcpTestSupport.event("y", "")).get(10, TimeUnit.SECONDS).duplicate());
    }

    @Test
    void shouldRejectHandshakeWithUnsupportedToken() throws Exception
    {
        try (TcpTestSupport strict = new TcpTestSupport(io.ringcast.engine.pipeline.EngineConfig.defaults(),
            new io.ringcast.engine.journal.InMemoryJournal(), new RecordingDelivery(),
            io.ringcast.transport.tcp.TcpIngestConfig.defaults().withPort(0), TcpTestSupport.tokens("ok"::equals)))
        {
            final PublishRejectedException ex = assertThrows(PublishRejectedException.class,
                () -> RingcastPublisher.connect("127.0.0.1", strict.port(), "nope", "x"));
            assertEquals(NackCode.UNAUTHORIZED, ex.nackCode());
            try (RingcastPublisher ok = RingcastPublisher.connect("127.0.0.1", strict.port(), "ok", "x"))
            {
                assertEquals(1, ok.publish(TcpTestSupport.event("a", "")).get(10, TimeUnit.SECONDS).seq());
            }
        }
    }

    @Test
    void shouldFailPendingPublishesWhenClosed()
    {
        publisher.close();
        final CompletableFuture<Ack> after = publisher.publish(TcpTestSupport.event("late", ""));
        final ExecutionException ex = assertThrows(ExecutionException.class, after::get);
        assertInstanceOf(ConnectionLostException.class, ex.getCause());
    }
}
