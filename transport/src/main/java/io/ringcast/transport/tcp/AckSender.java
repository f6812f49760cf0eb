package io.ringcast.transport.tcp;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

import io.ringcast.engine.event.PublishCallback;

/**
 * One connection's way back: the engine's journal thread reports each publish's outcome here
 * ({@link PublishCallback}), the outcome waits in a preallocated {@link AckQueue}, and one drain task per burst
 * writes every waiting answer on the connection's event loop in one write and one flush. The journal thread
 * never allocates and never touches the channel.
 */
final class AckSender implements PublishCallback
{
    /** Told on the event loop how many publishes were just answered. */
    interface Listener
    {
        void onAnswered(int count);
    }

    private final AckQueue queue;
    private final Listener listener;
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final Runnable drainTask = this::drain; // preallocated: scheduled once per burst of answers
    private ChannelHandlerContext ctx;

    AckSender(final AckQueue queue, final Listener listener)
    {
        this.queue = queue;
        this.listener = listener;
    }

    /** The connection's context; set on the event loop before the first publish. */
    void bind(final ChannelHandlerContext context)
    {
        this.ctx = context;
    }

    /** How many answers may wait: the connection stops reading before more publishes are in flight. */
    int capacity()
    {
        return queue.capacity();
    }

    // ---- journal stage thread ----

    @Override
    public void onAccepted(final long correlationId, final long seq)
    {
        answered(correlationId, seq, AckQueue.ACCEPTED, null);
    }

    @Override
    public void onDuplicate(final long correlationId, final long originalSeq)
    {
        answered(correlationId, originalSeq, AckQueue.DUPLICATE, null);
    }

    @Override
    public void onFailed(final long correlationId, final String reason)
    {
        answered(correlationId, 0, AckQueue.FAILED, reason);
    }

    private void answered(final long correlationId, final long seq, final byte status, final String reason)
    {
        queue.offer(correlationId, seq, status, reason);
        if (drainScheduled.compareAndSet(false, true))
        {
            try
            {
                ctx.channel().eventLoop().execute(drainTask);
            }
            catch (final RejectedExecutionException ex)
            {
                // the server is shutting down and the connection with it: its answers have nobody to go to
            }
        }
    }

    // ---- event loop ----

    private void drain()
    {
        drainScheduled.set(false); // before reading the tail: an offer after this schedules another drain
        final long head = queue.headPosition();
        final long tail = queue.tailPosition();
        final int count = (int)(tail - head);
        if (count == 0)
        {
            return;
        }
        if (ctx.channel().isActive())
        {
            final ByteBuf out = ctx.alloc().buffer(count * TcpProtocol.ACK_FRAME_LENGTH);
            for (long p = head; p < tail; p++)
            {
                final byte status = queue.status(p);
                if (status == AckQueue.FAILED)
                {
                    TcpFrames.nack(out, queue.correlationId(p), NackCode.JOURNAL_FAILED, queue.takeReason(p));
                }
                else
                {
                    TcpFrames.ack(out, queue.correlationId(p), queue.seq(p), status);
                }
            }
            ctx.writeAndFlush(out, ctx.voidPromise()); // one write and one flush per drain
        }
        else
        {
            for (long p = head; p < tail; p++)
            {
                queue.takeReason(p);
            }
        }
        queue.release(tail);
        listener.onAnswered(count);
    }
}
