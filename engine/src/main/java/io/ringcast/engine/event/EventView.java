package io.ringcast.engine.event;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over one encoded event: {@link #wrap} validates the bytes once against the codec limits
 * and indexes the variable-length fields, after which every accessor is a plain read.
 * <p>
 * The encoded form (all integers little-endian) is the one codec of Ringcast, used by TCP ingest,
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

    private final CodecLimits limits;
    private final int[] nameOffsets;
    private final int[] nameLengths;
    private final byte[] types;
    private final int[] valueOffsets;
    private final int[] valueLengths;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int attributeCount;
    private int idOffset;
    private int idLength;
    private int dedupKeyOffset;
    private int dedupKeyLength;
    private int topicOffset;
    private int topicLength;
    private int topicSegments;
    private int payloadOffset;
    private int payloadLength;

    private CodecError error = CodecError.NONE;
    private int errorOffset;
    private int errorAttribute = -1;

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
        this.buffer = buffer;
        this.offset = offset;
        this.length = 0;
        this.attributeCount = 0;
        errorAttribute = -1;
        if (length > limits.maxEventLength())
        {
            return fail(CodecError.TOO_LARGE, offset);
        }
        final int end = offset + length;
        if (length < HEADER_LENGTH)
        {
            return fail(CodecError.TRUNCATED, offset);
        }
        if (buffer.getByte(offset) != VERSION)
        {
            return fail(CodecError.BAD_VERSION, offset);
        }
        if ((buffer.getByte(offset + 1) & 0xFF) > 3)
        {
            return fail(CodecError.BAD_PRIORITY, offset + 1);
        }
        if ((buffer.getByte(offset + 2) & 0xFF) > 1)
        {
            return fail(CodecError.BAD_CONTENT_TYPE, offset + 2);
        }
        final int count = buffer.getByte(offset + 3) & 0xFF;
        if (count > limits.maxAttributes())
        {
            return fail(CodecError.TOO_MANY_ATTRIBUTES, offset + 3);
        }
        int p = offset + HEADER_LENGTH;

        // id
        if (p + 2 > end)
        {
            return fail(CodecError.TRUNCATED, p);
        }
        idLength = buffer.getShort(p, LE) & 0xFFFF;
        idOffset = p + 2;
        if (idLength == 0)
        {
            return fail(CodecError.ID_MISSING, p);
        }
        if (idLength > limits.maxIdLength())
        {
            return fail(CodecError.ID_TOO_LONG, p);
        }
        p = idOffset + idLength;
        if (p > end)
        {
            return fail(CodecError.TRUNCATED, idOffset);
        }
        final int badIdOffset = Utf8.firstInvalid(buffer, idOffset, idLength);
        if (badIdOffset >= 0)
        {
            return fail(CodecError.INVALID_UTF8, badIdOffset);
        }

        // dedup key
        if (p + 2 > end)
        {
            return fail(CodecError.TRUNCATED, p);
        }
        dedupKeyLength = buffer.getShort(p, LE) & 0xFFFF;
        dedupKeyOffset = p + 2;
        if (dedupKeyLength > limits.maxDedupKeyLength())
        {
            return fail(CodecError.DEDUP_KEY_TOO_LONG, p);
        }
        p = dedupKeyOffset + dedupKeyLength;
        if (p > end)
        {
            return fail(CodecError.TRUNCATED, dedupKeyOffset);
        }
        final int badDedupKeyOffset = Utf8.firstInvalid(buffer, dedupKeyOffset, dedupKeyLength);
        if (badDedupKeyOffset >= 0)
        {
            return fail(CodecError.INVALID_UTF8, badDedupKeyOffset);
        }

        // topic
        if (p + 2 > end)
        {
            return fail(CodecError.TRUNCATED, p);
        }
        topicLength = buffer.getShort(p, LE) & 0xFFFF;
        topicOffset = p + 2;
        if (topicLength == 0)
        {
            return fail(CodecError.TOPIC_MISSING, p);
        }
        if (topicLength > limits.maxTopicLength())
        {
            return fail(CodecError.TOPIC_TOO_LONG, p);
        }
        p = topicOffset + topicLength;
        if (p > end)
        {
            return fail(CodecError.TRUNCATED, topicOffset);
        }
        final int segments = countTopicSegments(buffer, topicOffset, topicLength);
        if (segments < 0)
        {
            return fail(CodecError.TOPIC_INVALID, topicOffset + (-segments - 1));
        }
        if (segments > limits.maxTopicSegments())
        {
            return fail(CodecError.TOO_MANY_TOPIC_SEGMENTS, topicOffset);
        }
        topicSegments = segments;

        // attributes
        for (int i = 0; i < count; i++)
        {
            errorAttribute = i;
            if (p + 2 > end)
            {
                return fail(CodecError.TRUNCATED, p);
            }
            final int typeCode = buffer.getByte(p);
            final AttributeType type = AttributeType.fromCode(typeCode);
            if (type == null)
            {
                return fail(CodecError.ATTRIBUTE_TYPE_INVALID, p);
            }
            final int nameLength = buffer.getByte(p + 1) & 0xFF;
            final int nameOffset = p + 2;
            if (nameLength == 0 || nameLength > limits.maxAttributeNameLength())
            {
                return fail(CodecError.ATTRIBUTE_NAME_INVALID, p + 1);
            }
            p = nameOffset + nameLength;
            if (p > end)
            {
                return fail(CodecError.TRUNCATED, nameOffset);
            }
            if (!isValidName(buffer, nameOffset, nameLength))
            {
                return fail(CodecError.ATTRIBUTE_NAME_INVALID, nameOffset);
            }
            if (isReservedName(buffer, nameOffset, nameLength))
            {
                return fail(CodecError.ATTRIBUTE_NAME_RESERVED, nameOffset);
            }
            for (int j = 0; j < i; j++)
            {
                if (bytesEqual(buffer, nameOffsets[j], nameLengths[j], nameOffset, nameLength))
                {
                    return fail(CodecError.ATTRIBUTE_NAME_DUPLICATE, nameOffset);
                }
            }
            final int valueOffset;
            final int valueLength;
            switch (type)
            {
                case STRING:
                    if (p + 2 > end)
                    {
                        return fail(CodecError.TRUNCATED, p);
                    }
                    valueLength = buffer.getShort(p, LE) & 0xFFFF;
                    valueOffset = p + 2;
                    if (valueLength > limits.maxAttributeValueLength())
                    {
                        return fail(CodecError.ATTRIBUTE_VALUE_TOO_LONG, p);
                    }
                    if (valueOffset + valueLength > end)
                    {
                        return fail(CodecError.TRUNCATED, valueOffset);
                    }
                    final int badByte = Utf8.firstInvalid(buffer, valueOffset, valueLength);
                    if (badByte >= 0)
                    {
                        return fail(CodecError.INVALID_UTF8, badByte);
                    }
                    break;
                case LONG:
                case DOUBLE:
                    valueOffset = p;
                    valueLength = 8;
                    if (p + 8 > end)
                    {
                        return fail(CodecError.TRUNCATED, p);
                    }
                    if (type == AttributeType.DOUBLE && Double.isNaN(buffer.getDouble(p, LE)))
                    {
                        return fail(CodecError.ATTRIBUTE_VALUE_INVALID, p);
                    }
                    break;
                default: // BOOLEAN
                    valueOffset = p;
                    valueLength = 1;
                    if (p + 1 > end)
                    {
                        return fail(CodecError.TRUNCATED, p);
                    }
                    if ((buffer.getByte(p) & 0xFF) > 1)
                    {
                        return fail(CodecError.ATTRIBUTE_VALUE_INVALID, p);
                    }
                    break;
            }
            types[i] = type.code;
            nameOffsets[i] = nameOffset;
            nameLengths[i] = nameLength;
            valueOffsets[i] = valueOffset;
            valueLengths[i] = valueLength;
            p = valueOffset + valueLength;
        }
        errorAttribute = -1;

        // payload
        if (p + 4 > end)
        {
            return fail(CodecError.TRUNCATED, p);
        }
        final int declared = buffer.getInt(p, LE);
        if (declared < 0 || declared > limits.maxPayloadLength())
        {
            return fail(CodecError.PAYLOAD_TOO_LARGE, p);
        }
        payloadOffset = p + 4;
        payloadLength = declared;
        if ((long)payloadOffset + payloadLength > end)
        {
            return fail(CodecError.TRUNCATED, payloadOffset);
        }
        if (payloadOffset + payloadLength != end)
        {
            return fail(CodecError.TRAILING_BYTES, payloadOffset + payloadLength);
        }
        this.attributeCount = count;
        this.length = length;
        error = CodecError.NONE;
        return CodecError.NONE;
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

    private CodecError fail(final CodecError error, final int at)
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

    /**
     * Counts the segments of a topic, or returns {@code -(index + 1)} of the first invalid byte.
     * Valid: non-empty segments of printable ASCII (0x21..0x7E) except '*' and '>', separated by '.'.
     */
    public static int countTopicSegments(final DirectBuffer buffer, final int offset, final int length)
    {
        int segments = 1;
        int segmentLength = 0;
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.getByte(offset + i);
            if (b == '.')
            {
                if (segmentLength == 0)
                {
                    return -(i + 1);
                }
                segments++;
                segmentLength = 0;
            }
            else if (b < 0x21 || b > 0x7E || b == '*' || b == '>')
            {
                return -(i + 1);
            }
            else
            {
                segmentLength++;
            }
        }
        return segmentLength == 0 ? -length : segments;
    }

    /** True when the bytes are a valid attribute name: [A-Za-z0-9_.-]+. */
    public static boolean isValidName(final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.getByte(offset + i);
            final boolean ok = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') ||
                b == '_' || b == '.' || b == '-';
            if (!ok)
            {
                return false;
            }
        }
        return length > 0;
    }

    private static boolean isReservedName(final DirectBuffer buffer, final int offset, final int length)
    {
        return equalsAscii(buffer, offset, length, "topic") || equalsAscii(buffer, offset, length, "priority") ||
            equalsAscii(buffer, offset, length, "id") || equalsAscii(buffer, offset, length, "ts");
    }

    private static boolean equalsAscii(final DirectBuffer buffer, final int offset, final int length, final String s)
    {
        if (length != s.length())
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != s.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean bytesEqual(final DirectBuffer buffer, final int aOffset, final int aLength, final int bOffset,
        final int bLength)
    {
        if (aLength != bLength)
        {
            return false;
        }
        for (int i = 0; i < aLength; i++)
        {
            if (buffer.getByte(aOffset + i) != buffer.getByte(bOffset + i))
            {
                return false;
            }
        }
        return true;
    }
}
