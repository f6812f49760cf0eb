package io.ringcast.transport.ws;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;

import io.ringcast.engine.pipeline.RingcastEngine;

/**
 * The WebSocket endpoint: an HTTP server that upgrades {@code GET /ws} to a WebSocket speaking the JSON protocol
 * of {@code transport/PROTOCOL.md} (subscribe, unsubscribe, pause, resume, ping) and answers every other path
 * with 404. Events reach the connections through a {@link WebSocketDelivery} plugged into the engine.
 * <p>
 * Threads: one acceptor thread and {@link WebSocketConfig#ioThreads()} event loops. {@link #start} and
 * {@link #close} may be called from any thread.
 */
public final class WebSocketServer implements AutoCloseable
{
    /** The upgrade path. */
    public static final String PATH = "/ws";

    private static final long CLOSE_TIMEOUT_MILLIS = 5_000;

    private final WebSocketConfig config;
    private final RingcastEngine engine;
    private final LongSupplier headSeq;
    private final Supplier<String> epoch;
    private final HttpRoutes routes;
    private final ObjectMapper mapper = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    private final ConcurrentHashMap<String, WebSocketConnection> clients = new ConcurrentHashMap<>();
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ChannelGroup connections = new DefaultChannelGroup("ringcast-ws", GlobalEventExecutor.INSTANCE);
    private final Channel serverChannel;
    private volatile boolean closed;

    private WebSocketServer(final WebSocketConfig config, final RingcastEngine engine, final LongSupplier headSeq,
        final Supplier<String> epoch, final HttpRoutes routes)
    {
        this.routes = routes;
        this.config = Objects.requireNonNull(config, "config");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.headSeq = Objects.requireNonNull(headSeq, "headSeq");
        this.epoch = Objects.requireNonNull(epoch, "epoch");

        bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), NioIoHandler.newFactory());
        final WebSocketServerProtocolConfig protocolConfig = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath(PATH)
            .checkStartsWith(true)
            .maxFramePayloadLength(config.maxFrameSize())
            .allowExtensions(false)
            .handleCloseFrames(true)
            .dropPongFrames(true)
            .build();
        try
        {
            final ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                    new WriteBufferWaterMark(config.writeLowWaterMark(), config.writeHighWaterMark()))
                .childHandler(new ChannelInitializer<SocketChannel>()
                {
                    @Override
                    protected void initChannel(final SocketChannel ch)
                    {
                        if (config.sendBufferBytes() > 0)
                        {
                            ch.config().setSendBufferSize(config.sendBufferBytes());
                        }
                        connections.add(ch);
                        final WebSocketConnection connection = new WebSocketConnection(WebSocketServer.this, ch);
                        ch.pipeline()
                            .addLast("http", new HttpServerCodec())
                            .addLast("aggregator", new HttpObjectAggregator(8192))
                            .addLast("gate", new WebSocketHttpGate(WebSocketServer.this, connection))
                            .addLast("protocol", new WebSocketServerProtocolHandler(protocolConfig))
                            .addLast("frames", new WebSocketFrameAggregator(config.maxFrameSize()))
                            .addLast("heartbeat", new IdleStateHandler(0, config.heartbeatMillis(), 0,
                                TimeUnit.MILLISECONDS))
                            .addLast("connection", connection);
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
     * Binds and starts serving. Returns once the socket is bound. The engine must deliver through a
     * {@link WebSocketDelivery} for subscribers to receive events.
     *
     * @param config  listen address, limits and threads
     * @param engine  the engine subscriptions go to (the caller keeps it running until this server is closed)
     * @param headSeq the journal's head seq, reported in each welcome
     * @param epoch   the journal's epoch, reported in each welcome ("" when unknown)
     */
    public static WebSocketServer start(final WebSocketConfig config, final RingcastEngine engine,
        final LongSupplier headSeq, final Supplier<String> epoch)
    {
        return new WebSocketServer(config, engine, headSeq, epoch, null);
    }

    /** As {@link #start(WebSocketConfig, RingcastEngine, LongSupplier, Supplier)}, also serving {@code routes}. */
    public static WebSocketServer start(final WebSocketConfig config, final RingcastEngine engine,
        final LongSupplier headSeq, final Supplier<String> epoch, final HttpRoutes routes)
    {
        return new WebSocketServer(config, engine, headSeq, epoch, routes);
    }

    /** The plain HTTP routes served beside /ws, or null. */
    HttpRoutes routes()
    {
        return routes;
    }

    /** The port actually bound (useful with port 0). */
    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    /** The configuration served. */
    public WebSocketConfig config()
    {
        return config;
    }

    /** Open connections right now (upgraded or not). */
    public int connectionCount()
    {
        return connections.size();
    }

    RingcastEngine engine()
    {
        return engine;
    }

    ObjectMapper mapper()
    {
        return mapper;
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

    /** Claims a client id for one connection; false when another open connection holds it. */
    boolean claimClient(final String clientId, final WebSocketConnection connection)
    {
        return clients.putIfAbsent(clientId, connection) == null;
    }

    void releaseClient(final String clientId, final WebSocketConnection connection)
    {
        clients.remove(clientId, connection);
    }

    /**
     * Stops accepting, closes every WebSocket with status 1001 (going away), waits up to 5 s for the closes,
     * then shuts the event loops down. Idempotent. Close this before the engine.
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
            final WebSocketConnection connection = ch.pipeline().get(WebSocketConnection.class);
            if (connection != null)
            {
                connection.closeGoingAway();
            }
            else
            {
                ch.close();
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
