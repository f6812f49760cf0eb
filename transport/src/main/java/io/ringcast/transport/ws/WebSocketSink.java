package io.ringcast.transport.ws;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * A subscription's sink on a WebSocket: frames events as one {@code {"type":"events","id":..,"events":[..]}} text
 * frame whose prefix was encoded once when the subscription was made; the event bytes are never copied.
 */
final class WebSocketSink extends SubscriberSink
{
    private static final ByteBuf SEPARATOR = Unpooled.unreleasableBuffer(
        Unpooled.wrappedBuffer(new byte[]{','}).asReadOnly());
    private static final ByteBuf SUFFIX = Unpooled.unreleasableBuffer(
        Unpooled.wrappedBuffer(new byte[]{']', '}'}).asReadOnly());

    private final WebSocketConnection connection;
    private final byte[] envelopePrefix;

    /**
     * @param connection     the subscriber's connection
     * @param subscriptionId the subscription's id
     * @param envelopePrefix UTF-8 bytes of the events envelope up to the first event (never modified)
     */
    WebSocketSink(final WebSocketConnection connection, final String subscriptionId, final byte[] envelopePrefix)
    {
        super(subscriptionId, connection.server());
        this.connection = connection;
        this.envelopePrefix = envelopePrefix;
    }

    WebSocketConnection connection()
    {
        return connection;
    }

    @Override
    Channel channel()
    {
        return connection.channel();
    }

    @Override
    boolean closing()
    {
        return connection.closing();
    }

    @Override
    boolean disconnectSlowConsumer()
    {
        return connection.disconnect(1008, "slow consumer");
    }

    @Override
    Object frame(final ByteBufAllocator allocator, final ByteBuf[] encoded, final long[] seqs, final int count)
    {
        final CompositeByteBuf envelope = allocator.compositeBuffer(2 * count + 2);
        envelope.addComponent(true, Unpooled.wrappedBuffer(envelopePrefix));
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                envelope.addComponent(true, SEPARATOR.duplicate());
            }
            envelope.addComponent(true, encoded[i]);
        }
        envelope.addComponent(true, SUFFIX.duplicate());
        return new TextWebSocketFrame(envelope);
    }

    @Override
    void sendGap(final long fromSeq, final long toSeq)
    {
        connection.sendGap(subscriptionId(), fromSeq, toSeq, null);
    }

    @Override
    void sendDropped(final long fromSeq, final long toSeq)
    {
        connection.sendGap(subscriptionId(), fromSeq, toSeq, "slow_consumer");
    }

    @Override
    void onExpired()
    {
        connection.sendExpired(subscriptionId());
    }

    @Override
    String clientId()
    {
        return connection.clientId();
    }

    @Override
    OutboundBacklog backlog()
    {
        return connection.backlog();
    }

    @Override
    void abortResume(final String code, final String message)
    {
        connection.sendError(code, message, subscriptionId());
        connection.disconnect(1008, code);
    }
}
