package io.ringcast.client;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.util.concurrent.EventExecutor;

import io.ringcast.engine.event.Event;
import io.ringcast.transport.NettyTransport;
import io.ringcast.transport.tcp.NackCode;
import io.ringcast.transport.tcp.TcpProtocol;

/**
 * Java SDK publisher for the binary TCP ingest ({@code transport/PROTOCOL.md}): connects, handshakes and
 * pipelines PUBLISH frames, completing each returned future when the server's ACK or NACK arrives.
 * <p>
 * Thread-safe: any thread may publish. One Netty event loop thread (owned by this publisher) does the I/O and
 * completes the futures, so dependent actions run there unless made async; they must not block it.
 * <p>
 * In-flight bound: at {@link PublisherConfig#maxInFlight()} unanswered publishes, {@code publish} <b>waits</b>
 * for an answer to free a place (it fails fast, with {@link IllegalStateException}, only when called on the
 * publisher's own event loop thread, where waiting would deadlock).
 * <p>
 * Reconnect: when the connection drops, every unanswered publish fails with {@link ConnectionLostException}
 * and the next {@code publish} reconnects (exponential backoff with jitter, bounded attempts). Nothing is
 * re-sent automatically: an event whose future failed may or may not be journaled, and re-sending it is the
 * caller's choice; it is safe, because its dedup key (its id when it has none) makes a repeat inside the
 * server's dedup window an ACK {@link Ack#duplicate() duplicate} carrying the original seq.
 */
public final class RingcastPublisher implements AutoCloseable
{
    private static final int MAX_SERVER_FRAME = 1 << 17;

