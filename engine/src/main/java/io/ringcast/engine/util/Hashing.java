package io.ringcast.engine.util;

import org.agrona.DirectBuffer;

/**
 * 64-bit hashing of byte ranges, the XXH64 small-input path: one function for keys that arrive as
 * bytes on the hot path (dedup keys, topic segments, attribute names and values) and for the same
 * keys built from Java strings on the control path, so both sides always agree.
 * <p>
 * Stateless, allocation free, callable from any thread.
 */
public final class Hashing
{
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private Hashing()
    {
    }

    /**
     * Hash of {@code length} bytes of {@code buffer} from {@code offset}.
     *
     * @return a well-mixed 64-bit hash; equal bytes always give equal hashes.
     */
    public static long hash(final DirectBuffer buffer, final int offset, final int length)
    {
        long h = P5 + length;
        int i = offset;
        final int end = offset + length;
        while (i + 8 <= end)
        {
            long k = buffer.getLong(i, java.nio.ByteOrder.LITTLE_ENDIAN) * P2;
            k = Long.rotateLeft(k, 31) * P1;
            h ^= k;
            h = Long.rotateLeft(h, 27) * P1 + P4;
            i += 8;
        }
        if (i + 4 <= end)
        {
            h ^= (buffer.getInt(i, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF_FFFFL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            i += 4;
        }
        while (i < end)
        {
            h ^= (buffer.getByte(i) & 0xFFL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
            i++;
        }
        return mix(h);
    }

    /** Hash of a whole byte array; same value as {@link #hash(DirectBuffer, int, int)} over the same bytes. */
    public static long hash(final byte[] bytes)
    {
        return hash(new org.agrona.concurrent.UnsafeBuffer(bytes), 0, bytes.length);
    }

    /** The XXH64 avalanche step: spreads every input bit over the whole word. */
    public static long mix(final long value)
    {
        long h = value;
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        return h;
    }

    /** Combines two hashes (or a small id and a hash) into one key; not symmetric. */
    public static long combine(final long a, final long b)
    {
        return mix(a * P1 + Long.rotateLeft(b, 17) + P4);
    }
}
