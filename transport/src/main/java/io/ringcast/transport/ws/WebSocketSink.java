package io.ringcast.transport.ws;

import java.nio.charset.StandardCharsets;

import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;

/**
 * A subscription's sink on a WebSocket: frames events as one {@code {"type":"events","id":..,"events":[..]}} text
 * frame whose prefix was encoded once when the subscription was made (see {@link #frame} for when the event bytes
 * are copied and when shared).
 */
final class WebSocketSink extends SubscriberSink
{
    /** Frames up to this many payload bytes are built by copying; larger ones share the event buffers. */
    static final int COPY_LIMIT = 4096;

    private static final byte[] SUFFIX = {']', '}'};

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

    /**
     * One {@code events} text frame, already framed (header included, so Netty's frame encoder passes it through:
     * the server sends unmasked frames and negotiates no extension). Up to {@value #COPY_LIMIT} bytes, the
     * envelope and the events are copied into one pooled direct buffer: for small events one memory copy is far
     * cheaper than a composite buffer, its components and a duplicate per receiver, and the socket write needs no
     * second copy. Larger frames keep the encode-once sharing: a composite of the frame head and the shared event
     * buffers.
     */
    @Override
    Object frame(final ByteBufAllocator allocator, final ByteBuf[] encoded, final long[] seqs, final int count)
    {
        return frame(allocator, envelopePrefix, encoded, count);
    }

    /**
     * One {@code {"type":"digest","id":..,"count":N,"events":[..]}} text frame: the events carried and the count of
     * all the digest sums up. Assemble thread; allocates the envelope (digests are rare).
     */
    @Override
    Object digestFrame(final ByteBufAllocator allocator, final ByteBuf[] encoded, final long[] seqs, final int count,
        final long total)
    {
        final ObjectNode m = connection.message("digest");
        m.put("id", subscriptionId());
        m.put("count", total);
        final String json = m.toString();
        final byte[] prefix = (json.substring(0, json.length() - 1) + ",\"events\":[").getBytes(StandardCharsets.UTF_8);
        return frame(allocator, prefix, encoded, count);
    }

    private static Object frame(final ByteBufAllocator allocator, final byte[] envelopePrefix, final ByteBuf[] encoded,
        final int count)
    {
        long payload = envelopePrefix.length + Math.max(0, count - 1) + SUFFIX.length;
        for (int i = 0; i < count; i++)
        {
            payload += encoded[i].readableBytes();
        }
        final int headLength = headLength(payload);
        if (payload <= COPY_LIMIT)
        {
            final ByteBuf frame = allocator.directBuffer(headLength + (int)payload);
            writeHead(frame, payload);
            frame.writeBytes(envelopePrefix);
            for (int i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    frame.writeByte(',');
                }
                final ByteBuf event = encoded[i];
                copy(event, frame);
                event.release();
                encoded[i] = null;
            }
            frame.writeBytes(SUFFIX);
            return frame;
        }
        final CompositeByteBuf frame = allocator.compositeDirectBuffer(2 * count + 2);
        final ByteBuf head = allocator.directBuffer(headLength + envelopePrefix.length);
        writeHead(head, payload);
        head.writeBytes(envelopePrefix);
        frame.addComponent(true, head);
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                frame.addComponent(true, allocator.directBuffer(1).writeByte(','));
            }
            frame.addComponent(true, encoded[i]);
            encoded[i] = null;
        }
        frame.addComponent(true, allocator.directBuffer(SUFFIX.length).writeBytes(SUFFIX));
        return frame;
    }

    /**
     * Appends {@code src}'s readable bytes to {@code dst}: memory to memory when both have an address (the adaptive
     * allocator's {@code writeBytes(ByteBuf)} makes a garbage NIO slice per call instead).
     */
    private static void copy(final ByteBuf src, final ByteBuf dst)
    {
        final int length = src.readableBytes();
        if (src.hasMemoryAddress() && dst.hasMemoryAddress())
        {
            dst.ensureWritable(length);
            PlatformDependent.copyMemory(src.memoryAddress() + src.readerIndex(),
                dst.memoryAddress() + dst.writerIndex(), length);
            dst.writerIndex(dst.writerIndex() + length);
        }
        else
        {
            dst.writeBytes(src, src.readerIndex(), length);
        }
    }

    private static int headLength(final long payload)
    {
        return payload < 126 ? 2 : payload <= 0xFFFF ? 4 : 10;
    }

    /** RFC 6455 header of a final, unmasked text frame of {@code payload} bytes. */
    private static void writeHead(final ByteBuf out, final long payload)
    {
        out.writeByte(0x81);
        if (payload < 126)
        {
            out.writeByte((int)payload);
        }
        else if (payload <= 0xFFFF)
        {
            out.writeByte(126);
            out.writeShort((int)payload);
        }
        else
        {
            out.writeByte(127);
            out.writeLong(payload);
        }
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
    AtomicLong queuedBytes()
    {
        return connection.queuedBytes();
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
