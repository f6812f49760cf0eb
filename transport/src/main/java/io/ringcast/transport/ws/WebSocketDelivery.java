package io.ringcast.transport.ws;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;

import io.ringcast.engine.assemble.Batch;
import io.ringcast.engine.assemble.EventRecord;
import io.ringcast.engine.delivery.CloseReason;
import io.ringcast.engine.delivery.DeliveryPort;
import io.ringcast.engine.subscription.Subscription;

/**
 * The engine's delivery port for WebSocket and SSE subscribers. Each event is encoded to JSON once, the first time
 * a batch holds it, and cached on its {@link EventRecord}; every receiving connection gets a retained duplicate of
 * that buffer for its own envelope, which the subscription's {@link SubscriberSink} frames (copying small frames into
 * one buffer, sharing the event buffers of large ones). Frames go to a {@link DeliveryOutbox} per event loop, handed
 * over once per round of deliveries ({@link #endOfRound}): the assemble thread never blocks and pays one task per
 * loop per round, not one per frame.
 * <p>
 * Slow consumers never hold the others up. A batch for a connection over its write-buffer high water mark follows the
 * server's {@link SlowConsumerPolicy}: disconnect (1008 "slow consumer"; closing unsubscribes its client), keep it in
 * the connection's bounded drop-oldest {@link OutboundBacklog}, or record its events as dead letters.
 * <p>
 * Threads: every port method runs on the engine's assemble thread; the counters may be read from any thread.
 */
public final class WebSocketDelivery implements DeliveryPort
{
    private final ByteBufAllocator allocator;
    private final EventJsonEncoder encoder = new EventJsonEncoder();
    private final ArrayList<DeliveryOutbox> outboxes = new ArrayList<>(); // one per event loop, few
    private ByteBuf[] encodedScratch = new ByteBuf[256];
    private long[] seqScratch = new long[256];
    private volatile ServerSideDelivery serverSide;
    // single writer (the assemble thread), read by any thread: a volatile increment is enough
    private volatile long encodings;
    private volatile long framesWritten;
    private volatile long slowConsumerDisconnects;
    private volatile long deadLettered;
    private volatile long backloggedFrames;

    /** A delivery port using Netty's default (pooled) allocator. */
    public WebSocketDelivery()
    {
        this(ByteBufAllocator.DEFAULT);
    }

    /** A delivery port taking its buffers from {@code allocator}. */
    public WebSocketDelivery(final ByteBufAllocator allocator)
    {
        this.allocator = allocator;
    }

    /**
     * Writes one frame with the batch's events to the subscription's connection (an {@code events} message on a
     * WebSocket, {@code id}/{@code data} records on an SSE stream), holds it back while the subscription resumes,
     * or disconnects the connection when it is a slow consumer. Assemble thread; allocates the frame and its
     * composite buffer, and each event's encoding once.
     */
    @Override
    public void deliver(final Batch batch)
    {
        final Subscription subscription = batch.subscription();
        final Object attachment = subscription.attachment();
        if (attachment instanceof SubscriberSink)
        {
            deliverTo((SubscriberSink)attachment, batch);
        }
        else if (subscription.durable() || subscription.webhook() != null)
        {
            final ServerSideDelivery route = serverSide;
            if (route != null)
            {
                route.deliver(batch, this);
            }
        }
    }

    /**
     * The engine could not hold an event for a subscription (the delivery policies' capacity): it becomes a dead
     * letter. Assemble thread.
     */
    @Override
    public void undeliverable(final Subscription subscription, final EventRecord record, final String reason,
        final String detail)
    {
        final ServerSideDelivery route = serverSide;
        if (route != null)
        {
            route.undeliverable(subscription, record, reason, detail);
        }
    }

    /** Routes server-side subscriptions' batches (set once by the WebSocket server that serves them). */
    void serverSide(final ServerSideDelivery route)
    {
        serverSide = route;
    }

