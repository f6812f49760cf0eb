package io.ringcast.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.ringcast.client.RingcastPublisher;
import io.ringcast.engine.delivery.CountingDelivery;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.transport.auth.OpenAuthenticator;
import io.ringcast.transport.tcp.TcpTestSupport.Frame;
import io.ringcast.transport.tcp.TcpTestSupport.RawClient;

/**
 * Sends random and mutated frames and checks that each is answered (ACK, NACK or PONG) or ends the connection
 * with a NACK and a close, never a hang. Default 100,000 frames; a longer run:
 * {@code mvn -B -o -q -pl transport -am test -Dtest=TcpIngestFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dringcast.fuzz.frames=5000000} (Maven passes the property on to the test JVM). Seed: {@code ringcast.fuzz.seed}.
 */
class TcpIngestFuzzTest
{
    private static final int MAX_FRAME = 4096;
    private static final int FRAMES_PER_CONNECTION = 250;
    private static final int READ_TIMEOUT_MILLIS = 5_000;

    @Test
    void shouldAnswerOrCloseOnEveryFuzzedFrameAndKeepServing() throws Exception
    {
        final int total = Integer.getInteger("ringcast.fuzz.frames", 100_000);
        final long seed = Long.getLong("ringcast.fuzz.seed", System.nanoTime());
        final Random random = new Random(seed);
        final byte[][] validEvents = new byte[64][];
        for (int i = 0; i < validEvents.length; i++)
        {
            validEvents[i] = TcpTestSupport.event("fz-" + i, i % 3 == 0 ? "" : "k-" + i).toBytes();
        }
        try (TcpTestSupport support = new TcpTestSupport(EngineConfig.defaults(), new InMemoryJournal(),
            new CountingDelivery(),
            TcpIngestConfig.defaults().withPort(0).withMaxFrameLength(MAX_FRAME).withIoThreads(2),
            OpenAuthenticator.INSTANCE))
        {
            int sent = 0;
            int answered = 0;
            long correlationId = 1;
            while (sent < total)
            {
                try (RawClient client = new RawClient(support.port(), READ_TIMEOUT_MILLIS))
                {
                    final String context = "seed " + seed + ", frame " + sent;
                    if (random.nextInt(8) == 0)
                    {
                        sent++;
                        fuzzedHello(client, random, context);
                        continue;
                    }
                    client.handshake();
                    final Map<Long, Boolean> expected = new HashMap<>();
                    final ByteBuffer batch =
                        ByteBuffer.allocate(FRAMES_PER_CONNECTION * 400).order(ByteOrder.LITTLE_ENDIAN);
                    for (int i = 0; i < FRAMES_PER_CONNECTION && sent < total; i++, sent++)
                    {
                        final long id = correlationId++;
                        expected.put(id, Boolean.TRUE);
                        batch.put(safeFrame(random, validEvents, id));
                    }
                    client.send(Arrays.copyOf(batch.array(), batch.position()));
                    for (int remaining = expected.size(); remaining > 0; remaining--)
                    {
                        final Frame reply = readOrFail(client, context);
                        assertTrue(reply != null, "connection closed on a well-framed frame: " + context);
                        assertTrue(expected.remove(reply.correlationId()) != null,
                            "unexpected or repeated reply " + reply.type() + " for " + reply.correlationId() + ": " +
                            context);
                        answered++;
                    }
                    sent++;
                    terminate(client, random, validEvents, context);
                }
            }
            assertTrue(answered > total * 8L / 10, "most fuzzed frames keep the framing and are answered: " + answered);
            assertStillServing(support);
        }
    }

    /** A frame that keeps the connection open: a PUBLISH (maybe with a damaged event) or a PING. */
    private static byte[] safeFrame(final Random random, final byte[][] validEvents, final long id)
    {
        if (random.nextInt(10) == 0)
        {
            return TcpTestSupport.ping(id);
        }
        byte[] event = validEvents[random.nextInt(validEvents.length)].clone();
        switch (random.nextInt(4))
        {
            case 0:
                break;
            case 1:
                event = Arrays.copyOf(event, random.nextInt(event.length));
                break;
            default:
                for (int flips = 1 + random.nextInt(3); flips > 0; flips--)
                {
                    event[random.nextInt(event.length)] ^= (byte)(1 + random.nextInt(255));
                }
                break;
        }
        return TcpTestSupport.publish(id, event);
    }

