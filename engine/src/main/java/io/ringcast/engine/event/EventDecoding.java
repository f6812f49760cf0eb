package io.ringcast.engine.event;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * The codec's validating decoder: checks one encoded event against the view's limits and fills the view's
 * index of its variable-length fields. Split from {@link EventView} so the rules read in one place.
 * Allocation free; reads only inside {@code [offset, offset + length)}.
 */
final class EventDecoding
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int HEADER_LENGTH = EventView.HEADER_LENGTH;
    private static final int VERSION = EventView.VERSION;

    private EventDecoding()
    {
    }

    static CodecError decode(final EventView view, final DirectBuffer buffer, final int offset, final int length)
    {
        view.buffer = buffer;
        view.offset = offset;
        view.length = 0;
        view.attributeCount = 0;
        view.errorAttribute = -1;
        if (length > view.limits().maxEventLength())
        {
            return view.fail(CodecError.TOO_LARGE, offset);
        }
        final int end = offset + length;
        if (length < HEADER_LENGTH)
        {
            return view.fail(CodecError.TRUNCATED, offset);
        }
        if (buffer.getByte(offset) != VERSION)
        {
            return view.fail(CodecError.BAD_VERSION, offset);
        }
        if ((buffer.getByte(offset + 1) & 0xFF) > 3)
        {
            return view.fail(CodecError.BAD_PRIORITY, offset + 1);
        }
        if ((buffer.getByte(offset + 2) & 0xFF) > 1)
        {
            return view.fail(CodecError.BAD_CONTENT_TYPE, offset + 2);
        }
        final int count = buffer.getByte(offset + 3) & 0xFF;
        if (count > view.limits().maxAttributes())
        {
            return view.fail(CodecError.TOO_MANY_ATTRIBUTES, offset + 3);
        }
        int p = offset + HEADER_LENGTH;

        // id
        if (p + 2 > end)
        {
            return view.fail(CodecError.TRUNCATED, p);
        }
        view.idLength = buffer.getShort(p, LE) & 0xFFFF;
        view.idOffset = p + 2;
        if (view.idLength == 0)
        {
            return view.fail(CodecError.ID_MISSING, p);
        }
        if (view.idLength > view.limits().maxIdLength())
        {
            return view.fail(CodecError.ID_TOO_LONG, p);
        }
        p = view.idOffset + view.idLength;
        if (p > end)
        {
            return view.fail(CodecError.TRUNCATED, view.idOffset);
        }
        final int badIdOffset = Utf8.firstInvalid(buffer, view.idOffset, view.idLength);
        if (badIdOffset >= 0)
        {
            return view.fail(CodecError.INVALID_UTF8, badIdOffset);
        }

        // dedup key
        if (p + 2 > end)
        {
            return view.fail(CodecError.TRUNCATED, p);
        }
        view.dedupKeyLength = buffer.getShort(p, LE) & 0xFFFF;
        view.dedupKeyOffset = p + 2;
        if (view.dedupKeyLength > view.limits().maxDedupKeyLength())
        {
            return view.fail(CodecError.DEDUP_KEY_TOO_LONG, p);
        }
        p = view.dedupKeyOffset + view.dedupKeyLength;
        if (p > end)
        {
            return view.fail(CodecError.TRUNCATED, view.dedupKeyOffset);
        }
        final int badDedupKeyOffset = Utf8.firstInvalid(buffer, view.dedupKeyOffset, view.dedupKeyLength);
        if (badDedupKeyOffset >= 0)
        {
            return view.fail(CodecError.INVALID_UTF8, badDedupKeyOffset);
        }

        // topic
        if (p + 2 > end)
        {
            return view.fail(CodecError.TRUNCATED, p);
        }
        view.topicLength = buffer.getShort(p, LE) & 0xFFFF;
        view.topicOffset = p + 2;
        if (view.topicLength == 0)
        {
            return view.fail(CodecError.TOPIC_MISSING, p);
        }
        if (view.topicLength > view.limits().maxTopicLength())
        {
            return view.fail(CodecError.TOPIC_TOO_LONG, p);
        }
        p = view.topicOffset + view.topicLength;
        if (p > end)
        {
            return view.fail(CodecError.TRUNCATED, view.topicOffset);
        }
        final int segments = CodecRules.countTopicSegments(buffer, view.topicOffset, view.topicLength);
        if (segments < 0)
        {
            return view.fail(CodecError.TOPIC_INVALID, view.topicOffset + (-segments - 1));
        }
        if (segments > view.limits().maxTopicSegments())
        {
            return view.fail(CodecError.TOO_MANY_TOPIC_SEGMENTS, view.topicOffset);
        }
        view.topicSegments = segments;

        // attributes
        for (int i = 0; i < count; i++)
        {
            view.errorAttribute = i;
            if (p + 2 > end)
            {
                return view.fail(CodecError.TRUNCATED, p);
            }
            final int typeCode = buffer.getByte(p);
            final AttributeType type = AttributeType.fromCode(typeCode);
            if (type == null)
            {
                return view.fail(CodecError.ATTRIBUTE_TYPE_INVALID, p);
            }
            final int nameLength = buffer.getByte(p + 1) & 0xFF;
            final int nameOffset = p + 2;
            if (nameLength == 0 || nameLength > view.limits().maxAttributeNameLength())
            {
                return view.fail(CodecError.ATTRIBUTE_NAME_INVALID, p + 1);
            }
            p = nameOffset + nameLength;
            if (p > end)
            {
                return view.fail(CodecError.TRUNCATED, nameOffset);
            }
            if (!CodecRules.isValidName(buffer, nameOffset, nameLength))
            {
                return view.fail(CodecError.ATTRIBUTE_NAME_INVALID, nameOffset);
            }
            if (CodecRules.isReservedName(buffer, nameOffset, nameLength))
            {
                return view.fail(CodecError.ATTRIBUTE_NAME_RESERVED, nameOffset);
            }
            for (int j = 0; j < i; j++)
            {
                if (CodecRules.bytesEqual(buffer, view.nameOffsets[j], view.nameLengths[j], nameOffset, nameLength))
                {
                    return view.fail(CodecError.ATTRIBUTE_NAME_DUPLICATE, nameOffset);
                }
            }
            final int valueOffset;
            final int valueLength;
            switch (type)
            {
                case STRING:
                    if (p + 2 > end)
                    {
                        return view.fail(CodecError.TRUNCATED, p);
                    }
                    valueLength = buffer.getShort(p, LE) & 0xFFFF;
                    valueOffset = p + 2;
                    if (valueLength > view.limits().maxAttributeValueLength())
                    {
                        return view.fail(CodecError.ATTRIBUTE_VALUE_TOO_LONG, p);
                    }
                    if (valueOffset + valueLength > end)
                    {
                        return view.fail(CodecError.TRUNCATED, valueOffset);
                    }
                    final int badByte = Utf8.firstInvalid(buffer, valueOffset, valueLength);
                    if (badByte >= 0)
                    {
                        return view.fail(CodecError.INVALID_UTF8, badByte);
                    }
                    break;
                case LONG:
                case DOUBLE:
                    valueOffset = p;
                    valueLength = 8;
                    if (p + 8 > end)
                    {
                        return view.fail(CodecError.TRUNCATED, p);
                    }
                    if (type == AttributeType.DOUBLE && Double.isNaN(buffer.getDouble(p, LE)))
                    {
                        return view.fail(CodecError.ATTRIBUTE_VALUE_INVALID, p);
                    }
                    break;
                default: // BOOLEAN
                    valueOffset = p;
                    valueLength = 1;
                    if (p + 1 > end)
                    {
                        return view.fail(CodecError.TRUNCATED, p);
                    }
                    if ((buffer.getByte(p) & 0xFF) > 1)
                    {
                        return view.fail(CodecError.ATTRIBUTE_VALUE_INVALID, p);
                    }
                    break;
            }
            view.types[i] = type.code;
            view.nameOffsets[i] = nameOffset;
            view.nameLengths[i] = nameLength;
            view.valueOffsets[i] = valueOffset;
            view.valueLengths[i] = valueLength;
            p = valueOffset + valueLength;
        }
        view.errorAttribute = -1;

        // payload
        if (p + 4 > end)
        {
            return view.fail(CodecError.TRUNCATED, p);
        }
        final int declared = buffer.getInt(p, LE);
        if (declared < 0 || declared > view.limits().maxPayloadLength())
        {
            return view.fail(CodecError.PAYLOAD_TOO_LARGE, p);
        }
        view.payloadOffset = p + 4;
        view.payloadLength = declared;
        if ((long)view.payloadOffset + view.payloadLength > end)
        {
            return view.fail(CodecError.TRUNCATED, view.payloadOffset);
        }
        if (view.payloadOffset + view.payloadLength != end)
        {
            return view.fail(CodecError.TRAILING_BYTES, view.payloadOffset + view.payloadLength);
        }
        view.attributeCount = count;
        view.length = length;
        view.error = CodecError.NONE;
        return CodecError.NONE;
    }
}
