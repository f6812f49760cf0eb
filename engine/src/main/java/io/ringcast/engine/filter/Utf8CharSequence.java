package io.ringcast.engine.filter;

import org.agrona.DirectBuffer;

/**
 * A reusable {@link CharSequence} flyweight over UTF-8 bytes in a buffer, so RE2J can read an event's
 * text without a {@code String} per event. ASCII text is read straight from the buffer; other text is
 * decoded once per {@link #wrap} into a reusable {@code char[]} that grows to the longest value seen.
 * <p>
 * Owned by one thread (the match stage's, through its filter node). {@link #wrap} and {@link #charAt}
 * allocate nothing in steady state; {@link #subSequence} and {@link #toString} allocate (RE2J's match
 * path does not call them).
 */
final class Utf8CharSequence implements CharSequence
{
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private boolean ascii = true;
    private char[] chars = new char[64];

    /** Views {@code buffer[offset, offset + byteLength)}, which must be well-formed UTF-8. */
    void wrap(final DirectBuffer buffer, final int offset, final int byteLength)
    {
        this.buffer = buffer;
        this.offset = offset;
        int i = 0;
        while (i < byteLength && buffer.getByte(offset + i) >= 0)
        {
            i++;
        }
        if (i == byteLength)
        {
            ascii = true;
            length = byteLength;
            return;
        }
        ascii = false;
        if (chars.length < byteLength)
        {
            // grows to the longest non-ASCII value seen, then stays: steady state allocates nothing
            chars = new char[Math.max(byteLength, chars.length * 2)];
        }
        final char[] out = chars;
        int n = 0;
        for (int k = 0; k < i; k++)
        {
            out[n++] = (char)buffer.getByte(offset + k);
        }
        final int end = offset + byteLength;
        int p = offset + i;
        while (p < end)
        {
            final int b0 = buffer.getByte(p) & 0xFF;
            if (b0 < 0x80)
            {
                out[n++] = (char)b0;
                p++;
            }
            else if (b0 < 0xE0)
            {
                out[n++] = (char)(((b0 & 0x1F) << 6) | (buffer.getByte(p + 1) & 0x3F));
                p += 2;
            }
            else if (b0 < 0xF0)
            {
                out[n++] = (char)(((b0 & 0x0F) << 12) | ((buffer.getByte(p + 1) & 0x3F) << 6) |
                    (buffer.getByte(p + 2) & 0x3F));
                p += 3;
            }
            else
            {
                final int cp = ((b0 & 0x07) << 18) | ((buffer.getByte(p + 1) & 0x3F) << 12) |
                    ((buffer.getByte(p + 2) & 0x3F) << 6) | (buffer.getByte(p + 3) & 0x3F);
                out[n++] = Character.highSurrogate(cp);
                out[n++] = Character.lowSurrogate(cp);
                p += 4;
            }
        }
        length = n;
    }

    @Override
    public int length()
    {
        return length;
    }

    @Override
    public char charAt(final int index)
    {
        return ascii ? (char)buffer.getByte(offset + index) : chars[index];
    }

    @Override
    public CharSequence subSequence(final int start, final int end)
    {
        return toString().substring(start, end);
    }

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            sb.append(charAt(i));
        }
        return sb.toString();
    }
}