    /** Sends a damaged HELLO, then zeros: a WELCOME (the damage was harmless) or not, it must end in NACK and close. */
    private static void fuzzedHello(final RawClient client, final Random random, final String context)
        throws IOException
    {
        final byte[] hello = TcpTestSupport.hello(1, "tok", "fuzz");
        hello[4 + random.nextInt(hello.length - 4)] ^= (byte)(1 + random.nextInt(255));
        client.send(hello);
        client.send(new byte[MAX_FRAME + 16]);
        final Frame reply = readOrFail(client, context);
        if (reply != null && reply.type() == TcpProtocol.WELCOME)
        {
            // the zero padding that followed is a zero-length frame: a protocol error
            assertFinalNackThenClose(client, context);
            return;
        }
        if (reply != null)
        {
            assertEquals(TcpProtocol.NACK, reply.type(), context);
            assertEndOfStream(client, context);
        }
    }

    /** Sends one random or mutated frame, then zeros that must end in a protocol error; expects NACK and close. */
    private static void terminate(final RawClient client, final Random random, final byte[][] validEvents,
        final String context) throws IOException
    {
        final byte[] valid = TcpTestSupport.publish(0, validEvents[random.nextInt(validEvents.length)]);
        final byte[] chunk;
        switch (random.nextInt(5))
        {
            case 0:
                chunk = new byte[1 + random.nextInt(64)];
                random.nextBytes(chunk);
                break;
            case 1:
                chunk = valid;
                chunk[random.nextInt(5)] ^= (byte)(1 + random.nextInt(255));
                break;
            case 2:
                chunk = valid;
                ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).putInt(0, random.nextInt());
                break;
            case 3:
                chunk = Arrays.copyOf(valid, 1 + random.nextInt(valid.length - 1));
                break;
            default:
                chunk = new byte[5 + random.nextInt(32)];
                random.nextBytes(chunk);
                ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).putInt(0, chunk.length - 4);
                break;
        }
        try
        {
            client.send(chunk);
            client.send(new byte[MAX_FRAME + 16]);
        }
        catch (final IOException ex)
        {
            return; // the server already closed on the chunk
        }
        assertFinalNackThenClose(client, context);
    }

    private static void assertFinalNackThenClose(final RawClient client, final String context) throws IOException
    {
        Frame last = null;
        while (true)
        {
            final Frame reply = readOrFail(client, context);
            if (reply == null)
            {
                break;
            }
            last = reply;
        }
        if (last != null && last.type() != TcpProtocol.NACK)
        {
            fail("the last frame before the close must be a NACK, was " + last.type() + ": " + context);
        }
    }

    private static void assertEndOfStream(final RawClient client, final String context) throws IOException
    {
        assertTrue(readOrFail(client, context) == null, "connection must close after the NACK: " + context);
    }

    /** The next frame, null on close or reset; a read timeout is a hang and fails the test. */
    private static Frame readOrFail(final RawClient client, final String context) throws IOException
    {
        try
        {
            return client.read();
        }
        catch (final SocketTimeoutException ex)
        {
            throw new AssertionError("server hung (no answer, no close): " + context, ex);
        }
    }

    private static void assertStillServing(final TcpTestSupport support) throws Exception
    {
        // several connections land on every event loop: a dead loop would leave one unanswered
        for (int i = 0; i < 4; i++)
        {
            try (RingcastPublisher publisher = RingcastPublisher.connect("127.0.0.1", support.port(), "", "after-fuzz"))
            {
                assertTrue(publisher.publish(TcpTestSupport.event("after-" + i + "-" + System.nanoTime(), ""))
                    .get(10, TimeUnit.SECONDS).seq() > 0);
            }
        }
    }
}
