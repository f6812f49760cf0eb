package io.ringcast.engine.filter;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

/**
 * Comparisons of a byte range of an event buffer with a literal's UTF-8 bytes: equality, unsigned
 * lexicographic order, prefix, suffix and substring search. Stateless and allocation free; any thread.
 */
final class ByteRanges
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    private ByteRanges()
    {
    }

    /** True when {@code buffer[offset, offset + length)} holds exactly the literal's bytes. */
    static boolean equal(final DirectBuffer buffer, final int offset, final int length, final Literal literal)
    {
        return length == literal.utf8.length && regionEquals(buffer, offset, literal);
    }

    /** True when the range starts with the literal's bytes. */
    static boolean startsWith(final DirectBuffer buffer, final int offset, final int length, final Literal literal)
    {
        return length >= literal.utf8.length && regionEquals(buffer, offset, literal);
    }

    /** True when the range ends with the literal's bytes. */
    static boolean endsWith(final DirectBuffer buffer, final int offset, final int length, final Literal literal)
    {
        final int n = literal.utf8.length;
        return length >= n && regionEquals(buffer, offset + length - n, literal);
    }

    /**
     * Unsigned lexicographic comparison of the range with the literal's bytes (UTF-8 byte order is code
     * point order). @return negative, zero or positive as the range sorts before, equal to or after it.
     */
    static int compare(final DirectBuffer buffer, final int offset, final int length, final Literal literal)
    {
        final byte[] lit = literal.utf8;
        final int n = Math.min(length, lit.length);
        int i = 0;
        // eight bytes per step; big-endian reads make unsigned long order equal byte order
        for (; i + 8 <= n; i += 8)
        {
            final long a = buffer.getLong(offset + i, BE);
            final long b = literal.bytes.getLong(i, BE);
            if (a != b)
            {
                return Long.compareUnsigned(a, b);
            }
        }
        for (; i < n; i++)
        {
            final int a = buffer.getByte(offset + i) & 0xFF;
            final int b = lit[i] & 0xFF;
            if (a != b)
            {
                return a - b;
            }
        }
        return Integer.compare(length, lit.length);
    }

    /**
     * Whether the range contains the literal's bytes, by Knuth-Morris-Pratt search with the literal's
     * precomputed {@code failure} table: linear in the range length whatever the literal.
     */
    static boolean contains(final DirectBuffer buffer, final int offset, final int length, final Literal literal,
        final int[] failure)
    {
        final byte[] lit = literal.utf8;
        final int m = lit.length;
        if (m == 0)
        {
            return true;
        }
        int matched = 0;
        for (int i = 0; i < length; i++)
        {
            final byte b = buffer.getByte(offset + i);
            while (matched > 0 && lit[matched] != b)
            {
                matched = failure[matched - 1];
            }
            if (lit[matched] == b)
            {
                matched++;
                if (matched == m)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /** The KMP failure table of {@code pattern}: entry i is the longest proper border of pattern[0..i]. */
    static int[] failureTable(final byte[] pattern)
    {
        final int[] failure = new int[Math.max(1, pattern.length)];
        int k = 0;
        for (int i = 1; i < pattern.length; i++)
        {
            while (k > 0 && pattern[k] != pattern[i])
            {
                k = failure[k - 1];
            }
            if (pattern[k] == pattern[i])
            {
                k++;
            }
            failure[i] = k;
        }
        return failure;
    }

    private static boolean regionEquals(final DirectBuffer buffer, final int offset, final Literal literal)
    {
        final byte[] lit = literal.utf8;
        final int n = lit.length;
        int i = 0;
        // eight bytes per step
        for (; i + 8 <= n; i += 8)
        {
            if (buffer.getLong(offset + i, LE) != literal.bytes.getLong(i, LE))
            {
                return false;
            }
        }
        for (; i < n; i++)
        {
            if (buffer.getByte(offset + i) != lit[i])
            {
                return false;
            }
        }
        return true;
    }
}
