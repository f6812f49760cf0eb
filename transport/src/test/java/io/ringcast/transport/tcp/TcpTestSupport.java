package io.ringcast.transport.tcp;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.ringcast.engine.delivery.DeliveryPort;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.journal.JournalPort;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.transport.auth.AuthException;
import io.ringcast.transport.auth.Authenticator;
import io.ringcast.transport.auth.OpenAuthenticator;
import io.ringcast.transport.auth.Principal;

/** An engine plus a TCP ingest server on loopback, and raw frame helpers, for the transport tests. */
public final class TcpTestSupport implements AutoCloseable
{
    public final RingcastEngine engine;
    public final TcpIngestServer server;

    public TcpTestSupport(final EngineConfig engineConfig, final JournalPort journal, final DeliveryPort delivery,
        final TcpIngestConfig config, final Authenticator authenticator)
    {
        this(engineConfig, journal, delivery, config, authenticator, Clock.systemUTC());
    }

    public TcpTestSupport(final EngineConfig engineConfig, final JournalPort journal, final DeliveryPort delivery,
        final TcpIngestConfig config, final Authenticator authenticator, final Clock clock)
    {
        engine = RingcastEngine.start(engineConfig, journal, delivery);
        server = TcpIngestServer.start(config, engine, journal::headSeq, () -> "epoch-1", authenticator, clock);
    }

    public TcpTestSupport(final DeliveryPort delivery)
    {
        this(EngineConfig.defaults(), new InMemoryJournal(), delivery, TcpIngestConfig.defaults().withPort(0),
            OpenAuthenticator.INSTANCE);
    }

    /** Admits the tokens {@code admits} accepts (as "anonymous", allowed everything); others: "token refused". */
    public static Authenticator tokens(final Predicate<String> admits)
    {
        return new Authenticator()
        {
            @Override
            public boolean required()
            {
                return true;
            }

            @Override
            public Principal authenticate(final String token) throws AuthException
            {
                if (!admits.test(token == null ? "" : token))
                {
                    throw new AuthException("token refused");
                }
                return Principal.anonymous("anonymous");
            }
        };
    }

    public int port()
    {
        return server.port();
    }

    /** Subscribes a client to a topic pattern and waits until the engine applied it. */
    public void subscribe(final String clientId, final String id, final String pattern) throws Exception
    {
        final CompletableFuture<CommandStatus> done = new CompletableFuture<>();
        engine.subscribe(new Subscription(clientId, id, TopicPattern.parse(pattern), null, BatchPolicy.DEFAULT, 0),
            (kind, client, sub, status, seq) -> done.complete(status));
        done.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close()
    {
        server.close();
        engine.close();
    }

    public static Event event(final String id, final String dedupKey)
    {
        return new Event(0, id, dedupKey, "models.openai.gpt-x", Priority.NORMAL, 1_700_000_000_000L,
            Map.of("providerName", "openai"), ContentType.JSON,
            ("{\"n\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    // ---- raw frames ----

    public static byte[] frame(final int type, final byte[] body)
    {
        return ByteBuffer.allocate(5 + body.length).order(ByteOrder.LITTLE_ENDIAN)
            .putInt(1 + body.length).put((byte)type).put(body).array();
    }

    public static byte[] hello(final int version, final String token, final String name)
    {
        final byte[] t = token.getBytes(StandardCharsets.UTF_8);
        final byte[] n = name.getBytes(StandardCharsets.UTF_8);
        return frame(TcpProtocol.HELLO, ByteBuffer.allocate(6 + t.length + n.length).order(ByteOrder.LITTLE_ENDIAN)
            .putShort((short)version).putShort((short)t.length).put(t).putShort((short)n.length).put(n).array());
    }

    public static byte[] publish(final long correlationId, final byte[] event)
    {
        return frame(TcpProtocol.PUBLISH, ByteBuffer.allocate(8 + event.length).order(ByteOrder.LITTLE_ENDIAN)
            .putLong(correlationId).put(event).array());
    }

    public static byte[] ping(final long nonce)
    {
        return frame(TcpProtocol.PING, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(nonce).array());
    }

    /** A frame read back: type and body (little-endian). */
    public record Frame(int type, ByteBuffer body)
    {
        public long correlationId()
        {
            return body.getLong(0);
        }

        public int nackCode()
        {
            return body.getShort(8) & 0xFFFF;
        }

        public String nackMessage()
        {
            final int length = body.getShort(10) & 0xFFFF;
            return new String(body.array(), body.arrayOffset() + 12, length, StandardCharsets.UTF_8);
        }

        public long ackSeq()
        {
            return body.getLong(8);
        }

        public int ackStatus()
        {
            return body.get(16);
        }
    }

    /** A blocking socket client with every read bounded by a timeout. */
    public static final class RawClient implements AutoCloseable
    {
        private final Socket socket;
        private final OutputStream out;
        private final DataInputStream in;

        public RawClient(final int port, final int readTimeoutMillis) throws IOException
        {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(readTimeoutMillis);
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new DataInputStream(socket.getInputStream());
        }

        public RawClient send(final byte[] bytes) throws IOException
        {
            out.write(bytes);
            out.flush();
            return this;
        }

        /** The next frame, or null when the server closed the connection. Throws on read timeout. */
        public Frame read() throws IOException
        {
            final byte[] prefix = new byte[4];
            if (!readFully(in, prefix))
            {
                return null;
            }
            final int length = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getInt();
            final byte[] rest = new byte[length];
            if (!readFully(in, rest))
            {
                return null;
            }
            return new Frame(rest[0], ByteBuffer.wrap(rest, 1, length - 1).slice().order(ByteOrder.LITTLE_ENDIAN));
        }

        /** True when the server closed the connection (EOF or reset) before any further frame. */
        public boolean closedByServer() throws IOException
        {
            try
            {
                return in.read() == -1;
            }
            catch (final java.net.SocketException ex)
            {
                return true; // reset by the server
            }
        }

        public Frame handshake() throws IOException
        {
            return handshake("");
        }

        /** HELLO with {@code token}; fails unless the answer is WELCOME. */
        public Frame handshake(final String token) throws IOException
        {
            send(hello(TcpProtocol.VERSION, token, "raw"));
            final Frame welcome = read();
            if (welcome == null || welcome.type() != TcpProtocol.WELCOME)
            {
                throw new IllegalStateException("no WELCOME: " + welcome);
            }
            return welcome;
        }

        private static boolean readFully(final InputStream in, final byte[] into) throws IOException
        {
            int n = 0;
            while (n < into.length)
            {
                final int r;
                try
                {
                    r = in.read(into, n, into.length - n);
                }
                catch (final java.net.SocketException ex)
                {
                    return false;
                }
                if (r < 0)
                {
                    return false;
                }
                n += r;
            }
            return true;
        }

        @Override
        public void close() throws IOException
        {
            socket.close();
        }
    }
}
