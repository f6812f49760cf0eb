package io.ringcast.client;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.concurrent.DefaultThreadFactory;

import io.ringcast.transport.NettyTransport;

/**
 * Java SDK subscriber for the WebSocket protocol ({@code transport/PROTOCOL.md}): one connection carrying any
 * number of subscriptions (topic pattern, filter, batch policy), each with its {@link SubscriptionListener}.
 * <p>
 * <b>Nothing lost, nothing repeated.</b> The subscriber tracks, per subscription, the last seq it handed to the
 * listener and the journal epoch that seq belongs to. When the connection drops (server restart, slow-consumer
 * disconnect, network cut, idle timeout) it reconnects with exponential backoff and full jitter (unlimited attempts
 * by default) and sends every subscription again with {@code since}/{@code epoch}, so the server replays exactly
 * what was missed before going live. Events at or below the last seq are dropped defensively
 * ({@link #duplicatesDropped()}). What cannot be replayed (past retention, another epoch) is reported as a gap.
 * A server that cannot resume answers {@code not_supported}: the subscription then restarts live and the
 * listener hears the missed range as a gap.
 * <p>
 * <b>Threads.</b> Two threads per subscriber: a Netty event loop does the I/O and parses messages; one listener
 * thread calls every listener (subscription and connection listeners) in the order the server sent what caused
 * the call, so listeners need no locking. The futures {@link #subscribe} returns complete on the listener thread
 * too. The public methods may be called from any thread. Heartbeats: the server pings when it has sent nothing
 * for its heartbeat interval and Netty answers with a pong; this client sends no pings of its own, and takes a
 * connection that received nothing for {@link SubscriberConfig#idleTimeout()} (default twice the heartbeat) as
 * dead and replaces it.
 * <p>
 * Allocates per message: the JSON tree and one {@link ReceivedEvent} per event; nothing here is on the engine's
 * hot path.
 */
public final class RingcastSubscriber implements AutoCloseable
{
    private final URI uri;
    private final String host;
    private final int port;
    private final SubscriberConfig config;
    private final ObjectMapper mapper = new ObjectMapper();
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final ListenerThread listeners;
    private final SubscriptionRouter router;
    private final Map<String, SubscriptionState> subscriptions = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> firstConnection = new CompletableFuture<>();
    private SubscriberConnection current;
    private int attempt;
    private volatile SubscriberConnection connected;
    private volatile SubscriberConnection lastWelcomed;
    private volatile long reconnects;
    private volatile boolean closed;

