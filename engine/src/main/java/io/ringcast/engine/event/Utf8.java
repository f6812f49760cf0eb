package io.ringcast.engine.event;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/** UTF-8 validation and encoding over Agrona buffers without allocating. Stateless; any thread. */
public final class Utf8
{
    private Utf8()
    {
    }

    /** True when {@code buffer[offset, offset + length)} is well-formed UTF-8 (no overlongs, no surrogates). */
    public static boolean isValid(final DirectBuffer buffer, final int offset, final int length)
    {
        return firstInvalid(buffer, offset, length) < 0;
    }

    /**
     * Index (absolute, in {@code buffer}) of the first byte that starts an ill-formed sequence, or -1 when
     * {@code buffer[offset, offset + length)} is well-formed UTF-8.
     */
    public static int firstInvalid(final DirectBuffer buffer, final int offset, final int length)
    {
        int i = offset;
        final int end = offset + length;
        while (i < end)
        {
            final int b0 = buffer.getByte(i) & 0xFF;
            if (b0 < 0x80)
            {
                i++;
                continue;
            }
            final int need;
            final int min;
            if (b0 >= 0xC2 && b0 <= 0xDF)
            {
                need = 1;
                min = 0x80;
            }
            else if (b0 >= 0xE0 && b0 <= 0xEF)
            {
                need = 2;
                min = 0x800;
            }
            else if (b0 >= 0xF0 && b0 <= 0xF4)
            {
                need = 3;
                min = 0x10000;
            }
            else
            {
                return i;
            }
            if (i + need >= end)
            {
                return i;
            }
            int cp = b0 & (0x3F >> need);
            for (int k = 1; k <= need; k++)
            {
                final int b = buffer.getByte(i + k) & 0xFF;
                if ((b & 0xC0) != 0x80)
                {
                    return i;
                }
                cp = (cp << 6) | (b & 0x3F);
            }
            if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            {
                return i;
            }
            i += need + 1;
        }
        return -1;
    }

    /** Bytes {@code text} takes in UTF-8 (unpaired surrogates count as '?'). */
    public static int encodedLength(final CharSequence text)
    {
        int n = 0;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                n++;
            }
            else if (c < 0x800)
            {
                n += 2;
            }
            else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                n += 4;
                i++;
            }
            else if (Character.isSurrogate(c))
            {
                n++;
            }
            else
            {
                n += 3;
            }
        }
        return n;
    }

    /**
     * Encodes {@code text} as UTF-8 at {@code offset}; unpaired surrogates become '?'.
     *
     * @return bytes written.
     */
    public static int encode(final CharSequence text, final MutableDirectBuffer buffer, final int offset)
    {
        int p = offset;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < 0x80)
            {
                buffer.putByte(p++, (byte)c);
            }
            else if (c < 0x800)
            {
                buffer.putByte(p++, (byte)(0xC0 | (c >> 6)));
                buffer.putByte(p++, (byte)(0x80 | (c & 0x3F)));
            }
            else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)))
            {
                final int cp = Character.toCodePoint(c, text.charAt(++i));
                buffer.putByte(p++, (byte)(0xF0 | (cp >> 18)));
                buffer.putByte(p++, (byte)(0x80 | ((cp >> 12) & 0x3F)));
                buffer.putByte(p++, (byte)(0x80 | ((cp >> 6) & 0x3F)));
                buffer.putByte(p++, (byte)(0x80 | (cp & 0x3F)));
            }
            else if (Character.isSurrogate(c))
            {
                buffer.putByte(p++, (byte)'?');
            }
            else
            {
                buffer.putByte(p++, (byte)(0xE0 | (c >> 12)));
                buffer.putByte(p++, (byte)(0x80 | ((c >> 6) & 0x3F)));
                buffer.putByte(p++, (byte)(0x80 | (c & 0x3F)));
            }
        }
        return p - offset;
    }
}
