package io.ringcast.transport.ws;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import io.ringcast.engine.event.AttributeType;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.JsonValidator;
import io.ringcast.engine.event.Priority;

/**
 * Writes one event as the JSON object of the WebSocket protocol,
 * {@code {"seq":..,"topic":..,"id":..,"priority":"high","ts":..,"attrs":{..},"data":..}}, straight from the
 * codec bytes into a {@link ByteBuf}. JSON payloads that are one valid JSON value are embedded as they are (raw
 * CR/LF whitespace as spaces, so every event is one line); others (opaque, or declared JSON but not, which only old
 * journals hold now that ingest validates) go as base64.
 * <p>
 * Not thread-safe (scratch digits and validator): one owner thread per instance (the assemble thread, or one
 * catch-up replay). Allocates the output buffer
 * (pooled) and, for double attributes only, the digits' {@code String}.
 */
final class EventJsonEncoder
{
    private static final byte[] SEQ = ascii("{\"seq\":");
    private static final byte[] TOPIC = ascii(",\"topic\":");
    private static final byte[] ID = ascii(",\"id\":");
    private static final byte[] TS = ascii(",\"ts\":");
    private static final byte[] ATTRS = ascii(",\"attrs\":{");
    private static final byte[] DATA = ascii("},\"data\":");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");
    private static final byte[][] PRIORITIES = priorities();
    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final byte[] BASE64 = ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");

    private final byte[] digits = new byte[20];
    private final JsonValidator json = new JsonValidator();

    /** Encodes {@code view} into a new buffer from {@code allocator}; the caller owns the returned buffer. */
    ByteBuf encode(final ByteBufAllocator allocator, final EventView view)
    {
        final DirectBuffer src = view.buffer();
        final ByteBuf out = allocator.buffer(128 + view.length() * 2);
        out.writeBytes(SEQ);
        writeLong(out, view.seq());
        out.writeBytes(TOPIC);
        writeString(out, src, view.topicOffset(), view.topicLength());
        out.writeBytes(ID);
        writeString(out, src, view.idOffset(), view.idLength());
        out.writeBytes(PRIORITIES[view.priorityCode()]);
        out.writeBytes(TS);
        writeLong(out, view.timestamp());
        out.writeBytes(ATTRS);
        final int count = view.attributeCount();
        for (int i = 0; i < count; i++)
        {
            if (i > 0)
            {
                out.writeByte(',');
            }
            writeString(out, src, view.attributeNameOffset(i), view.attributeNameLength(i));
            out.writeByte(':');
            writeAttribute(out, view, i);
        }
        out.writeBytes(DATA);
        final int payloadLength = view.payloadLength();
        if (view.contentType() == ContentType.JSON && payloadLength == 0)
        {
            out.writeBytes(NULL);
        }
        else if (view.contentType() == ContentType.JSON && json.validate(src, view.payloadOffset(), payloadLength))
        {
            // publishers' JSON is validated at ingest; this check (once per event, encodings are shared) covers
            // journals written before that: a payload declared JSON that is not would break the whole events
            // message for every subscriber, so such a payload goes out as base64 instead
            for (int i = view.payloadOffset(), end = i + payloadLength; i < end; i++)
            {
                final byte b = src.getByte(i);
                // raw CR/LF in valid JSON are only whitespace between tokens: as spaces the event stays one line,
                // which SSE's data: field needs
                out.writeByte(b == '\r' || b == '\n' ? ' ' : b);
            }
        }
        else
        {
            out.writeByte('"');
            writeBase64(out, src, view.payloadOffset(), payloadLength);
            out.writeByte('"');
        }
        out.writeByte('}');
        return out;
    }

    private void writeAttribute(final ByteBuf out, final EventView view, final int i)
    {
        final AttributeType type = view.attributeType(i);
        if (type == AttributeType.STRING)
        {
            writeString(out, view.buffer(), view.attributeValueOffset(i), view.attributeValueLength(i));
        }
        else if (type == AttributeType.LONG)
        {
            writeLong(out, view.attributeLong(i));
        }
        else if (type == AttributeType.DOUBLE)
        {
            final double d = view.attributeDouble(i);
            if (Double.isInfinite(d))
            {
                // JSON has no infinity; NaN never reaches here (the codec rejects it)
                out.writeBytes(NULL);
            }
            else
            {
                out.writeCharSequence(Double.toString(d), StandardCharsets.US_ASCII);
            }
        }
        else
        {
            out.writeBytes(view.attributeBoolean(i) ? TRUE : FALSE);
        }
    }

    private void writeLong(final ByteBuf out, final long value)
    {
        if (value == Long.MIN_VALUE)
        {
            out.writeCharSequence("-9223372036854775808", StandardCharsets.US_ASCII);
            return;
        }
        long v = value;
        if (v < 0)
        {
            out.writeByte('-');
            v = -v;
        }
        int pos = digits.length;
        do
        {
            digits[--pos] = (byte)('0' + (v % 10));
            v /= 10;
        }
        while (v != 0);
        out.writeBytes(digits, pos, digits.length - pos);
    }

    /** A JSON string from valid UTF-8 bytes: only quote, backslash and control characters need escaping. */
    private static void writeString(final ByteBuf out, final DirectBuffer src, final int offset, final int length)
    {
        out.writeByte('"');
        for (int i = offset, end = offset + length; i < end; i++)
        {
            final byte b = src.getByte(i);
            if (b == '"' || b == '\\')
            {
                out.writeByte('\\');
                out.writeByte(b);
            }
            else if (b >= 0 && b < 0x20)
            {
                out.writeByte('\\');
                out.writeByte('u');
                out.writeByte('0');
                out.writeByte('0');
                out.writeByte(HEX[b >> 4]);
                out.writeByte(HEX[b & 0xF]);
            }
            else
            {
                out.writeByte(b);
            }
        }
        out.writeByte('"');
    }

    private static void writeBase64(final ByteBuf out, final DirectBuffer src, final int offset, final int length)
    {
        int i = offset;
        final int end = offset + length;
        for (; i + 2 < end; i += 3)
        {
            final int n =
                (src.getByte(i) & 0xFF) << 16 | (src.getByte(i + 1) & 0xFF) << 8 | (src.getByte(i + 2) & 0xFF);
            out.writeByte(BASE64[n >>> 18]);
            out.writeByte(BASE64[(n >>> 12) & 0x3F]);
            out.writeByte(BASE64[(n >>> 6) & 0x3F]);
            out.writeByte(BASE64[n & 0x3F]);
        }
        final int rest = end - i;
        if (rest == 1)
        {
            final int n = (src.getByte(i) & 0xFF) << 16;
            out.writeByte(BASE64[n >>> 18]);
            out.writeByte(BASE64[(n >>> 12) & 0x3F]);
            out.writeByte('=');
            out.writeByte('=');
        }
        else if (rest == 2)
        {
            final int n = (src.getByte(i) & 0xFF) << 16 | (src.getByte(i + 1) & 0xFF) << 8;
            out.writeByte(BASE64[n >>> 18]);
            out.writeByte(BASE64[(n >>> 12) & 0x3F]);
            out.writeByte(BASE64[(n >>> 6) & 0x3F]);
            out.writeByte('=');
        }
    }

    private static byte[][] priorities()
    {
        final Priority[] values = Priority.values();
        final byte[][] result = new byte[values.length][];
        for (int i = 0; i < values.length; i++)
        {
            result[i] = ascii(",\"priority\":\"" + values[i].name().toLowerCase(java.util.Locale.ROOT) + "\"");
        }
        return result;
    }

    static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
