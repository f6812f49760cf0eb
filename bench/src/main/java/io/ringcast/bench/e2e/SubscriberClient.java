package io.ringcast.bench.e2e;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;

import io.ringcast.transport.NettyTransport;

/**
 * The harness's WebSocket subscribers, the same client for every system: N connections on ONE Netty event loop
 * group of {@link #IO_THREADS} threads (epoll where available), each running a {@link SubscriberSession} of the
 * system's {@link SubscriberProtocol} behind Netty's {@link WebSocketClientProtocolHandler} (which answers the
 * server's pings with pongs by itself) and a {@link WebSocketFrameAggregator} (a fragmented message is measured
 * whole), and measuring every data frame into one {@link DeliveryMeter}.
 * <p>
 * Handshakes are paced: at most {@link #HANDSHAKES_IN_FLIGHT} at a time, so 1,000 connections do not storm the
 * server's accept queue. A connection whose writes were idle for {@link #KEEP_ALIVE_IDLE} sends the session's
 * keep-alive frame.
 * <p>
 * Threads: {@link #connect}, {@link #close} on the run's main thread; the counters from any thread.
 */
public final class SubscriberClient implements AutoCloseable
{
    /** Event loop threads for all connections. */
    public static final int IO_THREADS = 2;

    /** WebSocket handshakes in progress at most. */
    public static final int HANDSHAKES_IN_FLIGHT = 256;

    /** Write-idle time after which a session's keep-alive frame is sent. */
    public static final Duration KEEP_ALIVE_IDLE = Duration.ofSeconds(20);

    private static final int MAX_MESSAGE_BYTES = 16 << 20;
    private static final int HANDSHAKE_RESPONSE_BYTES = 64 << 10;
    private static final long HANDSHAKE_TIMEOUT_MILLIS = 60_000;

    private final DeliveryMeter meter;
    private final PrintStream progress;
    private final EventLoopGroup group;
    private final NettyTransport transport = NettyTransport.choose(true);
    private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final Semaphore handshakes = new Semaphore(HANDSHAKES_IN_FLIGHT);
    private final AtomicInteger ready = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private int connections;

    /**
     * A client measuring into {@code meter}, printing connection progress to {@code progress}. Starts the event
     * loop threads.
     */
    public SubscriberClient(final DeliveryMeter meter, final PrintStream progress)
    {
        this.meter = meter;
        this.progress = progress;
        this.group = new MultiThreadIoEventLoopGroup(IO_THREADS, transport.ioHandlerFactory());
    }

    /**
     * Opens {@code spec.connections()} connections with their topics from {@link TopicLayout} and waits until
     * every session is {@link SubscriberSession#ready() ready}, printing progress.
     *
     * @throws IllegalStateException when not every connection is ready within {@code timeout}, with the counts and
     *                               the first error
     */
    public void connect(final SubscriberProtocol protocol, final LoadSpec spec, final Duration timeout)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final int total = spec.connections();
        connections += total;
        final Bootstrap bootstrap = new Bootstrap().group(group).channel(transport.socketChannel())
            .option(ChannelOption.TCP_NODELAY, true);
        final int progressEvery = Math.max(1, total / 10);
        for (int c = 0; c < total; c++)
        {
            if (!handshakes.tryAcquire(remainingNanos(deadline), TimeUnit.NANOSECONDS))
            {
                throw notReady("handshakes did not finish", total);
            }
            open(bootstrap, protocol, spec, c);
            if ((c + 1) % progressEvery == 0)
            {
                progress.printf("  subscribers: %,d/%,d connecting, %,d ready%n", c + 1, total, ready.get());
            }
        }
        while (ready.get() < connections)
        {
            if (closed.get() > 0 || System.nanoTime() - deadline > 0)
            {
                throw notReady("not every connection confirmed its subscriptions", total);
            }
            // polls: readiness is counted on the event loops; a tenth of a second is plenty for a setup phase
            Thread.sleep(100);
        }
        progress.printf("  subscribers: %,d connections ready (%,d subscriptions, %,d topics)%n", total,
            (long)total * spec.subscriptionsPerConnection(), spec.topics());
    }

    /** Connections whose sessions became ready. */
    public int readyConnections()
    {
        return ready.get();
    }

    /** Connections that closed (by either side) so far. */
    public int closedConnections()
    {
        return closed.get();
    }

    /** Protocol errors and connection exceptions so far. */
    public long errors()
    {
        return errors.get();
    }

    /** The first error's description, or null. */
    public String firstError()
    {
        return firstError.get();
    }

    /** Closes every connection and stops the event loop threads. Idempotent. */
    @Override
    public void close()
    {
        channels.close().awaitUninterruptibly(10, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    void onHandshakeSettled()
    {
        handshakes.release();
    }

    void onReady()
    {
        ready.incrementAndGet();
    }

    void onClosed()
    {
        closed.incrementAndGet();
    }

    void onError(final int connection, final String description)
    {
        errors.incrementAndGet();
        firstError.compareAndSet(null, "connection " + connection + ": " + description);
    }

    private void open(final Bootstrap bootstrap, final SubscriberProtocol protocol, final LoadSpec spec,
        final int connection)
    {
        final URI uri = protocol.uri(connection);
        final SubscriberHandler handler = new SubscriberHandler(connection,
            protocol.open(connection, TopicLayout.topicsOf(spec, connection)), this, meter);
        final WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .subprotocol(protocol.subprotocol())
            .maxFramePayloadLength(MAX_MESSAGE_BYTES)
            .handshakeTimeoutMillis(HANDSHAKE_TIMEOUT_MILLIS)
            .build();
        final Channel channel = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>()
        {
            @Override
            protected void initChannel(final SocketChannel ch)
            {
                ch.pipeline()
                    .addLast(new HttpClientCodec())
                    .addLast(new HttpObjectAggregator(HANDSHAKE_RESPONSE_BYTES))
                    .addLast(new WebSocketClientProtocolHandler(config))
                    .addLast(new WebSocketFrameAggregator(MAX_MESSAGE_BYTES))
                    .addLast(new IdleStateHandler(0, KEEP_ALIVE_IDLE.toSeconds(), 0, TimeUnit.SECONDS))
                    .addLast(handler);
            }
        }).connect(uri.getHost(), port(uri)).addListener(f ->
        {
            if (!f.isSuccess())
            {
                onError(connection, "connect to " + uri + " failed: " + f.cause());
                onClosed();
                handshakes.release();
            }
        }).channel();
        channels.add(channel);
    }

    private IllegalStateException notReady(final String what, final int total)
    {
        return new IllegalStateException(what + ": " + ready.get() + " of " + total + " connections ready, " +
            closed.get() + " closed, " + errors.get() + " errors" +
            (firstError.get() == null ? "" : "; first error: " + firstError.get()));
    }

    private static long remainingNanos(final long deadline)
    {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static int port(final URI uri)
    {
        if (uri.getPort() > 0)
        {
            return uri.getPort();
        }
        return "wss".equals(uri.getScheme()) ? 443 : 80;
    }
}
