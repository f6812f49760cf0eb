package io.ringcast.transport.ws;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;

/**
 * A subscription's sink on a Server-Sent Events stream: frames a batch as one HTTP chunk holding one record per
 * event, {@code id: <seq>@<epoch>\nevent: event\ndata: <event JSON>\n\n}. The chunk is a composite of the shared
 * encoded events and one small buffer with the text around them, so the event bytes are not copied. Each event's
 * JSON is one line, as an SSE {@code data:} line needs: {@link EventJsonEncoder} writes the only CR/LF JSON may hold
 * (whitespace inside an embedded payload) as spaces.
 * <p>
 * Threads: as {@link SubscriberSink}. {@link #frame} allocates the chunk, its composite and one buffer for the
 * record headers.
 */
final class SseSink extends SubscriberSink
{
    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT_DATA = "\nevent: event\ndata: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_LONG_DIGITS = 20;

    private final SseConnection connection;
    private final AtomicLong queuedBytes = new AtomicLong(); // one sink per SSE connection
    private final byte[] epochSuffix;
    private final int headerCapacity;

    /**
     * @param connection     the subscriber's stream
     * @param subscriptionId the subscription's id
     * @param epoch          the journal epoch every event id carries after its seq ("" when unknown)
     */
    SseSink(final SseConnection connection, final String subscriptionId, final String epoch)
    {
        super(subscriptionId, connection.server());
        this.connection = connection;
        this.epochSuffix = ("@" + epoch).getBytes(StandardCharsets.UTF_8);
        this.headerCapacity = END.length + ID.length + MAX_LONG_DIGITS + epochSuffix.length + EVENT_DATA.length;
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
        return connection.disconnect();
    }

    @Override
    Object frame(final ByteBufAllocator allocator, final ByteBuf[] encoded, final long[] seqs, final int count)
    {
        final ByteBuf headers = allocator.buffer(count * headerCapacity + END.length);
        final CompositeByteBuf chunk = allocator.compositeBuffer(2 * count + 1);
        try
        {
            for (int i = 0; i < count; i++)
            {
                final int start = headers.writerIndex();
                if (i > 0)
                {
                    headers.writeBytes(END);
                }
                headers.writeBytes(ID);
                writeLong(headers, seqs[i]);
                headers.writeBytes(epochSuffix);
                headers.writeBytes(EVENT_DATA);
                chunk.addComponent(true, headers.retainedSlice(start, headers.writerIndex() - start));
                final ByteBuf data = encoded[i];
                encoded[i] = null; // owned by the chunk from here, even if a later event fails
                chunk.addComponent(true, data); // one line: EventJsonEncoder writes raw CR/LF as spaces
            }
            final int start = headers.writerIndex();
            headers.writeBytes(END);
            chunk.addComponent(true, headers.retainedSlice(start, END.length));
        }
        catch (final RuntimeException ex)
        {
            for (int i = 0; i < count; i++)
            {
                if (encoded[i] != null)
                {
                    encoded[i].release();
                }
            }
            chunk.release();
            throw ex;
        }
        finally
        {
            headers.release();
        }
        return new DefaultHttpContent(chunk);
    }

    /**
     * A digest as one SSE record, {@code event: digest}, whose data is the WebSocket protocol's digest message and
     * whose id is the last carried event's (so a reconnect resumes after the digest). Assemble thread; allocates.
     */
    @Override
    Object digestFrame(final ByteBufAllocator allocator, final ByteBuf[] encoded, final long[] seqs, final int count,
        final long total)
    {
        final String head = "id: " + (count == 0 ? 0 : seqs[count - 1]) + new String(epochSuffix, StandardCharsets.UTF_8) +
            "\nevent: digest\ndata: {\"type\":\"digest\",\"id\":" + JsonQuoting.quote(subscriptionId()) +
            ",\"count\":" + total + ",\"events\":[";
        final CompositeByteBuf chunk = allocator.compositeBuffer(2 * count + 2);
        chunk.addComponent(true, allocator.buffer(head.length() * 3).writeBytes(head.getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                chunk.addComponent(true, allocator.buffer(1).writeByte(','));
            }
            chunk.addComponent(true, encoded[i]);
            encoded[i] = null;
        }
        chunk.addComponent(true, allocator.buffer(4).writeBytes("]}\n\n".getBytes(StandardCharsets.US_ASCII)));
        return new DefaultHttpContent(chunk);
    }

    @Override
    void sendGap(final long fromSeq, final long toSeq)
    {
        connection.sendGap(fromSeq, toSeq, null);
    }

    @Override
    void sendDropped(final long fromSeq, final long toSeq)
    {
        connection.sendGap(fromSeq, toSeq, "slow_consumer");
    }

    @Override
    AtomicLong queuedBytes()
    {
        return queuedBytes;
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

    /**
     * The engine expired the subscription (idle expiry): the stream, which has no other, ends with an
     * {@code unsubscribed} record. Assemble thread.
     */
    @Override
    void onExpired()
    {
        connection.sendExpired();
    }

    @Override
    void abortResume(final String code, final String message)
    {
        connection.sendError(code, message, subscriptionId());
        connection.disconnect();
    }

    /** Writes the decimal digits of {@code value} (>= 0) without building a string. */
    private static void writeLong(final ByteBuf out, final long value)
    {
        int digits = 1;
        for (long v = value / 10; v != 0; v /= 10)
        {
            digits++;
        }
        out.ensureWritable(digits);
        final int start = out.writerIndex();
        out.writerIndex(start + digits);
        long v = value;
        for (int i = start + digits - 1; i >= start; i--)
        {
            out.setByte(i, '0' + (int)(v % 10));
            v /= 10;
        }
    }
}
