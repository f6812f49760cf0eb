package io.ringcast.engine.util;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Interns byte strings (topic segments, attribute names) to dense int ids, and looks bytes up
 * without allocating.
 * <p>
 * Owned by one thread (the match stage's): {@link #intern} and {@link #acquire} run on the control path
 * and may allocate; {@link #lookup} runs on the hot path and never allocates. Strings taken with
 * {@link #acquire} are reference-counted and forgotten (their id reused) when the last reference is
 * {@linkplain #release released}, so a table of topic segments does not grow with every per-user topic ever
 * subscribed; strings taken with {@link #intern} stay for the table's life.
 */
public final class ByteStringTable
{
    /** Returned by {@link #lookup} for bytes that were never interned. */
    public static final int MISSING = -1;

    private long[] hashes;
    private int[] ids;          // slot -> id + 1, 0 = empty
    private int mask;
    private byte[][] keys = new byte[16][];
    private int[] refCounts = new int[16];
    private final org.agrona.collections.IntArrayList freeIds = new org.agrona.collections.IntArrayList();
    private int size;
    private int idLimit;

    /** A table sized for {@code expected} strings before its first resize. */
    public ByteStringTable(final int expected)
    {
        final int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        hashes = new long[capacity];
        ids = new int[capacity];
        mask = capacity - 1;
    }

    /** Number of distinct strings held. */
    public int size()
    {
        return size;
    }

    /** One past the highest id ever handed out: arrays indexed by id need this many entries. */
    public int idLimit()
    {
        return idLimit;
    }

    /** The id of {@code text}'s UTF-8 bytes, interning them if new. Control path: may allocate. */
    public int intern(final String text)
    {
        return intern(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The id of {@code bytes}, interning a copy if new; it stays for the table's life. Control path: may allocate. */
    public int intern(final byte[] bytes)
    {
        final int id = add(bytes);
        refCounts[id] = Integer.MAX_VALUE; // pinned: release never reaches zero
        return id;
    }

    /** The id of {@code text}, interned if new, with one more reference to {@link #release} later. Control path. */
    public int acquire(final String text)
    {
        final int id = add(text.getBytes(StandardCharsets.UTF_8));
        if (refCounts[id] != Integer.MAX_VALUE)
        {
            refCounts[id]++;
        }
        return id;
    }

    /** The id of {@code text} if held, else {@link #MISSING}; takes no reference. Control path: allocates. */
    public int find(final String text)
    {
        final byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return lookup(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    /** Drops one reference taken by {@link #acquire}; the last one forgets the string and frees its id. */
    public void release(final int id)
    {
        if (refCounts[id] == Integer.MAX_VALUE || --refCounts[id] > 0)
        {
            return;
        }
        final byte[] key = keys[id];
        int slot = (int)Hashing.hash(new UnsafeBuffer(key), 0, key.length) & mask;
        while (ids[slot] != id + 1)
        {
            slot = (slot + 1) & mask;
        }
        // backward-shift deletion keeps every probe chain unbroken without tombstones
        int hole = slot;
        int next = (hole + 1) & mask;
        while (ids[next] != 0)
        {
            final int home = (int)hashes[next] & mask;
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                hashes[hole] = hashes[next];
                ids[hole] = ids[next];
                hole = next;
            }
            next = (next + 1) & mask;
        }
        ids[hole] = 0;
        hashes[hole] = 0;
        keys[id] = null;
        freeIds.addInt(id);
        size--;
    }

    private int add(final byte[] bytes)
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
        final int id = freeIds.isEmpty() ? idLimit++ : freeIds.popInt();
        if (id >= keys.length)
        {
            keys = java.util.Arrays.copyOf(keys, keys.length * 2);
            refCounts = java.util.Arrays.copyOf(refCounts, keys.length);
        }
        keys[id] = bytes.clone();
        refCounts[id] = 0;
        size++;
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
