package io.ringcast.client;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * One WebSocket connection of a {@link RingcastSubscriber}: waits for the server's {@code welcome}, then hands
 * every JSON message to the subscriber; records why the connection ended (the server's close status, an idle
 * timeout, a refused upgrade) and reports the end once. Pings are answered by Netty's protocol handler.
 * <p>
 * Event loop thread only, except {@link #send}, which any thread may call. Allocates per message (JSON tree).
 */
final class SubscriberConnection extends SimpleChannelInboundHandler<WebSocketFrame>
{
    /** Close status when the connection ended without a close frame (RFC 6455). */
    static final int ABNORMAL_CLOSURE = 1006;

    private final RingcastSubscriber subscriber;
    private final ObjectMapper mapper;
    private final long idleTimeoutMillis;
    private Channel channel;
    private long idleMillis;
    private boolean welcomed;
    private boolean resumeUnsupported;
    private int closeCode = ABNORMAL_CLOSURE;
    private String closeReason = "connection lost";
    private Throwable failure;
    private volatile String session = "";
    private volatile String clientId = "";
    private volatile String epoch = "";
    private volatile long headSeq;

    SubscriberConnection(final RingcastSubscriber subscriber, final ObjectMapper mapper, final long idleTimeoutMillis)
    {
        this.subscriber = subscriber;
        this.mapper = mapper;
        this.idleTimeoutMillis = idleTimeoutMillis;
    }

    Channel channel()
    {
        return channel;
    }

    boolean welcomed()
    {
        return welcomed;
    }

    /** True once the server refused a resume on this connection: later subscribes on it go live. */
    boolean resumeUnsupported()
    {
        return resumeUnsupported;
    }

    void resumeUnsupported(final boolean value)
    {
        resumeUnsupported = value;
    }

    int closeCode()
    {
        return closeCode;
    }

    String closeReason()
    {
        return closeReason;
    }

    /** Why the connection could not be made or was given up, or null when the server closed it or it dropped. */
    Throwable failure()
    {
        return failure;
    }

    String session()
    {
        return session;
    }

    String clientId()
    {
        return clientId;
    }

    String epoch()
    {
        return epoch;
    }

    long headSeq()
    {
        return headSeq;
    }

    /** Queues one text message. Any thread. */
    void send(final String json)
    {
        final Channel ch = channel;
        if (ch != null)
        {
            ch.writeAndFlush(new TextWebSocketFrame(json), ch.voidPromise());
        }
    }

    /** Gives the connection up for {@code cause} and closes it; its end is then reported with that cause. */
    void fail(final Throwable cause, final String reason)
    {
        if (failure == null)
        {
            failure = cause;
            closeReason = reason;
        }
        if (channel != null)
        {
            channel.close();
        }
    }

    /** Closes with status 1000 once the close frame is written; the end is not reported (the subscriber closes). */
    void closeNormally()
    {
        if (channel != null && channel.isActive())
        {
            channel.writeAndFlush(new CloseWebSocketFrame(1000, "client closing"))
                .addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        channel = ctx.channel();
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt instanceof IdleStateEvent)
        {
            fail(new ConnectionLostException("nothing received from the server for " + idleMillis + " ms", null),
                "idle timeout");
        }
        else if (evt == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT)
        {
            fail(new ConnectionLostException("the WebSocket upgrade timed out", null), "upgrade timed out");
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
            final JsonNode message;
            try
            {
                message = mapper.readTree(new ByteBufInputStream(frame.content()));
            }
            catch (final IOException ex)
            {
                subscriber.onBadMessage(this, "the server sent a message that is not JSON: " + ex.getMessage());
                return;
            }
            if (message == null || !message.isObject())
            {
                subscriber.onBadMessage(this, "the server sent a message that is not a JSON object");
                return;
            }
            if (!welcomed)
            {
                onWelcome(ctx, message);
            }
            else
            {
                subscriber.onMessage(this, message);
            }
        }
        else if (frame instanceof CloseWebSocketFrame)
        {
            final CloseWebSocketFrame close = (CloseWebSocketFrame)frame;
            if (failure == null)
            {
                closeCode = close.statusCode() < 0 ? 1005 : close.statusCode();
                closeReason = close.reasonText();
            }
            // answer the close handshake, then end the TCP connection ourselves
            ctx.writeAndFlush(new CloseWebSocketFrame()).addListener(ChannelFutureListener.CLOSE);
        }
        else
        {
            subscriber.onBadMessage(this, "the server sent a binary frame, which this client does not read");
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        subscriber.onConnectionEnded(this);
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (cause instanceof WebSocketClientHandshakeException)
        {
            final WebSocketClientHandshakeException refused = (WebSocketClientHandshakeException)cause;
            final String status = refused.response() == null ? cause.getMessage() :
                "HTTP " + refused.response().status();
            fail(new ConnectionLostException("the server refused the WebSocket upgrade: " + status, cause),
                "upgrade refused");
        }
        else if (cause instanceof TooLongFrameException)
        {
            fail(new ConnectionLostException("a server message exceeded maxMessageBytes", cause), "message too big");
        }
        else
        {
            fail(cause, String.valueOf(cause.getMessage()));
        }
    }

    private void onWelcome(final ChannelHandlerContext ctx, final JsonNode message)
    {
        if (!"welcome".equals(message.path("type").asText()))
        {
            fail(new ConnectionLostException("expected the server's welcome first, got " + message.path("type"), null),
                "no welcome");
            return;
        }
        session = message.path("session").asText("");
        clientId = message.path("client").asText("");
        epoch = message.path("epoch").asText("");
        headSeq = message.path("seq").asLong();
        final long heartbeat = message.path("heartbeatMs").asLong(0);
        // the server pings at least every heartbeatMs, so twice that in silence means it is gone
        idleMillis = idleTimeoutMillis > 0 ? idleTimeoutMillis : heartbeat > 0 ? heartbeat * 2 : 0;
        if (idleMillis > 0)
        {
            // first in the pipeline: pings are answered and swallowed by the protocol handler, yet prove life
            ctx.pipeline().addFirst("idle", new IdleStateHandler(idleMillis, 0, 0, TimeUnit.MILLISECONDS));
        }
        welcomed = true;
        subscriber.onWelcome(this);
    }
}
