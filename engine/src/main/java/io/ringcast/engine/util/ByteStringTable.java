package io.ringcast.engine.util;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Interns byte strings (topic segments, attribute names) to dense int ids, and looks bytes up
 * without allocating.
 * <p>
 * Owned by one thread (the match stage's): {@link #intern} runs on the control path and may
 * allocate; {@link #lookup} runs on the hot path and never allocates. Ids are never reused, so a
 * table grows with the number of distinct strings ever interned; callers bound that through their
 * own limits (subscriptions, filter size).
 */
public final class ByteStringTable
{
    /** Returned by {@link #lookup} for bytes that were never interned. */
    public static final int MISSING = -1;

    private long[] hashes;
    private int[] ids;          // slot -> id + 1, 0 = empty
    private int mask;
    private byte[][] keys = new byte[16][];
    private int size;

    /** A table sized for {@code expected} strings before its first resize. */
    public ByteStringTable(final int expected)
    {
        final int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        hashes = new long[capacity];
        ids = new int[capacity];
        mask = capacity - 1;
    }

    /** Number of distinct strings interned. */
    public int size()
    {
        return size;
    }

    /** The id of {@code text}'s UTF-8 bytes, interning them if new. Control path: may allocate. */
    public int intern(final String text)
    {
        return intern(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The id of {@code bytes}, interning a copy if new. Control path: may allocate. */
    public int intern(final byte[] bytes)
    {
        final UnsafeBuffer view = new UnsafeBuffer(bytes);
        final int existing = lookup(view, 0, bytes.length);
        if (existing != MISSING)
        {
            return existing;
        }
        if ((size + 1) * 2 > hashes.length)
        {
            resize(hashes.length * 2);
        }
        final int id = size++;
        if (id == keys.length)
        {
            keys = java.util.Arrays.copyOf(keys, id * 2);
        }
        keys[id] = bytes.clone();
        insert(Hashing.hash(view, 0, bytes.length), id);
        return id;
    }

    /** The id of the given bytes, or {@link #MISSING}. Hot path: no allocation. */
    public int lookup(final DirectBuffer buffer, final int offset, final int length)
    {
        final long hash = Hashing.hash(buffer, offset, length);
        int slot = (int)hash & mask;
        while (true)
        {
            final int idPlusOne = ids[slot];
            if (idPlusOne == 0)
            {
                return MISSING;
            }
            if (hashes[slot] == hash && equalsKey(keys[idPlusOne - 1], buffer, offset, length))
            {
                return idPlusOne - 1;
            }
            slot = (slot + 1) & mask;
        }
    }

    /** The bytes interned under {@code id} as a string (control path, allocates). */
    public String text(final int id)
    {
        return new String(keys[id], StandardCharsets.UTF_8);
    }

    private static boolean equalsKey(final byte[] key, final DirectBuffer buffer, final int offset, final int length)
    {
        if (key.length != length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (key[i] != buffer.getByte(offset + i))
            {
                return false;
            }
        }
        return true;
    }

    private void insert(final long hash, final int id)
    {
        int slot = (int)hash & mask;
        while (ids[slot] != 0)
        {
            slot = (slot + 1) & mask;
        }
        hashes[slot] = hash;
        ids[slot] = id + 1;
    }

    private void resize(final int capacity)
    {
        final long[] oldHashes = hashes;
        final int[] oldIds = ids;
        hashes = new long[capacity];
        ids = new int[capacity];
        mask = capacity - 1;
        for (int i = 0; i < oldIds.length; i++)
        {
            if (oldIds[i] != 0)
            {
                insert(oldHashes[i], oldIds[i] - 1);
            }
        }
    }
}
