package io.ringcast.engine.event;

import org.agrona.DirectBuffer;

/**
 * The codec's rules for topics and attribute names, checked on bytes without allocating. Stateless; any thread.
 */
public final class CodecRules
{
    private CodecRules()
    {
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

    static boolean isReservedName(final DirectBuffer buffer, final int offset, final int length)
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

    static boolean bytesEqual(final DirectBuffer buffer, final int aOffset, final int aLength, final int bOffset,
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
