package io.ringcast.transport.tcp;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.util.concurrent.GlobalEventExecutor;

import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.transport.NettyTransport;
import io.ringcast.transport.auth.Authenticator;

/**
 * The binary TCP ingest: publishers connect, say HELLO, and PUBLISH engine-codec events, which go straight
 * onto the engine's ring; each is answered with an ACK (or NACK) once the journal stage has the outcome.
 * The protocol is in {@code transport/PROTOCOL.md}.
 * <p>
 * Threads: one acceptor thread and {@link TcpIngestConfig#ioThreads()} event loops, each with its own
 * {@link EnginePublisher}. {@link #start} and {@link #close} may be called from any thread.
 */
public final class TcpIngestServer implements AutoCloseable
{
    private static final long CLOSE_TIMEOUT_MILLIS = 5_000;

    private final TcpIngestConfig config;
    private final RingcastEngine engine;
    private final LongSupplier headSeq;
    private final Supplier<String> epoch;
    private final Authenticator authenticator;
    private final Clock clock;
    private final NettyTransport transport;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ChannelGroup connections =
        new DefaultChannelGroup("ringcast-tcp-ingest", GlobalEventExecutor.INSTANCE);
    private final FastThreadLocal<EnginePublisher> publishers = new FastThreadLocal<>()
    {
        @Override
        protected EnginePublisher initialValue()
        {
            return engine.newPublisher();
        }
    };
    private final Channel serverChannel;
    private volatile boolean closed;

    private TcpIngestServer(final TcpIngestConfig config, final RingcastEngine engine, final LongSupplier headSeq,
        final Supplier<String> epoch, final Authenticator authenticator, final Clock clock)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.headSeq = Objects.requireNonNull(headSeq, "headSeq");
        this.epoch = Objects.requireNonNull(epoch, "epoch");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.clock = Objects.requireNonNull(clock, "clock");

        transport = NettyTransport.choose(config.nativeTransport());
        final IoHandlerFactory factory = transport.ioHandlerFactory();
        final Class<? extends ServerChannel> channelType = transport.serverChannel();
        bossGroup = new MultiThreadIoEventLoopGroup(1, factory);
        workerGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), factory);
        try
        {
            final ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel ch)
                    {
                        connections.add(ch);
                        ch.pipeline().addLast("ingest", new TcpIngestHandler(TcpIngestServer.this));
                    }
                });
            serverChannel = bootstrap.bind(config.bindAddress(), config.port()).syncUninterruptibly().channel();
        }
        catch (final RuntimeException ex)
        {
            bossGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workerGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw ex;
        }
    }

    /**
     * Binds and starts serving. Returns once the socket is bound.
     *
     * @param config         listen address, limits, threads and backpressure mode
     * @param engine         the engine publishes go to (the caller keeps it running until this server is closed)
     * @param headSeq        the journal's head seq, reported in each WELCOME
     * @param epoch          the journal's epoch, reported in each WELCOME ("" when unknown)
     * @param authenticator  turns each HELLO's token into a principal whose publish patterns and expiry apply to
     *                       the connection ({@link io.ringcast.transport.auth.OpenAuthenticator} to admit everyone)
     */
    public static TcpIngestServer start(final TcpIngestConfig config, final RingcastEngine engine,
        final LongSupplier headSeq, final Supplier<String> epoch, final Authenticator authenticator)
    {
        return new TcpIngestServer(config, engine, headSeq, epoch, authenticator, Clock.systemUTC());
    }

    /**
     * As {@link #start(TcpIngestConfig, RingcastEngine, LongSupplier, Supplier, Authenticator)}, with the clock
     * that token expiry is measured on (tests); the connection's expiry timer itself runs in real time.
     */
    public static TcpIngestServer start(final TcpIngestConfig config, final RingcastEngine engine,
        final LongSupplier headSeq, final Supplier<String> epoch, final Authenticator authenticator,
        final Clock clock)
    {
        return new TcpIngestServer(config, engine, headSeq, epoch, authenticator, clock);
    }

    /** The port actually bound (useful with port 0). */
    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    /** The configuration served. */
    public TcpIngestConfig config()
    {
        return config;
    }

    /** The I/O transport the server runs on (epoll where available unless configured off). */
    public NettyTransport transport()
    {
        return transport;
    }

    /** Open publisher connections right now. */
    public int connectionCount()
    {
        return connections.size();
    }

    Authenticator authenticator()
    {
        return authenticator;
    }

    /** Wall-clock now, epoch millis, for token expiry. */
    long currentTimeMillis()
    {
        return clock.millis();
    }

    long headSeq()
    {
        return headSeq.getAsLong();
    }

    String epoch()
    {
        final String e = epoch.get();
        return e == null ? "" : e;
    }

    /** The calling event loop's publisher, created on first use. */
    EnginePublisher publisherForThisThread()
    {
        return publishers.get();
    }

    /**
     * Stops accepting, stops reading from every connection, waits (up to 5 s) until each connection's queued
     * publishes are answered and flushed, closes the connections and shuts the event loops down. Idempotent.
     * Close this before the engine.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        serverChannel.close().syncUninterruptibly();
        for (final Channel ch : connections)
        {
            final TcpIngestHandler handler = ch.pipeline().get(TcpIngestHandler.class);
            if (handler != null)
            {
                ch.eventLoop().execute(handler::closeGracefully);
            }
        }
        if (!connections.newCloseFuture().awaitUninterruptibly(CLOSE_TIMEOUT_MILLIS))
        {
            connections.close().awaitUninterruptibly(CLOSE_TIMEOUT_MILLIS);
        }
        bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
