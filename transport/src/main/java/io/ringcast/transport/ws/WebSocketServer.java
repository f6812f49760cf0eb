package io.ringcast.transport.ws;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.GlobalEventExecutor;

import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.deadletter.DeadLetterStore;
import io.ringcast.transport.webhook.WebhookDispatcher;
import io.ringcast.transport.NettyTransport;
import io.ringcast.transport.auth.Authenticator;
import io.ringcast.transport.auth.OpenAuthenticator;

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
    private final ChronicleJournal journal;
    private final Authenticator authenticator;
    private final ExecutorService catchUpExecutor;
    private final DeadLetterWriter deadLetterWriter;
    private final NettyTransport transport;
    private final ObjectMapper mapper = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    private final ConcurrentHashMap<String, WebSocketConnection> clients = new ConcurrentHashMap<>();
    private final UserSessions sessions = new UserSessions();
    private final ServerSideDelivery serverSide;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup workerGroup;
    private final ChannelGroup connections = new DefaultChannelGroup("ringcast-ws", GlobalEventExecutor.INSTANCE);
    private final Channel serverChannel;
    private volatile boolean closed;

    private WebSocketServer(final Builder builder)
    {
        this.config = Objects.requireNonNull(builder.config, "config");
        this.engine = Objects.requireNonNull(builder.engine, "engine");
        this.journal = builder.journal;
        this.headSeq = builder.headSeq != null ? builder.headSeq : journal != null ? journal::headSeq : () -> 0;
        this.epoch = builder.epoch != null ? builder.epoch : journal != null ? journal::epoch : () -> "";
        this.routes = builder.routes;
        this.authenticator = builder.authenticator != null ? builder.authenticator : OpenAuthenticator.INSTANCE;
        if (config.slowConsumerPolicy() == SlowConsumerPolicy.DEAD_LETTER && builder.deadLetters == null)
        {
            throw new IllegalArgumentException("the dead-letter slow-consumer policy needs a dead-letter store");
        }
        this.deadLetterWriter = builder.deadLetters == null ? null :
            new DeadLetterWriter(builder.deadLetters);
        if (builder.delivery != null)
        {
            serverSide = new ServerSideDelivery(sessions, builder.webhooks, deadLetterWriter, engine.userPolicies());
            builder.delivery.serverSide(serverSide);
        }
        else
        {
            serverSide = null;
        }
        final AtomicInteger catchUpThreadCount = new AtomicInteger();
        this.catchUpExecutor = Executors.newFixedThreadPool(config.catchUpThreads(), r ->
        {
            final Thread t = new Thread(r, "ringcast-catch-up-" + catchUpThreadCount.incrementAndGet());
            t.setDaemon(true);
            return t;
        });

        transport = NettyTransport.choose(config.nativeTransport());
        bossGroup = new MultiThreadIoEventLoopGroup(1, transport.ioHandlerFactory());
        workerGroup = new MultiThreadIoEventLoopGroup(config.ioThreads(), transport.ioHandlerFactory());
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
                .channel(transport.serverChannel())
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
                            .addLast("liveness", new LivenessTracker(connection))
                            .addLast("http", new HttpServerCodec())
                            .addLast("aggregator", new HttpObjectAggregator(config.maxHttpBodyBytes()))
                            .addLast("gate", new WebSocketHttpGate(WebSocketServer.this, connection))
                            .addLast("protocol", new WebSocketServerProtocolHandler(protocolConfig))
                            .addLast("frames", new WebSocketFrameAggregator(config.maxFrameSize()))
                            .addLast("connection", connection);
                    }
                });
            serverChannel = bootstrap.bind(config.bindAddress(), config.port()).syncUninterruptibly().channel();
        }
        catch (final RuntimeException ex)
        {
            catchUpExecutor.shutdownNow();
            bossGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workerGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw ex;
        }
    }

    /**
     * Binds and starts serving without a journal (no resume) and without auth. Returns once the socket is bound.
     * The engine must deliver through a {@link WebSocketDelivery} for subscribers to receive events.
     *
     * @param config  listen address, limits and threads
     * @param engine  the engine subscriptions go to (the caller keeps it running until this server is closed)
     * @param headSeq the journal's head seq, reported in each welcome
     * @param epoch   the journal's epoch, reported in each welcome ("" when unknown)
     */
    public static WebSocketServer start(final WebSocketConfig config, final RingcastEngine engine,
        final LongSupplier headSeq, final Supplier<String> epoch)
    {
        return builder(config, engine).headSeq(headSeq).epoch(epoch).start();
    }

    /** As {@link #start(WebSocketConfig, RingcastEngine, LongSupplier, Supplier)}, also serving {@code routes}. */
    public static WebSocketServer start(final WebSocketConfig config, final RingcastEngine engine,
        final LongSupplier headSeq, final Supplier<String> epoch, final HttpRoutes routes)
    {
        return builder(config, engine).headSeq(headSeq).epoch(epoch).routes(routes).start();
    }

    /** A builder for a server on {@code engine}; add the journal (resume), routes and authenticator as needed. */
    public static Builder builder(final WebSocketConfig config, final RingcastEngine engine)
    {
        return new Builder(config, engine);
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

    /** The I/O transport the server runs on (epoll where available unless configured off). */
    public NettyTransport transport()
    {
        return transport;
    }

    /** The configuration served. */
    public WebSocketConfig config()
    {
        return config;
    }

    /**
     * Server-side subscriptions' batches so far by where they went ({@code session}, {@code webhook},
     * {@code fallback}, {@code offline}, {@code dropped}); empty when this server routes none. Any thread; allocates.
     */
    public Map<String, Long> serverSideBatches()
    {
        return serverSide == null ? Map.of() : serverSide.routes();
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

    /** The journal resumes replay from, or null (resume not supported). */
    ChronicleJournal journal()
    {
        return journal;
    }

    /** Who verifies tokens (an {@link OpenAuthenticator} when auth is off). */
    Authenticator authenticator()
    {
        return authenticator;
    }

    /** Records slow subscribers' events as dead letters, or null when the server has no dead-letter store. */
    DeadLetterWriter deadLetterWriter()
    {
        return deadLetterWriter;
    }

    /** Runs history replays for resuming subscriptions. */
    Executor catchUpExecutor()
    {
        return catchUpExecutor;
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
        if (clients.putIfAbsent(clientId, connection) != null)
        {
            return false;
        }
        sessions.add(clientId, connection);
        return true;
    }

    void releaseClient(final String clientId, final WebSocketConnection connection)
    {
        if (clients.remove(clientId, connection))
        {
            sessions.remove(clientId, connection);
        }
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
        catchUpExecutor.shutdownNow();
        if (deadLetterWriter != null)
        {
            deadLetterWriter.close();
        }
        bossGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workerGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Sets up a {@link WebSocketServer}; only the config and engine are required. */
    public static final class Builder
    {
        private final WebSocketConfig config;
        private final RingcastEngine engine;
        private ChronicleJournal journal;
        private LongSupplier headSeq;
        private Supplier<String> epoch;
        private HttpRoutes routes;
        private Authenticator authenticator;
        private DeadLetterStore deadLetters;
        private WebSocketDelivery delivery;
        private WebhookDispatcher webhooks;

        private Builder(final WebSocketConfig config, final RingcastEngine engine)
        {
            this.config = config;
            this.engine = engine;
        }

        /** The engine's journal: enables resume ({@code since}/{@code epoch}) and supplies head seq and epoch. */
        public Builder journal(final ChronicleJournal value)
        {
            journal = value;
            return this;
        }

        /** The head seq reported in each welcome (default: the journal's, else 0). */
        public Builder headSeq(final LongSupplier value)
        {
            headSeq = value;
            return this;
        }

        /** The epoch reported in each welcome (default: the journal's, else ""). */
        public Builder epoch(final Supplier<String> value)
        {
            epoch = value;
            return this;
        }

        /** Plain HTTP routes served beside {@code /ws}. */
        public Builder routes(final HttpRoutes value)
        {
            routes = value;
            return this;
        }

        /** Who verifies tokens (default: auth off). */
        public Builder authenticator(final Authenticator value)
        {
            authenticator = value;
            return this;
        }

        /**
         * Where undeliverable events are recorded: those of the {@link SlowConsumerPolicy#DEAD_LETTER} policy, those the
         * engine's delivery policies could not hold, and server-side subscriptions' batches for an offline user.
         */
        public Builder deadLetters(final DeadLetterStore value)
        {
            deadLetters = value;
            return this;
        }

        /**
         * The engine's delivery port: this server then routes server-side subscriptions through it, to their webhook,
         * their user's live WebSocket sessions or the user's fallback webhook (see {@link #webhooks}).
         */
        public Builder delivery(final WebSocketDelivery value)
        {
            delivery = value;
            return this;
        }

        /** Who posts webhook deliveries (needed for server-side subscriptions with a webhook and for fallbacks). */
        public Builder webhooks(final WebhookDispatcher value)
        {
            webhooks = value;
            return this;
        }

        /** Binds and starts serving; returns once the socket is bound. */
        public WebSocketServer start()
        {
            return new WebSocketServer(this);
        }
    }

    /** First in every pipeline: any inbound bytes are proof of life for the heartbeat. */
    private static final class LivenessTracker extends ChannelInboundHandlerAdapter
    {
        private final WebSocketConnection connection;

        LivenessTracker(final WebSocketConnection connection)
        {
            this.connection = connection;
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            connection.touched();
            ctx.fireChannelRead(msg);
        }
    }
}