    private RingcastSubscriber(final URI uri, final SubscriberConfig config, final ConnectionListener listener)
    {
        this.config = Objects.requireNonNull(config, "config");
        this.uri = WebSocketUrl.withUser(uri, config.user());
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 80 : uri.getPort();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("ringcast-subscriber-io"),
            NettyTransport.choose(true).ioHandlerFactory());
        this.loop = group.next();
        this.listeners = new ListenerThread(Objects.requireNonNull(listener, "listener"), config.maxPendingEvents(),
            () -> loop.execute(this::resumeReading));
        this.router = new SubscriptionRouter(mapper, subscriptions, listeners);
    }

    /** {@link #connect(String, SubscriberConfig, ConnectionListener)} with the defaults, anonymous. */
    public static RingcastSubscriber connect(final String url)
    {
        return connect(url, SubscriberConfig.defaults(), ConnectionListener.DEFAULT);
    }

    /**
     * Connects to {@code url} ({@code ws://HOST:PORT/ws}) and waits for the server's welcome, at most the connect
     * timeout. Later drops are repaired by reconnecting; only this first connection fails fast. Any thread.
     *
     * @throws IllegalArgumentException when {@code url} is not a {@code ws://} URL with a host
     * @throws ConnectionLostException  when the server cannot be reached, refuses the upgrade (the HTTP status
     *                                  says why: 409 when the user is already connected, 401/403 for auth) or
     *                                  sends no welcome in time
     */
    public static RingcastSubscriber connect(final String url, final SubscriberConfig config,
        final ConnectionListener listener)
    {
        final RingcastSubscriber subscriber = new RingcastSubscriber(WebSocketUrl.parse(url), config, listener);
        try
        {
            subscriber.loop.execute(subscriber::open);
            subscriber.firstConnection.get(config.connectTimeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
            return subscriber;
        }
        catch (final ExecutionException ex)
        {
            subscriber.close();
            final Throwable cause = ex.getCause();
            throw new ConnectionLostException("cannot connect to " + subscriber.uri + ": " + cause.getMessage(), cause);
        }
        catch (final TimeoutException ex)
        {
            subscriber.close();
            throw new ConnectionLostException("cannot connect to " + subscriber.uri + ": no welcome in " +
                config.connectTimeout().toMillis() + " ms", ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            subscriber.close();
            throw new ConnectionLostException("interrupted while connecting to " + subscriber.uri, ex);
        }
    }

    /**
     * Adds a subscription and sends it (now if connected, else on the next connection). Any thread; allocates
     * the subscription's state.
     *
     * @return completes (on the listener thread) with the seq the server took the subscription at, or
     * exceptionally with {@link SubscriptionRefusedException} when the server refuses it (bad topic or filter,
     * a limit), or {@link ConnectionLostException} when the subscriber closes first
     * @throws IllegalArgumentException when this subscriber already has a subscription with that id
     */
    public CompletableFuture<Long> subscribe(final SubscriptionSpec spec, final SubscriptionListener listener)
    {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(listener, "listener");
        final SubscriptionState state = new SubscriptionState(spec, listener);
        if (closed)
        {
            state.subscribed.completeExceptionally(new ConnectionLostException("subscriber is closed", null));
            return state.subscribed;
        }
        if (subscriptions.putIfAbsent(spec.id(), state) != null)
        {
            throw new IllegalArgumentException("subscription id '" + spec.id() + "' is already in use");
        }
        execute(() ->
        {
            final SubscriberConnection c = current;
            if (c != null && c.welcomed() && !state.removed && state.sentOn != c)
            {
                router.sendSubscribe(c, state);
            }
        });
        return state.subscribed;
    }

    /**
     * Removes a subscription: its listener hears nothing more (events already queued for it are discarded) and
     * the server is told. Any thread.
     *
     * @return false when there was no such subscription
     */
    public boolean unsubscribe(final String subscriptionId)
    {
        final SubscriptionState state = subscriptions.remove(subscriptionId);
        if (state == null)
        {
            return false;
        }
        state.removed = true;
        execute(() ->
        {
            final SubscriberConnection c = current;
            if (c != null)
            {
                router.sendUnsubscribe(c, state);
            }
        });
        return true;
    }

    /** The last seq handed to the subscription's listener (its {@code onEvents} returned), or -1 for none yet. */
    public long lastSeq(final String subscriptionId)
    {
        final SubscriptionState state = subscriptions.get(subscriptionId);
        return state == null ? -1 : state.delivered;
    }

    /** True while a connection is up (welcomed by the server). */
    public boolean isConnected()
    {
        return connected != null;
    }

    /** The journal epoch of the latest welcome: the epoch of the seqs delivered since ("" before any). */
    public String epoch()
    {
        final SubscriberConnection c = lastWelcomed;
        return c == null ? "" : c.epoch();
    }

    /** The journal head seq the latest welcome reported. */
    public long headSeq()
    {
        final SubscriberConnection c = lastWelcomed;
        return c == null ? 0 : c.headSeq();
    }

    /** The client id the server knows this subscriber by (the latest welcome's). */
    public String clientId()
    {
        final SubscriberConnection c = lastWelcomed;
        return c == null ? "" : c.clientId();
    }

    /** The URL connected to, with the {@code user} parameter when configured. */
    public URI uri()
    {
        return uri;
    }

    /** Events dropped because their seq was not above the last one of their subscription (a server repeat). */
    public long duplicatesDropped()
    {
        return router.duplicatesDropped();
    }

    /** Reconnect attempts scheduled so far. */
    public long reconnects()
    {
        return reconnects;
    }

    /**
     * Closes the connection (status 1000) and both threads. Listener calls not yet made are discarded (one in
     * progress finishes); pending subscribe futures fail with {@link ConnectionLostException}. Idempotent; any
     * thread, including a listener (it then does not wait for the listener thread to end).
     */
    @Override
    public void close()
    {
        closed = true;
        if (!loop.inEventLoop())
        {
            try
            {
                loop.submit(this::closeConnection).awaitUninterruptibly(config.connectTimeout().toMillis());
            }
            catch (final RuntimeException ex)
            {
                // the loop is already shut down: the connection is closed with it
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
        }
        else
        {
            closeConnection();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        failPending();
        listeners.close();
    }

    // ---- event loop side -------------------------------------------------------------------------------------

    private void open()
    {
        if (closed)
        {
            return;
        }
        final SubscriberConnection c = new SubscriberConnection(this, mapper, config.idleTimeout().toMillis());
        current = c;
        final HttpHeaders headers = new DefaultHttpHeaders();
        if (config.token() != null)
        {
            headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + config.token());
        }
        final WebSocketClientProtocolConfig protocol = WebSocketClientProtocolConfig.newBuilder()
            .webSocketUri(uri)
            .customHeaders(headers)
            .maxFramePayloadLength(config.maxMessageBytes())
            .handleCloseFrames(false)
            .dropPongFrames(true)
            .handshakeTimeoutMillis(config.connectTimeout().toMillis())
            .build();
        final Bootstrap bootstrap = new Bootstrap()
            .group(group)
            .channel(NettyTransport.choose(true).socketChannel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int)config.connectTimeout().toMillis())
            .handler(new ChannelInitializer<SocketChannel>()
            {
                @Override
                protected void initChannel(final SocketChannel ch)
                {
                    ch.pipeline()
                        .addLast(new HttpClientCodec())
                        .addLast(new HttpObjectAggregator(64 * 1024))
                        .addLast(new WebSocketClientProtocolHandler(protocol))
                        .addLast(new WebSocketFrameAggregator(config.maxMessageBytes()))
                        .addLast("connection", c);
                }
            });
        bootstrap.connect(host, port).addListener(f ->
        {
            if (!f.isSuccess())
            {
                c.fail(f.cause(), "connect failed");
                onConnectionEnded(c);
            }
        });
        loop.schedule(() ->
        {
            if (current == c && !c.welcomed())
            {
                c.fail(new ConnectionLostException("no welcome within " + config.connectTimeout().toMillis() + " ms",
                    null), "no welcome");
            }
        }, config.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    void onWelcome(final SubscriberConnection c)
    {
        if (c != current)
        {
            return;
        }
        attempt = 0;
        connected = c;
        lastWelcomed = c;
        firstConnection.complete(null);
        listeners.connected(c.session(), c.clientId(), c.headSeq(), c.epoch());
        router.sendAll(c);
    }

    void onMessage(final SubscriberConnection c, final JsonNode m)
    {
        if (c == current)
        {
            router.onMessage(c, m);
        }
    }

    void onBadMessage(final SubscriberConnection c, final String problem)
    {
        if (c == current)
        {
            listeners.connectionError("bad_message", problem);
        }
    }

    void onConnectionEnded(final SubscriberConnection c)
    {
        if (c != current)
        {
            return;
        }
        current = null;
        connected = null;
        if (c.welcomed())
        {
            listeners.disconnected(c.closeCode(), c.closeReason());
        }
        if (closed)
        {
            return;
        }
        if (!firstConnection.isDone())
        {
            firstConnection.completeExceptionally(c.failure() != null ? c.failure() :
                new ConnectionLostException("closed by the server before its welcome (" + c.closeCode() + " " +
                    c.closeReason() + ")", null));
            return;
        }
        attempt++;
        final Throwable failure = c.welcomed() ? null : c.failure();
        if (config.maxReconnectAttempts() > 0 && attempt > config.maxReconnectAttempts())
        {
            closed = true;
            failPending();
            listeners.gaveUp(failure);
            listeners.closeAfterQueued();
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            return;
        }
        final long delayNanos = ThreadLocalRandom.current()
            .nextLong(config.backoffCapNanos(attempt) + 1);
        reconnects++;
        listeners.reconnectScheduled(attempt, TimeUnit.NANOSECONDS.toMillis(delayNanos), failure);
        loop.schedule(this::open, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void resumeReading()
    {
        final SubscriberConnection c = current;
        if (c != null && c.channel() != null && !listeners.paused())
        {
            c.channel().config().setAutoRead(true);
        }
    }

    private void closeConnection()
    {
        final SubscriberConnection c = current;
        current = null;
        connected = null;
        if (c != null)
        {
            c.closeNormally();
        }
    }

    private void failPending()
    {
        for (final SubscriptionState state : subscriptions.values())
        {
            state.subscribed.completeExceptionally(new ConnectionLostException("subscriber closed", null));
        }
    }

    private void execute(final Runnable task)
    {
        try
        {
            loop.execute(task);
        }
        catch (final RuntimeException ex)
        {
            // the loop is shut down: the subscriber is closed, nothing left to send
        }
    }
}