    /** Frames {@code batch} for {@code sink}'s connection, applying the slow-consumer policy. Assemble thread. */
    void deliverTo(final SubscriberSink sink, final Batch batch)
    {
        final Channel channel = sink.channel();
        if (!channel.isActive() || sink.closing())
        {
            // its unsubscribe-client command is on the way; nothing goes to a dead channel
            return;
        }
        if (sink.heldBack(batch))
        {
            return;
        }
        final int size = batch.size();
        if (size > encodedScratch.length)
        {
            encodedScratch = new ByteBuf[Math.max(size, encodedScratch.length * 2)];
            seqScratch = new long[encodedScratch.length];
        }
        final OutboundBacklog backlog = sink.backlog();
        // read once: the event loop changes writability concurrently, and the decision below must be one decision;
        // frames still in the outbox count too, or a large round could pass the bound unseen
        final AtomicLong queued = sink.queuedBytes();
        final boolean overBound = !channel.isWritable() || queued.get() > channel.bytesBeforeUnwritable() ||
            backlog != null && backlog.active();
        if (overBound)
        {
            final SlowConsumerPolicy policy = sink.slowConsumerPolicy();
            if (policy == SlowConsumerPolicy.DEAD_LETTER && sink.deadLetters() != null)
            {
                for (int i = 0; i < size; i++)
                {
                    seqScratch[i] = batch.get(i).view().seq();
                }
                sink.deadLetters().recordSlowConsumer(sink.subscriptionId(), sink.clientId(), seqScratch, size,
                    channel.bytesBeforeWritable());
                deadLettered += size;
                return;
            }
            if (policy != SlowConsumerPolicy.DROP_OLDEST || backlog == null)
            {
                if (sink.disconnectSlowConsumer())
                {
                    slowConsumerDisconnects++;
                }
                return;
            }
        }
        int bytes = 0;
        for (int i = 0; i < size; i++)
        {
            final EventRecord record = batch.get(i);
            encodedScratch[i] = encoded(record).retainedDuplicate();
            seqScratch[i] = record.view().seq();
            bytes += encodedScratch[i].readableBytes() + 1;
        }
        final Object frame = batch.digest() ?
            sink.digestFrame(allocator, encodedScratch, seqScratch, size, batch.digestCount()) :
            sink.frame(allocator, encodedScratch, seqScratch, size);
        Arrays.fill(encodedScratch, 0, size, null);
        if (overBound)
        {
            // frames already in the outbox for this loop go first: hand them over before the backlog's task
            outbox(sink, channel).handOver();
            backlog.offer(frame, bytes, sink, seqScratch[0], seqScratch[size - 1], size);
            backloggedFrames++;
            return;
        }
        outbox(sink, channel).offer(channel, frame, bytes, queued);
        framesWritten++;
    }

    /** Hands every frame queued this round to its event loop. Assemble thread. */
    @Override
    public void endOfRound()
    {
        for (int i = 0, n = outboxes.size(); i < n; i++)
        {
            outboxes.get(i).handOver();
        }
    }

    private DeliveryOutbox outbox(final SubscriberSink sink, final Channel channel)
    {
        DeliveryOutbox outbox = sink.outbox();
        if (outbox == null)
        {
            final EventLoop loop = channel.eventLoop();
            for (int i = 0, n = outboxes.size(); i < n && outbox == null; i++)
            {
                if (outboxes.get(i).loop() == loop)
                {
                    outbox = outboxes.get(i);
                }
            }
            if (outbox == null)
            {
                outbox = new DeliveryOutbox(loop);
                outboxes.add(outbox);
            }
            sink.outbox(outbox);
        }
        return outbox;
    }

    /** An expired subscription is reported to its client; the others were answered by their command. */
    @Override
    public void onSubscriptionClosed(final Subscription subscription, final CloseReason reason)
    {
        if (reason == CloseReason.EXPIRED && subscription.attachment() instanceof SubscriberSink)
        {
            ((SubscriberSink)subscription.attachment()).onExpired();
        }
    }

    /** Releases the record's cached encoding. Assemble thread. */
    @Override
    public void release(final EventRecord record)
    {
        final Object attachment = record.attachment();
        if (attachment instanceof ByteBuf)
        {
            record.attachment(null);
            ((ByteBuf)attachment).release();
        }
    }

    /** Events encoded so far (each once, however many connections received it). */
    public long encodings()
    {
        return encodings;
    }

    /** Event frames handed to connections so far (live delivery; resumed history is not counted). */
    public long framesWritten()
    {
        return framesWritten;
    }

    /** Events dead-lettered because their subscriber was slow (policy dead-letter). */
    public long slowConsumerDeadLettered()
    {
        return deadLettered;
    }

    /** Frames that went to a drop-oldest backlog instead of the socket (policy drop-oldest). */
    public long backloggedFrames()
    {
        return backloggedFrames;
    }

    /** Connections closed as slow consumers so far. */
    public long slowConsumerDisconnects()
    {
        return slowConsumerDisconnects;
    }

    /** The record's shared JSON encoding (made on first use). Assemble thread. */
    ByteBuf encodedFor(final EventRecord record)
    {
        return encoded(record);
    }

    private ByteBuf encoded(final EventRecord record)
    {
        final Object attachment = record.attachment();
        if (attachment instanceof ByteBuf)
        {
            return (ByteBuf)attachment;
        }
        final ByteBuf encoded = encoder.encode(allocator, record.view());
        record.attachment(encoded);
        encodings++;
        return encoded;
    }
}
