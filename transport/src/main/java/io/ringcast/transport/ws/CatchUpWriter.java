package io.ringcast.transport.ws;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;

import io.ringcast.engine.event.EventView;
import io.ringcast.journal.resume.CatchUpSink;

/**
 * Sends one resuming subscription's history to its connection: encodes each replayed event (with its own encoder:
 * this runs on a catch-up thread, not the assemble thread), groups up to the subscription's batch size per frame,
 * and waits while the connection is over its high water mark, so a long replay streams at the subscriber's pace
 * instead of filling memory. A subscriber that reads nothing for {@code stallTimeoutNanos} is disconnected as a
 * slow consumer and the replay stops; so does a closed connection.
 * <p>
 * Thread: the catch-up thread ({@link io.ringcast.journal.resume.CatchUp} calls one method at a time). Allocates
 * each event's encoding and each frame.
 */
final class CatchUpWriter implements CatchUpSink
{
    private static final long WRITABLE_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final SubscriberSink sink;
    private final ByteBufAllocator allocator;
    private final long stallTimeoutNanos;
    private final EventJsonEncoder encoder = new EventJsonEncoder();
    private final ByteBuf[] encoded;
    private final long[] seqs;
    private int count;

    CatchUpWriter(final SubscriberSink sink, final ByteBufAllocator allocator, final int eventsPerFrame,
        final long stallTimeoutNanos)
    {
        this.sink = sink;
        this.allocator = allocator;
        this.stallTimeoutNanos = stallTimeoutNanos;
        this.encoded = new ByteBuf[eventsPerFrame];
        this.seqs = new long[eventsPerFrame];
    }

    @Override
    public void onGap(final long fromSeq, final long toSeq)
    {
        flush();
        sink.sendGap(fromSeq, toSeq);
    }

    @Override
    public void onEvent(final EventView event)
    {
        encoded[count] = encoder.encode(allocator, event);
        seqs[count] = event.seq();
        count++;
        if (count == encoded.length)
        {
            flush();
            awaitWritable();
        }
    }

    /** Called under the catch-up's lock: must not wait, only hand the last frame over. */
    @Override
    public void onCaughtUp(final long lastSeq)
    {
        flush();
    }

    @Override
    public void onOverflow()
    {
        release();
        sink.abortResume("resume_overflow", "live events outran the history replay (more than the server's " +
            "resume buffer arrived meanwhile): reconnect and resume again from the last seq received");
    }

    @Override
    public void onFailure(final Exception cause)
    {
        release();
        sink.abortResume("resume_failed", "history replay stopped: " + cause.getMessage());
    }

    private void flush()
    {
        if (count == 0)
        {
            return;
        }
        final Channel channel = sink.channel();
        final Object frame = sink.frame(allocator, encoded, seqs, count);
        count = 0;
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    private void release()
    {
        for (int i = 0; i < count; i++)
        {
            encoded[i].release();
        }
        count = 0;
    }

    private void awaitWritable()
    {
        final Channel channel = sink.channel();
        final long deadline = System.nanoTime() + stallTimeoutNanos;
        while (!channel.isWritable())
        {
            if (!channel.isActive() || sink.closing())
            {
                throw new IllegalStateException("the connection closed");
            }
            if (System.nanoTime() - deadline > 0)
            {
                sink.disconnectSlowConsumer();
                throw new IllegalStateException("the subscriber read nothing for " +
                    TimeUnit.NANOSECONDS.toMillis(stallTimeoutNanos) + " ms");
            }
            LockSupport.parkNanos(WRITABLE_POLL_NANOS); // a catch-up thread, never an event loop: waiting is fine
        }
    }
}
