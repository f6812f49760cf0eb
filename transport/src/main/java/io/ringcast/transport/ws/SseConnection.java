package io.ringcast.transport.ws;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.subscription.CommandListener;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.journal.resume.CatchUp;
import io.ringcast.transport.auth.Principal;

/**
 * One Server-Sent Events stream: {@code GET /sse?topic=..} on the WebSocket port, one subscription per stream.
 * {@link SseGate} admits the request and installs this handler, which subscribes through the engine; once the
 * engine answers, the stream starts ({@code 200 text/event-stream}, chunked) with a {@code retry} line and a
 * {@code welcome} record, then carries the subscription's events as records built by its {@link SseSink}. A
 * refused subscribe is an HTTP error instead, so an EventSource does not retry it forever. A {@code Last-Event-ID}
 * resumes through a {@link CatchUp}, as the WebSocket {@code since} does.
 * <p>
 * A {@code : ping} comment goes out every heartbeat interval so proxies keep the stream open; the token's expiry
 * ends the stream with an {@code error} record; closing the connection (any side) unsubscribes the client; a
 * server-side close ends the chunked body first, so the client sees a clean end and reconnects.
 * <p>
 * Threads: admission, timers and closing on the channel's event loop; {@link #onCommandResult} on the assemble
 * thread; {@link #sendError}, {@link #sendGap} and {@link #disconnect} on any thread. Allocates per stream and per
 * record it writes itself (not per event: {@link SseSink} frames those).
 */
final class SseConnection extends ChannelDuplexHandler implements CommandListener
{
    /** The path of the SSE endpoint. */
    static final String PATH = "/sse";

    /** The reconnect delay the stream asks EventSource clients for. */
    static final long RETRY_MILLIS = 3_000;

    private static final ByteBuf PING = Unpooled.unreleasableBuffer(
        Unpooled.copiedBuffer(": ping\n\n", StandardCharsets.US_ASCII).asReadOnly());

    private final WebSocketServer server;
    private final Channel channel;
    private final WebSocketConnection claim;
    private final String clientId;
    private final Principal principal;
    private final SubscribeRequest request;
    private final SseSink sink;
    private final CatchUp catchUp;
    private final OutboundBacklog backlog;
    private volatile boolean closing;
    private boolean streaming;
    private boolean ended;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> expiry;

    SseConnection(final WebSocketServer server, final Channel channel, final WebSocketConnection claim,
        final String clientId, final Principal principal, final SubscribeRequest request)
    {
        this.server = server;
        this.channel = channel;
        this.claim = claim;
        this.clientId = clientId;
        this.principal = principal;
        this.request = request;
        this.backlog = server.config().slowConsumerPolicy() == SlowConsumerPolicy.DROP_OLDEST ?
            new OutboundBacklog(channel, server.config().slowConsumerBacklogBytes()) : null;
        this.sink = new SseSink(this, request.id(), server.epoch());
        if (request.resuming() && server.journal() != null)
        {
            catchUp = new CatchUp(server.journal(), request.pattern(), request.filter(), request.since(),
                request.epoch(), new CatchUpWriter(sink, channel.alloc(), request.batch().maxSize(),
                TimeUnit.MILLISECONDS.toNanos(server.config().heartbeatTimeoutMillis())),
                server.config().resumeBufferBytes());
            sink.catchUp(catchUp);
        }
        else
        {
            catchUp = null;
        }
    }

    /**
     * Admits a {@code GET /sse} request that reached the WebSocket gate: see {@link SseGate#open}. Releases
     * {@code request}. Event loop thread.
     */
    static void open(final WebSocketServer server, final ChannelHandlerContext ctx, final FullHttpRequest request,
        final QueryStringDecoder query)
    {
        SseGate.open(server, ctx, request, query);
    }

    Channel channel()
    {
        return channel;
    }

    WebSocketServer server()
    {
        return server;
    }

    /** The engine client id of the stream. */
    String clientId()
    {
        return clientId;
    }

