package io.ringcast.bench.e2e;

import java.util.List;
import java.util.function.LongConsumer;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The last handler of one subscriber connection: runs the connection's {@link SubscriberSession} (its start frames
 * once the WebSocket is open, its answers to the server's frames, its keep-alive when the connection was idle) and
 * measures every data frame with {@link Payloads#scan}, the same for every system. It is its own timestamp consumer,
 * so a frame costs no allocation beyond what the session returns.
 * <p>
 * Threads: the connection's event loop only.
 */
final class SubscriberHandler extends ChannelInboundHandlerAdapter implements LongConsumer
{
    private final int connection;
    private final SubscriberSession session;
    private final SubscriberClient client;
    private final DeliveryMeter meter;
    private long receivedAtNanos;
    private boolean handshakeSettled;
    private boolean ready;

    SubscriberHandler(final int connection, final SubscriberSession session, final SubscriberClient client,
        final DeliveryMeter meter)
    {
        this.connection = connection;
        this.session = session;
        this.client = client;
        this.meter = meter;
    }

    /** One payload timestamp of the frame being read. */
    @Override
    public void accept(final long scheduledNanos)
    {
        meter.record(receivedAtNanos, scheduledNanos);
    }

    @Override
    public void userEventTriggered(final ChannelHandlerContext ctx, final Object evt) throws Exception
    {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE)
        {
            settleHandshake();
            write(ctx, session.start(ctx.alloc()));
        }
        else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT)
        {
            client.onError(connection, "WebSocket handshake timed out");
            settleHandshake();
        }
        else if (evt instanceof IdleStateEvent)
        {
            final WebSocketFrame keepAlive = session.keepAlive(ctx.alloc());
            if (keepAlive != null)
            {
                ctx.writeAndFlush(keepAlive, ctx.voidPromise());
            }
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (!(msg instanceof WebSocketFrame))
        {
            ReferenceCountUtil.release(msg);
            return;
        }
        final WebSocketFrame frame = (WebSocketFrame)msg;
        try
        {
            if (frame instanceof TextWebSocketFrame || frame instanceof BinaryWebSocketFrame ||
                frame instanceof ContinuationWebSocketFrame)
            {
                receivedAtNanos = System.nanoTime();
                Payloads.scan(frame.content(), this);
                meter.frame();
            }
            write(ctx, session.onFrame(frame, ctx.alloc()));
            if (!ready && session.ready())
            {
                ready = true;
                client.onReady();
            }
        }
        catch (final RuntimeException ex)
        {
            // a protocol complaint (e.g. the server refused a subscription): counted, the connection stays
            client.onError(connection, String.valueOf(ex.getMessage()));
        }
        finally
        {
            frame.release();
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        client.onClosed();
        settleHandshake();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        client.onError(connection, cause.toString());
        ctx.close();
    }

    /** Releases the connection's place among the handshakes in flight, once. */
    void settleHandshake()
    {
        if (!handshakeSettled)
        {
            handshakeSettled = true;
            client.onHandshakeSettled();
        }
    }

    private static void write(final ChannelHandlerContext ctx, final List<WebSocketFrame> frames)
    {
        if (frames == null || frames.isEmpty())
        {
            return;
        }
        for (int i = 0, n = frames.size(); i < n; i++)
        {
            ctx.write(frames.get(i), ctx.voidPromise());
        }
        ctx.flush();
    }
}