    private final String host;
    private final int port;
    private final String token;
    private final String clientName;
    private final PublisherConfig config;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NettyTransport.choose(true).ioHandlerFactory());
    private final Semaphore permits;
    private final AtomicLong correlationIds = new AtomicLong();
    private final Object connectLock = new Object();
    private volatile PublisherConnection connection;
    private volatile boolean closed;

    private RingcastPublisher(final String host, final int port, final String token, final String clientName,
        final PublisherConfig config)
    {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.token = token == null ? "" : token;
        this.clientName = clientName == null ? "" : clientName;
        this.config = Objects.requireNonNull(config, "config");
        this.permits = new Semaphore(config.maxInFlight());
    }

    /** {@link #connect(String, int, String, String, PublisherConfig)} with {@link PublisherConfig#defaults()}. */
    public static RingcastPublisher connect(final String host, final int port, final String token,
        final String clientName)
    {
        return connect(host, port, token, clientName, PublisherConfig.defaults());
    }

    /**
     * Connects and completes the handshake (WELCOME received). Blocks the caller for at most the connect timeout.
     *
     * @throws ConnectionLostException  when the server cannot be reached or closes during the handshake
     * @throws PublishRejectedException when the server refuses the HELLO (UNAUTHORIZED, UNSUPPORTED_VERSION)
     */
    public static RingcastPublisher connect(final String host, final int port, final String token,
        final String clientName, final PublisherConfig config)
    {
        final RingcastPublisher publisher = new RingcastPublisher(host, port, token, clientName, config);
        try
        {
            publisher.connection = publisher.open();
            return publisher;
        }
        catch (final RuntimeException ex)
        {
            publisher.close();
            throw ex;
        }
    }

    /** The journal head seq the server reported in the current connection's WELCOME. */
    public long headSeq()
    {
        final PublisherConnection c = connection;
        return c == null ? 0 : c.headSeq();
    }

    /** The journal epoch the server reported in the current connection's WELCOME ("" when unknown). */
    public String epoch()
    {
        final PublisherConnection c = connection;
        return c == null ? "" : c.epoch();
    }

    /** True while the current connection is up. */
    public boolean isConnected()
    {
        final PublisherConnection c = connection;
        return c != null && !c.isLost();
    }

    /** Encodes {@code event} (allocates its bytes) and publishes it; see {@link #publish(byte[], int, int)}. */
    public CompletableFuture<Ack> publish(final Event event)
    {
        return publish(event.toBytes());
    }

    /** Publishes an event already in the engine codec; see {@link #publish(byte[], int, int)}. */
    public CompletableFuture<Ack> publish(final byte[] encodedEvent)
    {
        return publish(encodedEvent, 0, encodedEvent.length);
    }

    /**
     * Sends one PUBLISH without waiting for earlier answers. Any thread. Waits while the in-flight bound is
     * reached, and reconnects first when the connection dropped (both block the caller). Allocates the future
     * and a pooled frame buffer.
     *
     * @return completes with the {@link Ack}; exceptionally with {@link PublishRejectedException} on NACK
     * (malformed, busy, journal failure, frame too large) or {@link ConnectionLostException} when the
     * connection is lost first (see the class doc on re-sending)
     */
    public CompletableFuture<Ack> publish(final byte[] encodedEvent, final int offset, final int length)
    {
        if (closed)
        {
            return CompletableFuture.failedFuture(new ConnectionLostException("publisher is closed", null));
        }
        final boolean onLoop = onEventLoop();
        if (onLoop)
        {
            if (!permits.tryAcquire())
            {
                return CompletableFuture.failedFuture(new IllegalStateException(
                    "in-flight bound reached and publish was called on the publisher's event loop thread"));
            }
        }
        else
        {
            try
            {
                permits.acquire();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(ex);
            }
        }
        final PublisherConnection c;
        try
        {
            c = ensureConnected(onLoop);
        }
        catch (final RuntimeException ex)
        {
            permits.release();
            return CompletableFuture.failedFuture(ex);
        }
        if (TcpProtocol.PUBLISH_HEADER_LENGTH + (long)length > c.maxFrameLength())
        {
            permits.release();
            return CompletableFuture.failedFuture(new PublishRejectedException(NackCode.FRAME_TOO_LARGE.code(),
                "event of " + length + " bytes does not fit the server's frame limit of " + c.maxFrameLength(), 0));
        }
        final long correlationId = correlationIds.incrementAndGet();
        final CompletableFuture<Ack> future = new CompletableFuture<>();
        if (c.register(correlationId, future))
        {
            final Channel ch = c.channel();
            final ByteBuf frame =
                ch.alloc().buffer(TcpProtocol.LENGTH_FIELD + TcpProtocol.PUBLISH_HEADER_LENGTH + length);
            frame.writeIntLE(TcpProtocol.PUBLISH_HEADER_LENGTH + length);
            frame.writeByte(TcpProtocol.PUBLISH);
            frame.writeLongLE(correlationId);
            frame.writeBytes(encodedEvent, offset, length);
            ch.writeAndFlush(frame, ch.voidPromise());
        }
        return future;
    }

    /**
     * Closes the connection and the event loop; every unanswered publish completes with
     * {@link ConnectionLostException}. Idempotent; any thread but the publisher's own event loop.
     */
    @Override
    public void close()
    {
        closed = true;
        final PublisherConnection c = connection;
        if (c != null)
        {
            final Channel ch = c.channel();
            if (ch != null)
            {
                ch.close().awaitUninterruptibly();
            }
            c.lost(null);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private boolean onEventLoop()
    {
        for (final EventExecutor e : group)
        {
            if (e.inEventLoop())
            {
                return true;
            }
        }
        return false;
    }

    private PublisherConnection ensureConnected(final boolean onLoop)
    {
        PublisherConnection c = connection;
        if (c != null && !c.isLost())
        {
            return c;
        }
        if (onLoop)
        {
            throw new ConnectionLostException(
                "not connected, and reconnecting from the event loop would deadlock", null);
        }
        synchronized (connectLock)
        {
            c = connection;
            if (c != null && !c.isLost())
            {
                return c;
            }
            RuntimeException last = null;
            for (int attempt = 0; attempt < config.reconnectAttempts(); attempt++)
            {
                if (closed)
                {
                    throw new ConnectionLostException("publisher is closed", last);
                }
                if (attempt > 0)
                {
                    LockSupport.parkNanos(backoffNanos(attempt));
                }
                try
                {
                    c = open();
                    connection = c;
                    return c;
                }
                catch (final ConnectionLostException ex)
                {
                    last = ex;
                }
            }
            throw new ConnectionLostException("could not reconnect to " + host + ":" + port + " in " +
                config.reconnectAttempts() + " attempts", last);
        }
    }

    private long backoffNanos(final int attempt)
    {
        final long base = config.reconnectBaseDelay().toNanos();
        final long capped = Math.min(config.reconnectMaxDelay().toNanos(), base << Math.min(attempt - 1, 30));
        return capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1); // jitter: half to full delay
    }

    private PublisherConnection open()
    {
        final PublisherConnection c = new PublisherConnection(permits);
        final long timeoutMillis = config.connectTimeout().toMillis();
        final Bootstrap bootstrap = new Bootstrap()
            .group(group)
            .channel(NettyTransport.choose(true).socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)Math.min(Integer.MAX_VALUE, timeoutMillis))
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline()
                        .addLast(new FlushConsolidationHandler(256, true))
                        .addLast(new LengthFieldBasedFrameDecoder(ByteOrder.LITTLE_ENDIAN, MAX_SERVER_FRAME, 0, 4, 0, 4,
                            true))
                        .addLast(c);
                }
            });
        final ChannelFuture connected = bootstrap.connect(host, port);
        if (!connected.awaitUninterruptibly(timeoutMillis) || !connected.isSuccess())
        {
            connected.channel().close();
            throw new ConnectionLostException("cannot connect to " + host + ":" + port, connected.cause());
        }
        final Channel ch = connected.channel();
        final byte[] tokenBytes = token.getBytes(StandardCharsets.UTF_8);
        final byte[] nameBytes = clientName.getBytes(StandardCharsets.UTF_8);
        final ByteBuf hello = ch.alloc().buffer(16 + tokenBytes.length + nameBytes.length);
        hello.writeIntLE(1 + 2 + 2 + tokenBytes.length + 2 + nameBytes.length);
        hello.writeByte(TcpProtocol.HELLO);
        hello.writeShortLE(TcpProtocol.VERSION);
        hello.writeShortLE(tokenBytes.length);
        hello.writeBytes(tokenBytes);
        hello.writeShortLE(nameBytes.length);
        hello.writeBytes(nameBytes);
        ch.writeAndFlush(hello, ch.voidPromise());
        try
        {
            return c.welcome.get(timeoutMillis, TimeUnit.MILLISECONDS);
        }
        catch (final ExecutionException ex)
        {
            ch.close();
            if (ex.getCause() instanceof PublishRejectedException)
            {
                throw (PublishRejectedException)ex.getCause();
            }
            throw new ConnectionLostException("handshake with " + host + ":" + port + " failed", ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            ch.close();
            throw new ConnectionLostException(
                "no WELCOME from " + host + ":" + port + " in " + timeoutMillis + " ms", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            ch.close();
            throw new ConnectionLostException("interrupted during the handshake", ex);
        }
    }
}
