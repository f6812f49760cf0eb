package io.ringcast.engine.event;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over one encoded event: {@link #wrap} validates the bytes once against the codec limits
 * and indexes the variable-length fields, after which every accessor is a plain read.
 * <p>
 * The encoded form (all integers little-endian; validated by {@link EventDecoding}) is the one codec of Ringcast, used by TCP ingest,
 * the journal and binary WebSocket frames; {@code transport/PROTOCOL.md} carries the byte-level table:
 * <pre>
 *   0  u8   version (1)
 *   1  u8   priority (0 LOW, 1 NORMAL, 2 HIGH, 3 CRITICAL)
 *   2  u8   content type (0 OPAQUE, 1 JSON)
 *   3  u8   attribute count
 *   4  i64  seq (0 until the engine assigns it)
 *  12  i64  timestamp, epoch milliseconds
 *  20  u16  id length,        id bytes (UTF-8, at least 1)
 *      u16  dedup key length, dedup key bytes (UTF-8, 0 = none: the id is the key)
 *      u16  topic length,     topic bytes (printable ASCII, dot-separated non-empty segments)
 *      attributes, each:  u8 type, u8 name length, name bytes ([A-Za-z0-9_.-]), value:
 *          STRING  u16 length + UTF-8 bytes | LONG i64 | DOUBLE f64 (not NaN) | BOOLEAN u8 (0 or 1)
 *      u32  payload length,   payload bytes
 * </pre>
 * The wrapped length must end exactly at the payload's end.
 * <p>
 * Not thread-safe: one view per thread (each ring slot owns one). Wrapping never allocates and never
 * reads outside {@code [offset, offset + length)}.
 */
public final class EventView
{
    /** Codec version written and accepted. */
    public static final int VERSION = 1;
    /** Bytes of the fixed header. */
    public static final int HEADER_LENGTH = 20;
    /** Offset of the seq field, patched in place by the dedup stage. */
    public static final int SEQ_OFFSET = 4;
    /** Offset of the timestamp field. */
    public static final int TIMESTAMP_OFFSET = 12;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    final CodecLimits limits;
    final int[] nameOffsets;
    final int[] nameLengths;
    final byte[] types;
    final int[] valueOffsets;
    final int[] valueLengths;

    DirectBuffer buffer;
    int offset;
    int length;
    int attributeCount;
    int idOffset;
    int idLength;
    int dedupKeyOffset;
    int dedupKeyLength;
    int topicOffset;
    int topicLength;
    int topicSegments;
    int payloadOffset;
    int payloadLength;

    CodecError error = CodecError.NONE;
    private int errorOffset;
    int errorAttribute = -1;

    /** A view that validates against {@code limits}; allocates its index arrays once. */
    public EventView(final CodecLimits limits)
    {
        this.limits = limits;
        final int n = Math.max(1, limits.maxAttributes());
        nameOffsets = new int[n];
        nameLengths = new int[n];
        types = new byte[n];
        valueOffsets = new int[n];
        valueLengths = new int[n];
    }

    /** The limits this view validates against. */
    public CodecLimits limits()
    {
        return limits;
    }

    /**
     * Validates and indexes the event in {@code buffer[offset, offset + length)}.
     *
     * @return {@link CodecError#NONE} when the event is valid; otherwise the first error found, and
     * the view is not usable until a later wrap succeeds.
     */
    public CodecError wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        return EventDecoding.decode(this, buffer, offset, length);
    }

    /**
     * Wraps a byte-for-byte copy of the event {@code source} currently wraps, already placed by the
     * caller at {@code buffer[offset]}, reusing the source's validation instead of repeating it.
     * Allocation free; {@code source} must have wrapped successfully and share this view's limits.
     */
    public void wrapCopyOf(final EventView source, final DirectBuffer buffer, final int offset)
    {
        final int delta = offset - source.offset;
        this.buffer = buffer;
        this.offset = offset;
        this.length = source.length;
        this.attributeCount = source.attributeCount;
        this.idOffset = source.idOffset + delta;
        this.idLength = source.idLength;
        this.dedupKeyOffset = source.dedupKeyOffset + delta;
        this.dedupKeyLength = source.dedupKeyLength;
        this.topicOffset = source.topicOffset + delta;
        this.topicLength = source.topicLength;
        this.topicSegments = source.topicSegments;
        this.payloadOffset = source.payloadOffset + delta;
        this.payloadLength = source.payloadLength;
        for (int i = 0; i < attributeCount; i++)
        {
            nameOffsets[i] = source.nameOffsets[i] + delta;
            nameLengths[i] = source.nameLengths[i];
            types[i] = source.types[i];
            valueOffsets[i] = source.valueOffsets[i] + delta;
            valueLengths[i] = source.valueLengths[i];
        }
        this.error = CodecError.NONE;
        this.errorAttribute = -1;
    }

    CodecError fail(final CodecError error, final int at)
    {
        this.error = error;
        this.errorOffset = at - offset;
        this.attributeCount = 0;
        this.length = 0;
        return error;
    }

    /** The error of the last {@link #wrap}, {@link CodecError#NONE} after a success. */
    public CodecError error()
    {
        return error;
    }

    /** Byte offset, relative to the wrapped start, where the last error was found. */
    public int errorOffset()
    {
        return errorOffset;
    }

    /** A precise message for the last error: what, where, and which attribute. Allocates: error path only. */
    public String errorMessage()
    {
        if (error == CodecError.NONE)
        {
            return "ok";
        }
        final StringBuilder sb = new StringBuilder(error.description());
        switch (error)
        {
            case ID_TOO_LONG: sb.append(" (max ").append(limits.maxIdLength()).append(" bytes)"); break;
            case DEDUP_KEY_TOO_LONG: sb.append(" (max ").append(limits.maxDedupKeyLength()).append(" bytes)"); break;
            case TOPIC_TOO_LONG: sb.append(" (max ").append(limits.maxTopicLength()).append(" bytes)"); break;
            case TOO_MANY_TOPIC_SEGMENTS: sb.append(" (max ").append(limits.maxTopicSegments()).append(")"); break;
            case TOO_MANY_ATTRIBUTES: sb.append(" (max ").append(limits.maxAttributes()).append(")"); break;
            case ATTRIBUTE_NAME_INVALID:
                sb.append(" (max ").append(limits.maxAttributeNameLength()).append(" bytes)"); break;
            case ATTRIBUTE_VALUE_TOO_LONG:
                sb.append(" (max ").append(limits.maxAttributeValueLength()).append(" bytes)"); break;
            case PAYLOAD_TOO_LARGE: sb.append(" (max ").append(limits.maxPayloadLength()).append(" bytes)"); break;
            case TOO_LARGE: sb.append(" (max ").append(limits.maxEventLength()).append(" bytes)"); break;
            default: break;
        }
        if (errorAttribute >= 0)
        {
            sb.append(" in attribute #").append(errorAttribute);
        }
        return sb.append(" at byte ").append(errorOffset).toString();
    }

    /** The buffer the view wraps. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** Offset of the encoded event in {@link #buffer()}. */
    public int offset()
    {
        return offset;
    }

    /** Length of the encoded event; 0 when the last wrap failed. */
    public int length()
    {
        return length;
    }

    /** The engine-assigned sequence number, 0 before dedup assigns it. */
    public long seq()
    {
        return buffer.getLong(offset + SEQ_OFFSET, LE);
    }

    /**
     * Writes {@code seq} into the encoded bytes in place, so the journal stores the event with its seq.
     * Only the dedup stage calls this.
     */
    public void seq(final long seq)
    {
        ((MutableDirectBuffer)buffer).putLong(offset + SEQ_OFFSET, seq, LE);
    }

    /** Publish timestamp, epoch milliseconds. */
    public long timestamp()
    {
        return buffer.getLong(offset + TIMESTAMP_OFFSET, LE);
    }

    /** Priority code, 0..3 ({@link Priority#ordinal()}). */
    public int priorityCode()
    {
        return buffer.getByte(offset + 1);
    }

    /** Priority. */
    public Priority priority()
    {
        return Priority.fromCode(priorityCode());
    }

    /** Payload content type. */
    public ContentType contentType()
    {
        return buffer.getByte(offset + 2) == 1 ? ContentType.JSON : ContentType.OPAQUE;
    }

    /** Offset of the id bytes in {@link #buffer()}. */
    public int idOffset()
    {
        return idOffset;
    }

    /** Length of the id in bytes (at least 1). */
    public int idLength()
    {
        return idLength;
    }

    /** Offset of the dedup key bytes in {@link #buffer()}. */
    public int dedupKeyOffset()
    {
        return dedupKeyOffset;
    }

    /** Length of the dedup key; 0 means the id is the key. */
    public int dedupKeyLength()
    {
        return dedupKeyLength;
    }

    /** Offset of the topic bytes in {@link #buffer()}. */
    public int topicOffset()
    {
        return topicOffset;
    }

    /** Length of the topic in bytes. */
    public int topicLength()
    {
        return topicLength;
    }

    /** Number of dot-separated segments in the topic. */
    public int topicSegments()
    {
        return topicSegments;
    }

    /** Number of attributes; 0 when the last wrap failed. */
    public int attributeCount()
    {
        return attributeCount;
    }

    /** Offset of attribute {@code i}'s name bytes. */
    public int attributeNameOffset(final int i)
    {
        return nameOffsets[i];
    }

    /** Length of attribute {@code i}'s name in bytes. */
    public int attributeNameLength(final int i)
    {
        return nameLengths[i];
    }

    /** Type code of attribute {@code i} ({@link AttributeType#code}). */
    public byte attributeTypeCode(final int i)
    {
        return types[i];
    }

    /** Type of attribute {@code i}. */
    public AttributeType attributeType(final int i)
    {
        return AttributeType.fromCode(types[i]);
    }

    /** Offset of a string attribute's bytes (or of the fixed-size value of other types). */
    public int attributeValueOffset(final int i)
    {
        return valueOffsets[i];
    }

    /** Length of a string attribute's bytes (8 for long/double, 1 for boolean). */
    public int attributeValueLength(final int i)
    {
        return valueLengths[i];
    }

    /** Value of LONG attribute {@code i}. */
    public long attributeLong(final int i)
    {
        return buffer.getLong(valueOffsets[i], LE);
    }

    /** Value of DOUBLE attribute {@code i} (never NaN). */
    public double attributeDouble(final int i)
    {
        return buffer.getDouble(valueOffsets[i], LE);
    }

    /** Value of BOOLEAN attribute {@code i}. */
    public boolean attributeBoolean(final int i)
    {
        return buffer.getByte(valueOffsets[i]) != 0;
    }

    /** Offset of the payload bytes in {@link #buffer()}. */
    public int payloadOffset()
    {
        return payloadOffset;
    }

    /** Length of the payload in bytes. */
    public int payloadLength()
    {
        return payloadLength;
    }
}
