package io.ringcast.engine.event;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Writes one event in the codec's layout (see {@link EventView}), field by field, in wire order:
 * header values, then {@link #id}, {@link #dedupKey}, {@link #topic}, any number of attributes, and
 * {@link #payload} last, which returns the encoded length.
 * <p>
 * It writes what it is given; limits are checked by {@link EventView#wrap} on the reading side, which is
 * where untrusted bytes arrive. The one thing it refuses is a field too long for its length prefix
 * (text over 65535 bytes, a name over 255 bytes, more than 255 attributes): a truncated prefix would
 * frame the rest of the field as further fields, so it throws {@link IllegalArgumentException} instead.
 * With an {@code ExpandableArrayBuffer} the target grows as needed.
 * Not thread-safe; allocation free (strings are encoded straight into the buffer) except when it throws.
 */
public final class EventEncoder
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int MAX_TEXT16_LENGTH = 0xFFFF;
    private static final int MAX_NAME_LENGTH = 0xFF;
    private static final int MAX_ATTRIBUTES = 0xFF;

    private MutableDirectBuffer buffer;
    private int offset;
    private int position;
    private int attributeCount;

    /** Starts an event at {@code offset} with seq 0, NORMAL priority, OPAQUE payload and timestamp 0. */
    public EventEncoder wrap(final MutableDirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.attributeCount = 0;
        buffer.putByte(offset, (byte)EventView.VERSION);
        buffer.putByte(offset + 1, Priority.NORMAL.code());
        buffer.putByte(offset + 2, (byte)0);
        buffer.putByte(offset + 3, (byte)0);
        buffer.putLong(offset + EventView.SEQ_OFFSET, 0L, LE);
        buffer.putLong(offset + EventView.TIMESTAMP_OFFSET, 0L, LE);
        position = offset + EventView.HEADER_LENGTH;
        return this;
    }

    /** Sets the priority. */
    public EventEncoder priority(final Priority priority)
    {
        buffer.putByte(offset + 1, priority.code());
        return this;
    }

    /** Sets the payload's content type. */
    public EventEncoder contentType(final ContentType contentType)
    {
        buffer.putByte(offset + 2, (byte)contentType.ordinal());
        return this;
    }

    /** Sets the seq field (normally left 0 for the engine to assign). */
    public EventEncoder seq(final long seq)
    {
        buffer.putLong(offset + EventView.SEQ_OFFSET, seq, LE);
        return this;
    }

    /** Publish timestamp in epoch milliseconds. */
    public EventEncoder timestamp(final long epochMillis)
    {
        buffer.putLong(offset + EventView.TIMESTAMP_OFFSET, epochMillis, LE);
        return this;
    }

    /** Writes the event id (UTF-8); call first after the header values. */
    public EventEncoder id(final CharSequence id)
    {
        return text16(id);
    }

    /** The dedup key; pass "" (or null) for none, so the id is the key. */
    public EventEncoder dedupKey(final CharSequence key)
    {
        return text16(key == null ? "" : key);
    }

    /** Writes the topic; call after {@link #dedupKey}. */
    public EventEncoder topic(final CharSequence topic)
    {
        return text16(topic);
    }

    /** Adds a STRING attribute; call after {@link #topic}. */
    public EventEncoder attribute(final CharSequence name, final CharSequence value)
    {
        name(AttributeType.STRING, name);
        return text16(value);
    }

    /** Adds a LONG attribute. */
    public EventEncoder attribute(final CharSequence name, final long value)
    {
        name(AttributeType.LONG, name);
        buffer.putLong(position, value, LE);
        position += 8;
        return this;
    }

    /** Adds a DOUBLE attribute. */
    public EventEncoder attribute(final CharSequence name, final double value)
    {
        name(AttributeType.DOUBLE, name);
        buffer.putDouble(position, value, LE);
        position += 8;
        return this;
    }

    /** Adds a BOOLEAN attribute. */
    public EventEncoder attribute(final CharSequence name, final boolean value)
    {
        name(AttributeType.BOOLEAN, name);
        buffer.putByte(position, value ? (byte)1 : (byte)0);
        position += 1;
        return this;
    }

    /** Writes the payload and finishes the event. @return the encoded length. */
    public int payload(final DirectBuffer src, final int srcOffset, final int length)
    {
        buffer.putInt(position, length, LE);
        buffer.putBytes(position + 4, src, srcOffset, length);
        position += 4 + length;
        return position - offset;
    }

    /** Writes the payload and finishes the event. @return the encoded length. */
    public int payload(final byte[] src)
    {
        buffer.putInt(position, src.length, LE);
        buffer.putBytes(position + 4, src);
        position += 4 + src.length;
        return position - offset;
    }

    /** Writes a UTF-8 text payload and finishes the event. @return the encoded length. */
    public int payload(final CharSequence text)
    {
        final int n = Utf8.encode(text, buffer, position + 4);
        buffer.putInt(position, n, LE);
        position += 4 + n;
        return position - offset;
    }

    private void name(final AttributeType type, final CharSequence name)
    {
        if (attributeCount == MAX_ATTRIBUTES)
        {
            throw new IllegalArgumentException("more than " + MAX_ATTRIBUTES + " attributes");
        }
        buffer.putByte(position, type.code);
        final int n = Utf8.encode(name, buffer, position + 2);
        if (n > MAX_NAME_LENGTH)
        {
            throw new IllegalArgumentException("attribute name of " + n + " bytes exceeds " + MAX_NAME_LENGTH);
        }
        buffer.putByte(position + 1, (byte)n);
        position += 2 + n;
        buffer.putByte(offset + 3, (byte)++attributeCount);
    }

    private EventEncoder text16(final CharSequence text)
    {
        final int n = Utf8.encode(text, buffer, position + 2);
        if (n > MAX_TEXT16_LENGTH)
        {
            throw new IllegalArgumentException("text of " + n + " bytes exceeds " + MAX_TEXT16_LENGTH);
        }
        buffer.putShort(position, (short)n, LE);
        position += 2 + n;
        return this;
    }
}