    /** The drop-oldest backlog, or null under the other slow-consumer policies. */
    OutboundBacklog backlog()
    {
        return backlog;
    }

    /** True once the stream is ending (server side) or closed: nothing more is sent. Any thread. */
    boolean closing()
    {
        return closing;
    }

    /** Ends the stream and closes the connection; its close unsubscribes the client. Any thread; true once. */
    boolean disconnect()
    {
        if (closing)
        {
            return false;
        }
        closing = true;
        channel.close();
        return true;
    }

    /** Sends an {@code error} record. Any thread, once the stream started. */
    void sendError(final String code, final String message, final String id)
    {
        final ObjectNode m = server.mapper().createObjectNode();
        m.put("code", code);
        m.put("message", message);
        m.put("id", id);
        sendRecord("error", m);
    }

    /**
     * Sends a {@code gap} record: events from..to will not come, because history is gone ({@code reason} null) or
     * because they were dropped ({@code "slow_consumer"}). Any thread, once the stream started.
     */
    void sendGap(final long fromSeq, final long toSeq, final String reason)
    {
        final ObjectNode m = server.mapper().createObjectNode();
        m.put("id", request.id());
        m.put("from", fromSeq);
        m.put("to", toSeq);
        if (reason != null)
        {
            m.put("reason", reason);
        }
        sendRecord("gap", m);
    }

    /** Tells the client the engine expired the subscription and ends the stream. Any thread. */
    void sendExpired()
    {
        final ObjectNode m = server.mapper().createObjectNode();
        m.put("id", request.id());
        m.put("reason", "expired");
        sendRecord("unsubscribed", m);
        disconnect();
    }

    /** The subscribe's outcome, on the assemble thread: the stream starts (or is refused) on the event loop. */
    @Override
    public void onCommandResult(final EventKind kind, final String client, final String subscriptionId,
        final CommandStatus status, final long seq)
    {
        if (kind != EventKind.SUBSCRIBE)
        {
            return;
        }
        try
        {
            // queued before any live batch the assemble thread hands over next, so the headers go out first
            channel.eventLoop().execute(() -> started(status, seq));
        }
        catch (final RejectedExecutionException ex)
        {
            // the server is shutting down: the connection closes with its event loop
        }
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        ReferenceCountUtil.release(msg); // an SSE client has nothing more to say
    }

