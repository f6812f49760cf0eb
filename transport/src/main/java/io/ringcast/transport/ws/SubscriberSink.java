package io.ringcast.transport.ws;

import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;

import io.ringcast.engine.assemble.Batch;
import io.ringcast.journal.resume.CatchUp;

/**
 * What the HTTP-port adapters hang on a {@code Subscription}: the connection its batches go to (a WebSocket or an
 * SSE stream), how a run of encoded events is framed for that connection, and, while the subscription resumes, the
 * {@link CatchUp} that holds its live batches back until the history went out.
 * <p>
 * Threads: {@link #frame} is called on the assemble thread (live batches) and on a catch-up thread (history),
 * never both for one subscription at a time (the catch-up hands over under its lock); the other methods on any
 * thread.
 */
abstract class SubscriberSink
{
    private final String subscriptionId;
    private final SlowConsumerPolicy slowConsumerPolicy;
    private final DeadLetterWriter deadLetters;
    private volatile CatchUp catchUp;
    private DeliveryOutbox outbox;

    SubscriberSink(final String subscriptionId, final WebSocketServer server)
    {
        this.subscriptionId = subscriptionId;
        this.slowConsumerPolicy = server.config().slowConsumerPolicy();
        this.deadLetters = server.deadLetterWriter();
    }

    /** The subscription's id as its client named it. */
    final String subscriptionId()
    {
        return subscriptionId;
    }

    /** The catch-up holding live batches back, or null once live (or when not resuming). */
    final CatchUp catchUp()
    {
        return catchUp;
    }

    /** Sets (on subscribe) or clears (once live) the catch-up. */
    final void catchUp(final CatchUp value)
    {
        catchUp = value;
    }

    /**
     * True when a live batch is taken by the catch-up (buffered until the history went out); false when the caller
     * delivers it. Assemble thread.
     */
    final boolean heldBack(final Batch batch)
    {
        final CatchUp c = catchUp;
        if (c == null)
        {
            return false;
        }
        if (c.offer(batch))
        {
            return true;
        }
        catchUp = null; // live: later batches skip the catch-up's lock
        return false;
    }

    /** The channel the subscription's frames go to. */
    abstract Channel channel();

    /** True once the connection is closing: nothing more is sent. */
    abstract boolean closing();

    /** Closes the connection as a slow consumer; true the first time only. Any thread. */
    abstract boolean disconnectSlowConsumer();

    /**
     * One outbound message holding {@code count} events: {@code encoded[i]} is event {@code i}'s JSON (a retained
     * duplicate the frame takes ownership of) and {@code seqs[i]} its seq. The arrays are the caller's scratch.
     */
    abstract Object frame(ByteBufAllocator allocator, ByteBuf[] encoded, long[] seqs, int count);

    /**
     * One outbound digest message carrying {@code count} events of the {@code total} it sums up (arguments as in
     * {@link #frame}). Assemble thread.
     */
    abstract Object digestFrame(ByteBufAllocator allocator, ByteBuf[] encoded, long[] seqs, int count, long total);

    /** Tells the subscriber history from..to is not available. Any thread. */
    abstract void sendGap(long fromSeq, long toSeq);

    /**
     * Tells the subscriber events between {@code fromSeq} and {@code toSeq} of its subscription were dropped because
     * it read too slowly ({@link SlowConsumerPolicy#DROP_OLDEST}). Event loop. Default: a plain gap notice.
     */
    void sendDropped(final long fromSeq, final long toSeq)
    {
        sendGap(fromSeq, toSeq);
    }

    /** The outbox of this sink's event loop, once the delivery picked it. Assemble thread. */
    final DeliveryOutbox outbox()
    {
        return outbox;
    }

    /** Remembers the outbox of this sink's event loop. Assemble thread. */
    final void outbox(final DeliveryOutbox value)
    {
        outbox = value;
    }

    /** The engine expired the subscription (idle expiry): tell the subscriber. Assemble thread. */
    void onExpired()
    {
    }

    /**
     * Bytes handed to the connection's event loop but not written to its channel yet (frames waiting in the
     * {@link DeliveryOutbox}), shared by every sink of one connection. The channel's own writability cannot see them,
     * so the slow-consumer bound adds them. Any thread.
     */
    abstract AtomicLong queuedBytes();

    /** The connection's drop-oldest backlog, or null under the other policies. */
    OutboundBacklog backlog()
    {
        return null;
    }

    /** What to do with batches while the connection is over its outbound bound (the server's policy). */
    final SlowConsumerPolicy slowConsumerPolicy()
    {
        return slowConsumerPolicy;
    }

    /** Where {@link SlowConsumerPolicy#DEAD_LETTER} records undeliverable events, or null. */
    final DeadLetterWriter deadLetters()
    {
        return deadLetters;
    }

    /** The engine client id the subscription belongs to. */
    abstract String clientId();

    /** Tells the subscriber its resume ended early ({@code code} / {@code message}) and ends the connection. */
    abstract void abortResume(String code, String message);
}
