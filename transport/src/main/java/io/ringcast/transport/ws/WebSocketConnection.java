package io.ringcast.transport.ws;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

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
import io.netty.handler.timeout.IdleStateEvent;

import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.filter.FilterException;
import io.ringcast.engine.filter.FilterLimits;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.CommandListener;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.engine.subscription.Subscription;

/**
 * One WebSocket connection: parses the client's JSON control messages into engine commands and answers them;
 * its subscriptions carry a {@link SubscriptionSink} pointing here, so {@link WebSocketDelivery} finds the channel.
 * A bad message is answered with an {@code error} message and never closes the connection. Closing the
 * connection unsubscribes its client.
 * <p>
 * Threads: inbound handling on the channel's event loop; {@link #onCommandResult} and the delivery methods on
 * the engine's assemble thread (they only queue writes on the channel). Allocates per control message.
 */
final class WebSocketConnection extends SimpleChannelInboundHandler<WebSocketFrame> implements CommandListener
{
    private static final int MAX_ID_LENGTH = 128;

    private final WebSocketServer server;
    private final Channel channel;
    private final String session = UUID.randomUUID().toString();
    private volatile String clientId;
    private volatile boolean upgraded;
    private volatile boolean closing;

    WebSocketConnection(final WebSocketServer server, final Channel channel)
    {
        this.server = server;
        this.channel = channel;
    }

    Channel channel()
    {
        return channel;
    }

    String session()
    {
        return session;
    }

    void clientId(final String id)
    {
        clientId = id;
    }

    /** True once the connection is being closed by the server (slow consumer or shutdown). */
    boolean closing()
    {
        return closing;
    }

