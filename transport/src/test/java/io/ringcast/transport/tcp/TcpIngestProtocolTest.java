package io.ringcast.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.delivery.CountingDelivery;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.journal.JournalPort;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.transport.tcp.TcpTestSupport.Frame;
import io.ringcast.transport.tcp.TcpTestSupport.RawClient;

class TcpIngestProtocolTest
{
    private TcpTestSupport support;

    @BeforeEach
    void start()
    {
        support = new TcpTestSupport(EngineConfig.defaults(), new FailingJournal(), new CountingDelivery(),
            TcpIngestConfig.defaults().withPort(0).withMaxFrameLength(4096),
            TcpTestSupport.tokens(token -> !"bad".equals(token)));
    }

    @AfterEach
    void stop()
    {
        support.close();
    }

    @Test
    void shouldWelcomeWithVersionHeadSeqEpochAndFrameLimit() throws Exception
    {
        try (RawClient client = new RawClient(support.port(), 5000))
        {
            final Frame welcome = client.handshake();
            assertEquals(1, welcome.body().getShort(0));
            assertEquals(0, welcome.body().getLong(2));
            assertEquals(7, welcome.body().getShort(10));
            assertEquals(4096, welcome.body().getInt(12 + 7));
        }
    }

    @Test
    void shouldAckPublishAndAnswerPing() throws Exception
    {
        try (RawClient client = new RawClient(support.port(), 5000))
        {
            client.handshake();
            client.send(TcpTestSupport.publish(42, TcpTestSupport.event("e-1", "").toBytes()));
            final Frame ack = client.read();
            assertEquals(TcpProtocol.ACK, ack.type());
            assertEquals(42, ack.correlationId());
            assertEquals(1, ack.ackSeq());
            assertEquals(TcpProtocol.ACK_ACCEPTED, ack.ackStatus());
            client.send(TcpTestSupport.ping(0x1122334455667788L));
            final Frame pong = client.read();
            assertEquals(TcpProtocol.PONG, pong.type());
            assertEquals(0x1122334455667788L, pong.correlationId());
        }
    }

    @Test
    void shouldNackMalformedEventAndKeepTheConnection() throws Exception
    {
        try (RawClient client = new RawClient(support.port(), 5000))
        {
            client.handshake();
            final byte[] bad = TcpTestSupport.event("e-1", "").toBytes();
            bad[0] = 9; // codec version
            client.send(TcpTestSupport.publish(7, bad));
            final Frame nack = client.read();
            assertNack(nack, 7, NackCode.MALFORMED_EVENT);
            assertTrue(nack.nackMessage().contains("version"), nack.nackMessage());
            client.send(TcpTestSupport.publish(8, TcpTestSupport.event("e-2", "").toBytes()));
            final Frame ack = client.read();
            assertEquals(TcpProtocol.ACK, ack.type());
            assertEquals(8, ack.correlationId());
        }
    }

    @Test
    void shouldNackOversizedFrameAndClose() throws Exception
    {
        try (RawClient client = new RawClient(support.port(), 5000))
        {
            client.handshake();
            client.send(ByteBuffer.allocate(5).order(ByteOrder.LITTLE_ENDIAN).putInt(4097).put((byte)0x10).array());
            final Frame nack = client.read();
            assertNack(nack, 0, NackCode.FRAME_TOO_LARGE);
            assertTrue(nack.nackMessage().contains("4097"), nack.nackMessage());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void shouldNackUnauthorizedTokenAndClose() throws Exception
    {
        try (RawClient client = new RawClient(support.port(), 5000))
        {
            client.send(TcpTestSupport.hello(1, "bad", "x"));
            final Frame nack = client.read();
            assertNack(nack, 0, NackCode.UNAUTHORIZED);
            assertEquals("token refused", nack.nackMessage());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void shouldNackJournalFailureAndKeepTheConnection() throws Exception
    {
        try (RawClient client = new RawClient(support.port(), 5000))
        {
            client.handshake();
            client.send(TcpTestSupport.publish(5, TcpTestSupport.event("fail-me", "").toBytes()));
            final Frame nack = client.read();
            assertNack(nack, 5, NackCode.JOURNAL_FAILED);
            assertTrue(nack.nackMessage().contains("disk on fire"), nack.nackMessage());
            client.send(TcpTestSupport.publish(6, TcpTestSupport.event("fine", "").toBytes()));
            assertEquals(TcpProtocol.ACK, client.read().type());
        }
    }

    @Test
    void shouldNackPublishBeforeHelloAndClose() throws Exception
    {
        try (RawClient client = new RawClient(support.port(), 5000))
        {
            client.send(TcpTestSupport.publish(1, TcpTestSupport.event("e-1", "").toBytes()));
            final Frame nack = client.read();
            assertNack(nack, 0, NackCode.PROTOCOL_ERROR);
            assertTrue(nack.nackMessage().contains("HELLO"), nack.nackMessage());
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void shouldNackHelloTwiceAndClose() throws Exception
    {
        try (RawClient client = new RawClient(support.port(), 5000))
        {
            client.handshake();
            client.send(TcpTestSupport.hello(1, "", "again"));
            assertNack(client.read(), 0, NackCode.PROTOCOL_ERROR);
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void shouldNackUnknownTypeAndTruncatedBodiesAndClose() throws Exception
    {
        final byte[][] violations = {
            TcpTestSupport.frame(0x7F, new byte[3]),
            TcpTestSupport.frame(TcpProtocol.PUBLISH, new byte[5]),
            TcpTestSupport.frame(TcpProtocol.PING, new byte[4]),
            new byte[] {0, 0, 0, 0},
        };
        for (final byte[] violation : violations)
        {
            try (RawClient client = new RawClient(support.port(), 5000))
            {
                client.handshake();
                client.send(violation);
                assertNack(client.read(), 0, NackCode.PROTOCOL_ERROR);
                assertTrue(client.closedByServer());
            }
        }
        try (RawClient client = new RawClient(support.port(), 5000))
        {
            client.send(TcpTestSupport.frame(TcpProtocol.HELLO, new byte[] {1, 0, 9, 0}));
            assertNack(client.read(), 0, NackCode.PROTOCOL_ERROR);
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void shouldNackUnsupportedVersionAndClose() throws Exception
    {
        try (RawClient client = new RawClient(support.port(), 5000))
        {
            client.send(TcpTestSupport.hello(2, "", "future"));
            final Frame nack = client.read();
            assertNack(nack, 0, NackCode.UNSUPPORTED_VERSION);
            assertTrue(nack.nackMessage().contains("version 2"), nack.nackMessage());
            assertTrue(client.closedByServer());
        }
    }

    private static void assertNack(final Frame frame, final long correlationId, final NackCode code)
    {
        assertNotNull(frame, "connection closed without a NACK");
        assertEquals(TcpProtocol.NACK, frame.type());
        assertEquals(correlationId, frame.correlationId());
        assertEquals(code.code(), frame.nackCode(), frame.nackMessage());
    }

    /** An in-memory journal whose append fails for events with id "fail-me". */
    private static final class FailingJournal implements JournalPort
    {
        private final InMemoryJournal delegate = new InMemoryJournal();

        @Override
        public long headSeq()
        {
            return delegate.headSeq();
        }

        @Override
        public void append(final EventView event)
        {
            if (event.idLength() == 7 &&
                "fail-me".equals(event.buffer().getStringWithoutLengthAscii(event.idOffset(), 7)))
            {
                throw new IllegalStateException("disk on fire");
            }
            delegate.append(event);
        }

        @Override
        public void flush()
        {
            delegate.flush();
        }
    }
}