    /** A server-side close ends the chunked body first, so the client sees a complete response. */
    @Override
    public void close(final ChannelHandlerContext ctx, final ChannelPromise promise) throws Exception
    {
        closing = true;
        if (streaming && !ended)
        {
            ended = true;
            ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
        }
        ctx.close(promise);
    }

    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx) throws Exception
    {
        if (backlog != null && ctx.channel().isWritable())
        {
            backlog.drain();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        closing = true;
        ended = true;
        if (backlog != null)
        {
            backlog.discard();
        }
        if (heartbeat != null)
        {
            heartbeat.cancel(false);
        }
        if (expiry != null)
        {
            expiry.cancel(false);
        }
        unsubscribeClient();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close(); // a reset by the client, mostly; the stream cannot continue either way
    }

    /** Schedules the token's expiry and asks the engine for the subscription. Event loop, once. */
    void subscribe()
    {
        if (principal.expires())
        {
            final long delay = Math.max(0, principal.expiresAtMillis() - System.currentTimeMillis());
            expiry = channel.eventLoop().schedule(this::expired, delay, TimeUnit.MILLISECONDS);
        }
        final Subscription subscription = new Subscription(clientId, request.id(), request.pattern(),
            request.filter(), request.batch(), System.currentTimeMillis());
        subscription.attachment(sink);
        try
        {
            // an event loop never waits for ring space
            if (!server.engine().tryCommand(EventKind.SUBSCRIBE, subscription, clientId, request.id(), this))
            {
                SseGate.refuse(channel, HttpResponseStatus.SERVICE_UNAVAILABLE, "busy",
                    "the server is busy (its ring is full): try again in a moment");
            }
        }
        catch (final IllegalStateException ex)
        {
            SseGate.refuse(channel, HttpResponseStatus.SERVICE_UNAVAILABLE, "shutting_down",
                "the server is shutting down");
        }
    }

    /**
     * Removes the stream's subscription, then frees its client id (in that order, so a reconnect's subscribe is
     * ordered after this on the ring). While the ring is full it tries again a moment later. Event loop.
     */
    private void unsubscribeClient()
    {
        try
        {
            if (!server.engine().tryCommand(EventKind.UNSUBSCRIBE_CLIENT, null, clientId, null, null))
            {
                channel.eventLoop().schedule(this::unsubscribeClient, 1, TimeUnit.MILLISECONDS);
                return;
            }
        }
        catch (final IllegalStateException | RejectedExecutionException ex)
        {
            // the engine (or the event loop) is already closed: nothing left to unsubscribe
        }
        server.releaseClient(clientId, claim);
    }

    /** Event loop: the engine answered the subscribe. */
    private void started(final CommandStatus status, final long seq)
    {
        if (closing || !channel.isActive())
        {
            return;
        }
        if (status != CommandStatus.OK)
        {
            closing = true;
            SseGate.refuse(channel, status == CommandStatus.DUPLICATE_SUBSCRIPTION ? HttpResponseStatus.CONFLICT :
                HttpResponseStatus.SERVICE_UNAVAILABLE, status.code(), status.message());
            return;
        }
        final HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream")
            .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
            .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED)
            .set("X-Accel-Buffering", "no"); // tells nginx-like proxies not to buffer the stream
        channel.write(response);
        streaming = true;
        final ObjectNode welcome = server.mapper().createObjectNode();
        welcome.put("session", claim.session());
        welcome.put("client", clientId);
        welcome.put("id", request.id());
        welcome.put("seq", seq);
        welcome.put("epoch", server.epoch());
        welcome.put("heartbeatMs", server.config().heartbeatMillis());
        write("retry: " + RETRY_MILLIS + "\nevent: welcome\ndata: " + welcome + "\n\n");
        final long interval = server.config().heartbeatMillis();
        heartbeat = channel.eventLoop().scheduleAtFixedRate(this::beat, interval, interval, TimeUnit.MILLISECONDS);
        if (catchUp != null)
        {
            try
            {
                catchUp.start(seq, server.catchUpExecutor());
            }
            catch (final RejectedExecutionException ex)
            {
                disconnect(); // the server is shutting down
            }
        }
        else if (request.resuming())
        {
            gapWithoutJournal(seq);
        }
    }

    /** No journal to replay from: say which history the client misses, as a catch-up would, and go on live. */
    private void gapWithoutJournal(final long head)
    {
        final long since = request.since();
        if (request.epoch() != null && !request.epoch().equals(server.epoch()))
        {
            if (head >= 1)
            {
                sendGap(1, head, null);
            }
        }
        else if (since < head)
        {
            sendGap(since + 1, head, null);
        }
        else if (since > head)
        {
            sendGap(head + 1, since, null);
        }
    }

    private void beat()
    {
        if (!ended && channel.isWritable())
        {
            channel.writeAndFlush(new DefaultHttpContent(PING.duplicate()), channel.voidPromise());
        }
    }

    private void expired()
    {
        if (streaming)
        {
            sendError("token_expired", "the token expired at " + Instant.ofEpochMilli(principal.expiresAtMillis()) +
                "; reconnect with a fresh one", request.id());
        }
        disconnect();
    }

    private void sendRecord(final String event, final ObjectNode data)
    {
        write("event: " + event + "\ndata: " + data + "\n\n");
    }

    private void write(final String text)
    {
        // the JDK's encoder: a lone surrogate in an echoed string becomes '?', never bytes that are not UTF-8
        channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8))),
            channel.voidPromise());
    }
}
