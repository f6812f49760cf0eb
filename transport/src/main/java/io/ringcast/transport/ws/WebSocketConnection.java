package io.ringcast.transport.ws;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.concurrent.ScheduledFuture;

import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.subscription.CommandListener;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.journal.resume.CatchUp;

/**
 * One WebSocket connection: its life cycle and its answers. The client's messages are read by its
 * {@link WebSocketRequests}; the engine's command outcomes come back here ({@link #onCommandResult}); its
 * subscriptions carry a {@link WebSocketSink} pointing here, so {@link WebSocketDelivery} finds the channel.
 * A bad message is answered with an {@code error} message and never closes the connection. Closing the
 * connection unsubscribes its client.
 * <p>
 * Also runs the connection's heartbeat (a ping every interval; nothing received for the timeout closes with 1008),
 * its token's lifetime (closed with 1008 when it expires) and, when auth is required and the upgrade brought no
 * token, the deadline for the {@code auth} op.
 * <p>
 * Threads: inbound handling and timers on the channel's event loop; {@link #onCommandResult} and the delivery
 * methods on the engine's assemble thread (they only queue writes on the channel). Allocates per control message.
 */
final class WebSocketConnection extends SimpleChannelInboundHandler<WebSocketFrame> implements CommandListener
{
    private final WebSocketServer server;
    private final Channel channel;
    private final String session = UUID.randomUUID().toString();
    private final WebSocketAuth auth;
    private final WebSocketRequests requests;
    private final OutboundBacklog backlog;
    private final AtomicLong queuedBytes = new AtomicLong();
    private volatile String clientId;
    // server-side subscriptions delivered here, by id; the assemble thread alone reads and writes it
    private final java.util.HashMap<String, WebSocketSink> serverSideSinks = new java.util.HashMap<>();
    private volatile boolean upgraded;
    private volatile boolean closing;
    private long lastReadNanos = System.nanoTime();
    private ScheduledFuture<?> heartbeat;

    WebSocketConnection(final WebSocketServer server, final Channel channel)
    {
        this.server = server;
        this.channel = channel;
        this.auth = new WebSocketAuth(server, this);
        this.requests = new WebSocketRequests(server, this);
        this.backlog = server.config().slowConsumerPolicy() == SlowConsumerPolicy.DROP_OLDEST ?
            new OutboundBacklog(channel, server.config().slowConsumerBacklogBytes()) : null;
    }

    WebSocketServer server()
    {
        return server;
    }

    /** Bytes of this connection's frames waiting in a {@link DeliveryOutbox}. */
    AtomicLong queuedBytes()
    {
        return queuedBytes;
    }

    /** The drop-oldest backlog, or null under the other slow-consumer policies. */
    OutboundBacklog backlog()
    {
        return backlog;
    }

    Channel channel()
    {
        return channel;
    }

    String session()
    {
        return session;
    }

    String clientId()
    {
        return clientId;
    }

    void clientId(final String id)
    {
        clientId = id;
    }

    WebSocketAuth auth()
    {
        return auth;
    }

    /** Inbound traffic seen (any frame, pongs included): the heartbeat's proof of life. Event loop. */
    void touched()
    {
        lastReadNanos = System.nanoTime();
    }

    /** True once the connection is being closed by the server (slow consumer, expiry or shutdown). */
    boolean closing()
    {
        return closing;
    }

    /**
     * Closes the connection with {@code code} and {@code reason}; its close then unsubscribes the client. Any
     * thread; true the first time only.
     */
    boolean disconnect(final int code, final String reason)
    {
        if (closing)
        {
            return false;
        }
        closing = true;
        channel.eventLoop().execute(() ->
        {
            // the outbound buffer may be full, so the close frame is best effort: the socket closes at once
            channel.writeAndFlush(new CloseWebSocketFrame(code, reason));
            channel.close();
        });
        return true;
    }

    /** Closes with 1001 (going away) once the close frame is written. Any thread. */
    void closeGoingAway()
    {
        closing = true;
        if (upgraded)
        {
            channel.writeAndFlush(new CloseWebSocketFrame(1001, "server shutting down"))
                .addListener(ChannelFutureListener.CLOSE);
        }
        else
        {
            channel.close();
        }
    }

    /** Tells the client the engine expired a subscription. Any thread. */
    void sendExpired(final String subscriptionId)
    {
        final ObjectNode m = message("unsubscribed");
        m.put("id", subscriptionId);
        m.put("reason", "expired");
        send(m);
    }

