package io.ringcast.transport.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

import io.ringcast.engine.assemble.Batch;
import io.ringcast.engine.assemble.EventRecord;
import io.ringcast.engine.delivery.CloseReason;
import io.ringcast.engine.delivery.DeliveryPort;
import io.ringcast.engine.subscription.Subscription;

/**
 * The engine's delivery port for WebSocket subscribers. Each event is encoded to JSON once, the first time a
 * batch holds it, and cached on its {@link EventRecord}; every receiving connection gets a retained duplicate of
 * that buffer inside its own {@code events} envelope (a {@link CompositeByteBuf}: the event bytes are never
 * copied per receiver). Frames are handed to the connection's channel, which queues them for its event loop,
 * so the assemble thread never blocks.
 * <p>
 * Slow consumers are disconnected: a batch for a connection that is over its write-buffer high water mark closes
 * it with status 1008 ("slow consumer"); closing unsubscribes its client.
 * <p>
 * Threads: every port method runs on the engine's assemble thread; the counters may be read from any thread.
 */
public final class WebSocketDelivery implements DeliveryPort
{
    private static final ByteBuf SEPARATOR = Unpooled.unreleasableBuffer(
        Unpooled.wrappedBuffer(new byte[]{','}).asReadOnly());
    private static final ByteBuf SUFFIX = Unpooled.unreleasableBuffer(
        Unpooled.wrappedBuffer(new byte[]{']', '}'}).asReadOnly());

    private final ByteBufAllocator allocator;
    private final EventJsonEncoder encoder = new EventJsonEncoder();
    // single writer (the assemble thread), read by any thread: a volatile increment is enough
    private volatile long encodings;
    private volatile long framesWritten;
    private volatile long slowConsumerDisconnects;

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
     * Writes one {@code events} text frame for the batch to the subscription's connection, or disconnects the
     * connection when it is a slow consumer. Assemble thread; allocates the envelope's composite buffer and
     * frame, and each event's encoding once.
     */
    @Override
    public void deliver(final Batch batch)
    {
        final Object attachment = batch.subscription().attachment();
        if (!(attachment instanceof SubscriptionSink))
        {
            return;
        }
        final SubscriptionSink sink = (SubscriptionSink)attachment;
        final WebSocketConnection connection = sink.connection();
        final Channel channel = connection.channel();
        if (!channel.isActive() || connection.closing())
        {
            // its unsubscribe-client command is on the way; nothing goes to a dead channel
            return;
        }
        if (!channel.isWritable())
        {
            if (connection.disconnectSlowConsumer())
            {
                slowConsumerDisconnects++;
            }
            return;
        }
        final int size = batch.size();
        final CompositeByteBuf envelope = allocator.compositeBuffer(2 * size + 2);
        try
        {
            envelope.addComponent(true, Unpooled.wrappedBuffer(sink.envelopePrefix()));
            for (int i = 0; i < size; i++)
            {
                if (i > 0)
                {
                    envelope.addComponent(true, SEPARATOR.duplicate());
                }
                envelope.addComponent(true, encoded(batch.get(i)).retainedDuplicate());
            }
            envelope.addComponent(true, SUFFIX.duplicate());
        }
        catch (final RuntimeException ex)
        {
            envelope.release();
            throw ex;
        }
        channel.writeAndFlush(new TextWebSocketFrame(envelope), channel.voidPromise());
        framesWritten++;
    }

    /** An expired subscription is reported to its client; the others were answered by their command. */
    @Override
    public void onSubscriptionClosed(final Subscription subscription, final CloseReason reason)
    {
        if (reason == CloseReason.EXPIRED && subscription.attachment() instanceof SubscriptionSink)
        {
            ((SubscriptionSink)subscription.attachment()).connection().sendExpired(subscription.id());
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

    /** Events frames handed to connections so far. */
    public long framesWritten()
    {
        return framesWritten;
    }

    /** Connections closed as slow consumers so far. */
    public long slowConsumerDisconnects()
    {
        return slowConsumerDisconnects;
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
