package io.ringcast.transport.ws;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.channel.Channel;
import io.netty.util.ReferenceCountUtil;

/**
 * The {@link SlowConsumerPolicy#DROP_OLDEST} backlog of one connection: frames that arrived while the connection was
 * over its high water mark wait here (bounded in bytes) instead of in Netty's outbound buffer, so the oldest can be
 * dropped; when the connection drains, each subscription that lost events first gets a {@code gap} notice (reason
 * {@code slow_consumer}) covering the seqs it missed, then the frames kept follow in order.
 * <p>
 * Threads: {@link #active} and {@link #offer} on the assemble thread (or a catch-up thread); everything else on the
 * connection's event loop, where {@link #offer} hands each frame over. Once a frame is handed over, every later
 * frame goes through the backlog until it is empty, so frames never overtake each other.
 */
final class OutboundBacklog
{
    private final Channel channel;
    private final long maxBytes;
    private final AtomicInteger handedOver = new AtomicInteger();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Map<SubscriberSink, long[]> dropped = new LinkedHashMap<>();
    private long pendingBytes;
    private long droppedEvents;

    OutboundBacklog(final Channel channel, final long maxBytes)
    {
        this.channel = channel;
        this.maxBytes = maxBytes;
    }

    /** True while frames wait here: later frames must come here too. Any thread. */
    boolean active()
    {
        return handedOver.get() > 0;
    }

    /**
     * Queues {@code frame} (of {@code bytes} bytes, {@code events} events with seqs {@code firstSeq..lastSeq} of {@code sink}'s
     * subscription)
     * behind the others. Any thread; allocates the entry and the hand-over task.
     */
    void offer(final Object frame, final int bytes, final SubscriberSink sink, final long firstSeq, final long lastSeq,
        final int events)
    {
        handedOver.incrementAndGet();
        channel.eventLoop().execute(() -> enqueue(new Pending(frame, bytes, sink, firstSeq, lastSeq, events)));
    }

    /** Events dropped so far. Read on the event loop (other threads may see a stale value). */
    long droppedEvents()
    {
        return droppedEvents;
    }

    /** Writes what the connection can take now: notices of drops first, then kept frames. Event loop. */
    void drain()
    {
        if (!channel.isActive())
        {
            discard();
            return;
        }
        while (channel.isWritable() && !dropped.isEmpty())
        {
            final Map.Entry<SubscriberSink, long[]> first = dropped.entrySet().iterator().next();
            dropped.remove(first.getKey());
            first.getKey().sendDropped(first.getValue()[0], first.getValue()[1]);
        }
        while (channel.isWritable() && dropped.isEmpty() && !pending.isEmpty())
        {
            final Pending p = pending.poll();
            pendingBytes -= p.bytes;
            channel.write(p.frame, channel.voidPromise());
            handedOver.decrementAndGet();
        }
        channel.flush();
    }

    /** Releases everything held (the connection closed). Event loop. */
    void discard()
    {
        Pending p;
        while ((p = pending.poll()) != null)
        {
            ReferenceCountUtil.release(p.frame);
            handedOver.decrementAndGet();
        }
        pendingBytes = 0;
        dropped.clear();
    }

    private void enqueue(final Pending p)
    {
        if (!channel.isActive())
        {
            ReferenceCountUtil.release(p.frame);
            handedOver.decrementAndGet();
            return;
        }
        pending.add(p);
        pendingBytes += p.bytes;
        while (pendingBytes > maxBytes && pending.size() > 1)
        {
            final Pending oldest = pending.poll();
            pendingBytes -= oldest.bytes;
            ReferenceCountUtil.release(oldest.frame);
            handedOver.decrementAndGet();
            droppedEvents += oldest.events;
            final long[] range = dropped.get(oldest.sink);
            if (range == null)
            {
                dropped.put(oldest.sink, new long[]{oldest.firstSeq, oldest.lastSeq});
            }
            else
            {
                range[1] = oldest.lastSeq;
            }
        }
        drain();
    }

    private record Pending(Object frame, int bytes, SubscriberSink sink, long firstSeq, long lastSeq, int events)
    {
    }
}