    /**
     * Tells the client events from..to of a subscription will not come: history gone ({@code reason} null) or
     * dropped as a slow consumer ({@code "slow_consumer"}). Any thread.
     */
    void sendGap(final String subscriptionId, final long fromSeq, final long toSeq, final String reason)
    {
        final ObjectNode m = message("gap");
        m.put("id", subscriptionId);
        m.put("from", fromSeq);
        m.put("to", toSeq);
        if (reason != null)
        {
            m.put("reason", reason);
        }
        send(m);
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx) throws Exception
    {
        if (backlog != null && ctx.channel().isWritable())
        {
            backlog.drain();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete)
        {
            upgraded = true;
            final ObjectNode m = message("welcome");
            m.put("session", session);
            m.put("client", clientId);
            m.put("seq", server.headSeq());
            m.put("epoch", server.epoch());
            m.put("heartbeatMs", server.config().heartbeatMillis());
            m.put("authRequired", clientId == null);
            send(m);
            final long interval = server.config().heartbeatMillis();
            heartbeat = channel.eventLoop().scheduleAtFixedRate(this::beat, interval, interval, TimeUnit.MILLISECONDS);
            auth.onUpgraded();
        }
        else
        {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
    {
        if (frame instanceof TextWebSocketFrame)
        {
            requests.onText(((TextWebSocketFrame)frame).text());
        }
        else
        {
            sendError("not_supported", "binary frames are not supported: send JSON text frames", null);
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        closing = true;
        if (heartbeat != null)
        {
            heartbeat.cancel(false);
        }
        auth.cancelTimers();
        if (backlog != null)
        {
            backlog.discard();
        }
        final String id = clientId;
        if (id != null)
        {
            unsubscribeClient(id);
        }
        super.channelInactive(ctx);
    }

    /**
     * Removes every subscription of the closed connection, then frees its client id (in that order, so a
     * reconnect's subscribe is ordered after this on the ring). The event loop must not wait for ring space:
     * while the ring is full it tries again a moment later.
     */
    private void unsubscribeClient(final String id)
    {
        try
        {
            if (!server.engine().tryCommand(EventKind.UNSUBSCRIBE_CLIENT, null, id, null, null))
            {
                channel.eventLoop().schedule(() -> unsubscribeClient(id), 1, TimeUnit.MILLISECONDS);
                return;
            }
        }
        catch (final IllegalStateException ex)
        {
            // the engine is already closed: nothing left to unsubscribe
        }
        server.releaseClient(id, this);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (upgraded && channel.isActive())
        {
            // a fragmented message over the frame limit ends up here, from the frame aggregator
            final boolean tooBig = cause instanceof TooLongFrameException;
            channel.writeAndFlush(tooBig ? new CloseWebSocketFrame(1009, "message too big") :
                new CloseWebSocketFrame(1011, "internal error")).addListener(ChannelFutureListener.CLOSE);
        }
        else
        {
            ctx.close();
        }
    }

    /** Outcome of a subscribe/unsubscribe/pause/resume: assemble thread, after the command took effect. */
    @Override
    public void onCommandResult(final EventKind kind, final String clientId, final String subscriptionId,
        final CommandStatus status, final long seq)
    {
        final CatchUp resume = kind == EventKind.SUBSCRIBE ? requests.takeResume(subscriptionId) : null;
        if (status != CommandStatus.OK)
        {
            sendError(status.code(), status.message(), subscriptionId);
            return;
        }
        final String type;
        switch (kind)
        {
            case SUBSCRIBE:
                type = "subscribed";
                break;
            case UNSUBSCRIBE:
                type = "unsubscribed";
                break;
            case PAUSE:
                type = "paused";
                break;
            case RESUME:
                type = "resumed";
                break;
            default:
                return;
        }
        final ObjectNode m = message(type);
        m.put("id", subscriptionId);
        if (kind != EventKind.UNSUBSCRIBE)
        {
            m.put("seq", seq);
        }
        send(m);
        if (resume != null)
        {
            // after "subscribed" is queued: the history follows it, then the held-back live batches
            resume.start(seq, server.catchUpExecutor());
        }
    }

    private void beat()
    {
        final long silentNanos = System.nanoTime() - lastReadNanos;
        final long timeoutMillis = server.config().heartbeatTimeoutMillis();
        if (silentNanos >= TimeUnit.MILLISECONDS.toNanos(timeoutMillis))
        {
            disconnect(1008, "heartbeat timeout: nothing received for " + timeoutMillis + " ms");
            return;
        }
        channel.writeAndFlush(new PingWebSocketFrame());
    }

    /** A server message of {@code type}. Any thread. */
    ObjectNode message(final String type)
    {
        final ObjectNode m = server.mapper().createObjectNode();
        m.put("type", type);
        return m;
    }

    /**
     * UTF-8 bytes of the {@code events} message of subscription {@code id} up to its first event:
     * {@code {"type":"events","id":"...","events":[}. Any thread; allocates.
     */
    byte[] eventsEnvelope(final String id)
    {
        final ObjectNode m = message("events");
        m.put("id", id);
        final String json = m.toString();
        // without its closing brace, then the events array opens
        return (json.substring(0, json.length() - 1) + ",\"events\":[").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The sink through which a server-side subscription of this connection's user reaches this connection (made on
     * first use). Assemble thread only.
     */
    WebSocketSink serverSideSink(final String subscriptionId)
    {
        WebSocketSink sink = serverSideSinks.get(subscriptionId);
        if (sink == null)
        {
            sink = new WebSocketSink(this, subscriptionId, eventsEnvelope(subscriptionId));
            serverSideSinks.put(subscriptionId, sink);
        }
        return sink;
    }

    /** Sends an {@code error} message. Any thread. */
    void sendError(final String code, final String text, final String id)
    {
        final ObjectNode m = message("error");
        m.put("code", code);
        m.put("message", text);
        m.put("id", id);
        send(m);
    }

    /** Sends one JSON message. Any thread. */
    void send(final ObjectNode message)
    {
        // the JDK's encoder, not Netty's writeUtf8: an echoed lone surrogate (a JSON escape like \ud800 in the
        // client's request) must become '?', never bytes that are not UTF-8, or the client must drop the connection
        channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(
            message.toString().getBytes(StandardCharsets.UTF_8))));
    }
}
