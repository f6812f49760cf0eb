package io.ringcast.transport.ws;

import java.util.ArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.ReferenceCountUtil;

/**
 * One event loop's frames from the assemble thread, handed over in bulk: {@link #offer} puts a (channel, frame) pair
 * in a single-producer ring, {@link #handOver} (once per round of deliveries) schedules one task on the loop, and that
 * task writes every frame and flushes each channel once. A frame written straight from the assemble thread costs a
 * write task, its queueing and often an event-loop wake-up each; here a whole round costs one, and the socket gets one
 * flush per connection per round instead of one per frame.
 * <p>
 * Threads: {@link #offer} and {@link #handOver} on the assemble thread only (single producer); {@link #run} on the
 * event loop. Allocation free in steady state.
 */
final class DeliveryOutbox implements Runnable
{
    private static final int CAPACITY = 1 << 15;
    private static final int MASK = CAPACITY - 1;

    private final EventLoop loop;
    private final Channel[] channels = new Channel[CAPACITY];
    private final Object[] frames = new Object[CAPACITY];
    private final AtomicLong[] counters = new AtomicLong[CAPACITY];
    private final int[] sizes = new int[CAPACITY];
    private final AtomicLong head = new AtomicLong(); // next slot the loop reads
    private final AtomicLong tail = new AtomicLong(); // next slot the assemble thread writes
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ArrayList<Channel> toFlush = new ArrayList<>();
    private long headCache;
    private boolean offered;

    DeliveryOutbox(final EventLoop loop)
    {
        this.loop = loop;
    }

    /** The event loop whose channels this outbox writes to. */
    EventLoop loop()
    {
        return loop;
    }

    /**
     * Queues {@code frame} ({@code bytes} long) for {@code channel}, counting it in {@code queued} until it is written.
     * Assemble thread; waits only while the ring is full (rare).
     */
    void offer(final Channel channel, final Object frame, final int bytes, final AtomicLong queued)
    {
        final long t = tail.get();
        if (t - headCache >= CAPACITY)
        {
            headCache = head.get();
            while (t - headCache >= CAPACITY)
            {
                // a round larger than the ring: let the loop drain what is there, then go on
                handOver();
                Thread.onSpinWait();
                headCache = head.get();
            }
        }
        final int slot = (int)t & MASK;
        channels[slot] = channel;
        frames[slot] = frame;
        counters[slot] = queued;
        sizes[slot] = bytes;
        queued.addAndGet(bytes);
        tail.lazySet(t + 1);
        offered = true;
    }

    /** Schedules the write task when frames were offered since the last hand-over. Assemble thread. */
    void handOver()
    {
        if (offered)
        {
            offered = false;
            if (scheduled.compareAndSet(false, true))
            {
                loop.execute(this);
            }
        }
    }

    /** Writes every queued frame and flushes each channel once. Event loop. */
    @Override
    public void run()
    {
        scheduled.set(false); // before draining: a frame offered from here on schedules another run
        long h = head.get();
        final long t = tail.get();
        Channel last = null;
        while (h < t)
        {
            final int slot = (int)h & MASK;
            final Channel channel = channels[slot];
            final Object frame = frames[slot];
            final AtomicLong queued = counters[slot];
            channels[slot] = null;
            frames[slot] = null;
            counters[slot] = null;
            h++;
            if (channel.isActive())
            {
                channel.write(frame, channel.voidPromise());
                if (channel != last)
                {
                    toFlush.add(channel);
                    last = channel;
                }
            }
            else
            {
                ReferenceCountUtil.release(frame);
            }
            queued.addAndGet(-sizes[slot]); // after the write: the channel's own count has it now
        }
        head.lazySet(h);
        for (int i = 0, n = toFlush.size(); i < n; i++)
        {
            toFlush.get(i).flush();
        }
        toFlush.clear();
    }
}
