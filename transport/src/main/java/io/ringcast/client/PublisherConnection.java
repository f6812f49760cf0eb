package io.ringcast.client;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

import io.ringcast.transport.tcp.TcpProtocol;

/**
 * One connection of a {@link RingcastPublisher}: its channel, the publishes it still owes answers for, and
 * the handler reading the server's frames (already split by a length-field decoder). The handler runs on the
 * publisher's event loop; {@link #register} and {@link #lost} may be called from any thread.
 */
final class PublisherConnection extends SimpleChannelInboundHandler<ByteBuf>
{
    final CompletableFuture<PublisherConnection> welcome = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<Ack>> pending = new ConcurrentHashMap<>();
    private final Semaphore permits;
    private volatile Channel channel;
    private volatile boolean lost;
    private volatile Throwable lostCause;
    private volatile long headSeq;
    private volatile String epoch = "";
    private volatile int maxFrameLength = Integer.MAX_VALUE;

    PublisherConnection(final Semaphore permits)
    {
        this.permits = permits;
    }

    Channel channel()
    {
        return channel;
    }

    boolean isLost()
    {
        return lost;
    }

    long headSeq()
    {
        return headSeq;
    }

    String epoch()
    {
        return epoch;
    }

    int maxFrameLength()
    {
        return maxFrameLength;
    }

    /** Tracks a publish; false when the connection was lost meanwhile (the future is then failed). */
    boolean register(final long correlationId, final CompletableFuture<Ack> future)
    {
        pending.put(correlationId, future);
        if (lost)
        {
            settleLost(correlationId);
            return false;
        }
        return true;
    }

    /** Marks the connection lost and fails every publish it still owes (each exactly once). */
    void lost(final Throwable cause)
    {
        if (lostCause == null)
        {
            lostCause = cause;
        }
        lost = true;
        welcome.completeExceptionally(new ConnectionLostException("connection lost during the handshake", lostCause));
        for (final Long correlationId : pending.keySet())
        {
            settleLost(correlationId);
        }
    }

    private void settleLost(final long correlationId)
    {
        final CompletableFuture<Ack> future = pending.remove(correlationId);
        if (future != null)
        {
            permits.release();
            future.completeExceptionally(new ConnectionLostException("connection lost before the answer", lostCause));
        }
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        channel = ctx.channel();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        lost(null);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (lostCause == null)
        {
            lostCause = cause;
        }
        ctx.close();
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final ByteBuf frame)
    {
        final int type = frame.readByte();
        switch (type)
        {
            case TcpProtocol.ACK:
            {
                final long correlationId = frame.readLongLE();
                final long seq = frame.readLongLE();
                final int status = frame.readUnsignedByte();
                final CompletableFuture<Ack> future = pending.remove(correlationId);
                if (future != null)
                {
                    permits.release();
                    future.complete(new Ack(seq, status == TcpProtocol.ACK_DUPLICATE));
                }
                break;
            }
            case TcpProtocol.NACK:
            {
                final long correlationId = frame.readLongLE();
                final int code = frame.readUnsignedShortLE();
                final int length = frame.readUnsignedShortLE();
                final String message = frame.readCharSequence(length, StandardCharsets.UTF_8).toString();
                final PublishRejectedException rejection = new PublishRejectedException(code, message, correlationId);
                final CompletableFuture<Ack> future = correlationId == 0 ? null : pending.remove(correlationId);
                if (future != null)
                {
                    permits.release();
                    future.completeExceptionally(rejection);
                }
                else
                {
                    // about the connection: the server closes it next; the handshake or the pending publishes fail
                    lostCause = rejection;
                    welcome.completeExceptionally(rejection);
                }
                break;
            }
            case TcpProtocol.WELCOME:
            {
                frame.readUnsignedShortLE();
                headSeq = frame.readLongLE();
                final int epochLength = frame.readUnsignedShortLE();
                epoch = frame.readCharSequence(epochLength, StandardCharsets.UTF_8).toString();
                maxFrameLength = frame.readIntLE();
                welcome.complete(this);
                break;
            }
            case TcpProtocol.PONG:
                break;
            default:
                exceptionCaught(ctx, new IllegalStateException("unknown frame type from server: " + type));
                break;
        }
    }
}