    /**
     * Closes the connection with 1008 "slow consumer"; its close then unsubscribes the client. Any thread;
     * true the first time only.
     */
    boolean disconnectSlowConsumer()
    {
        if (closing)
        {
            return false;
        }
        closing = true;
        channel.eventLoop().execute(() ->
        {
            // the outbound buffer is full, so the close frame is best effort: the socket closes at once either way
            channel.writeAndFlush(new CloseWebSocketFrame(1008, "slow consumer"));
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
            send(m);
        }
        else if (evt instanceof IdleStateEvent)
        {
            if (upgraded)
            {
                channel.writeAndFlush(new PingWebSocketFrame());
            }
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
            onText(((TextWebSocketFrame)frame).text());
        }
        else
        {
            error("not_supported", "binary frames are not supported yet: send JSON text frames", null);
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        final String id = clientId;
        if (id != null)
        {
            try
            {
                // before the id is released, so a reconnect's subscribe is ordered after this on the ring
                server.engine().unsubscribeClient(id, null);
            }
            catch (final IllegalStateException ex)
            {
                // the engine is already closed: nothing left to unsubscribe
            }
            server.releaseClient(id, this);
        }
        super.channelInactive(ctx);
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
        if (status != CommandStatus.OK)
        {
            error(status.code(), status.message(), subscriptionId);
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
    }

    private void onText(final String text)
    {
        final JsonNode root;
        try
        {
            root = server.mapper().readTree(text);
        }
        catch (final JsonProcessingException ex)
        {
            error("bad_json", "not valid JSON: " + ex.getOriginalMessage() +
                (ex.getLocation() == null ? "" : " (column " + ex.getLocation().getColumnNr() + ")"), null);
            return;
        }
        if (root == null || !root.isObject())
        {
            error("bad_json", "a message must be a JSON object", null);
            return;
        }
        final JsonNode idNode = root.get("id");
        final String id = idNode != null && idNode.isTextual() ? idNode.textValue() : null;
        final JsonNode opNode = root.get("op");
        if (opNode == null || !opNode.isTextual())
        {
            error("missing_field", "'op' is required and must be a string", id);
            return;
        }
        final String op = opNode.textValue();
        switch (op)
        {
            case "ping":
                send(message("pong"));
                break;
            case "subscribe":
                subscribe(root, id);
                break;
            case "unsubscribe":
            case "pause":
            case "resume":
                if (requireId(idNode, op))
                {
                    command(op, id);
                }
                break;
            case "auth":
                error("not_supported", "'auth' arrives in a later release; identify with the ?user= query parameter",
                    id);
                break;
            default:
                error("unknown_op", "unknown op '" + op + "': expected subscribe, unsubscribe, pause, resume or ping",
                    id);
                break;
        }
    }

    private void command(final String op, final String id)
    {
        final String client = clientId;
        if ("unsubscribe".equals(op))
        {
            server.engine().unsubscribe(client, id, this);
        }
        else if ("pause".equals(op))
        {
            server.engine().pause(client, id, this);
        }
        else
        {
            server.engine().resume(client, id, this);
        }
    }

    private boolean requireId(final JsonNode idNode, final String op)
    {
        if (idNode == null || !idNode.isTextual() || idNode.textValue().isEmpty() ||
            idNode.textValue().length() > MAX_ID_LENGTH)
        {
            error("missing_field", "'" + op + "' needs 'id', a string of 1.." + MAX_ID_LENGTH + " characters", null);
            return false;
        }
        return true;
    }

    private void subscribe(final JsonNode root, final String id)
    {
        if (!requireId(root.get("id"), "subscribe"))
        {
            return;
        }
        if (root.has("since") || root.has("epoch"))
        {
            error("not_supported", "resuming with 'since'/'epoch' arrives in a later release", id);
            return;
        }
        if (root.has("mode"))
        {
            error("not_supported", "'mode' (digest) arrives in a later release", id);
            return;
        }
        final JsonNode topicNode = root.get("topic");
        if (topicNode == null || !topicNode.isTextual())
        {
            error("missing_field", "'subscribe' needs 'topic', a string", id);
            return;
        }
        final TopicPattern pattern;
        try
        {
            pattern = TopicPattern.parse(topicNode.textValue());
        }
        catch (final IllegalArgumentException ex)
        {
            error("bad_topic", ex.getMessage(), id);
            return;
        }
        final Filter filter;
        try
        {
            filter = filter(root.get("filter"));
        }
        catch (final FilterException ex)
        {
            error("bad_filter", ex.getMessage(), id);
            return;
        }
        final BatchPolicy batch;
        try
        {
            batch = batch(root.get("batch"));
        }
        catch (final IllegalArgumentException ex)
        {
            error("bad_batch", ex.getMessage(), id);
            return;
        }
        final Subscription subscription =
            new Subscription(clientId, id, pattern, filter, batch, System.currentTimeMillis());
        subscription.attachment(new SubscriptionSink(this, envelopePrefix(id)));
        server.engine().subscribe(subscription, this);
    }

    private Filter filter(final JsonNode node) throws FilterException
    {
        if (node == null || node.isNull())
        {
            return null;
        }
        if (node.isTextual())
        {
            return Filter.parse(node.textValue(), FilterLimits.DEFAULT);
        }
        if (node.isObject())
        {
            return Filter.fromJson(server.mapper().convertValue(node, Object.class), FilterLimits.DEFAULT);
        }
        throw new FilterException("'filter' must be a string or a JSON object");
    }

    private BatchPolicy batch(final JsonNode node)
    {
        final BatchPolicy defaults = server.engine().config().defaultBatch();
        if (node == null || node.isNull())
        {
            return defaults;
        }
        if (!node.isObject())
        {
            throw new IllegalArgumentException("'batch' must be an object like {\"max\":100,\"lingerMs\":5}");
        }
        final JsonNode max = node.get("max");
        final JsonNode linger = node.get("lingerMs");
        if (max != null && !max.isIntegralNumber() || linger != null && !linger.isIntegralNumber())
        {
            throw new IllegalArgumentException("batch 'max' and 'lingerMs' must be integers");
        }
        final long maxValue = max == null ? defaults.maxSize() : max.asLong();
        if (maxValue < 1 || maxValue > BatchPolicy.MAX_SIZE)
        {
            throw new IllegalArgumentException("batch max must be in 1.." + BatchPolicy.MAX_SIZE + ", was " + max);
        }
        final long lingerMillis = linger == null ? TimeUnit.NANOSECONDS.toMillis(defaults.lingerNanos()) :
            linger.asLong();
        return BatchPolicy.ofMillis((int)maxValue, lingerMillis);
    }

    private byte[] envelopePrefix(final String id)
    {
        final ObjectNode m = message("events");
        m.put("id", id);
        final String json = m.toString();
        // {"type":"events","id":"..."} without its closing brace, then the events array opens
        return (json.substring(0, json.length() - 1) + ",\"events\":[").getBytes(StandardCharsets.UTF_8);
    }

    private ObjectNode message(final String type)
    {
        final ObjectNode m = server.mapper().createObjectNode();
        m.put("type", type);
        return m;
    }

    private void error(final String code, final String text, final String id)
    {
        final ObjectNode m = message("error");
        m.put("code", code);
        m.put("message", text);
        m.put("id", id);
        send(m);
    }

    private void send(final ObjectNode message)
    {
        channel.writeAndFlush(new TextWebSocketFrame(message.toString()));
    }
}
