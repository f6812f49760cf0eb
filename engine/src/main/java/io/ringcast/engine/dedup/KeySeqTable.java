package io.ringcast.engine.dedup;

/**
 * Fixed-capacity open-addressing map from a 64-bit key hash to a seq: linear probing over one
 * interleaved {@code long[]} of (key, seq) pairs, backward-shift deletion (no tombstones, so probe
 * chains never degrade however many keys come and go).
 * <p>
 * Every long is a valid key; a slot is empty when its seq is {@link #MISSING}, so {@link #MISSING}
 * is the one seq that cannot be stored. The table never resizes: the caller keeps at most
 * {@link #maxEntries()} entries in it. Owned by one thread; allocates only in the constructor.
 */
final class KeySeqTable
{
    /** Seq of an empty slot and the answer for an absent key. */
    static final long MISSING = -1;

    /** Most keys a table can be sized for: its (key, seq) array must stay within a Java array's limits. */
    static final int MAX_ENTRIES = 1 << 28;

    /** Keeps the load factor at or below 2/3 so probe chains stay short. */
    private static final int MAX_LOAD_NUMERATOR = 2;
    private static final int MAX_LOAD_DENOMINATOR = 3;
    /** 2^64 / golden ratio, odd; package-private so tests can build keys with a chosen home slot. */
    static final long FIBONACCI = 0x9E3779B97F4A7C15L;

    private final long[] entries;   // key at 2 * slot, seq at 2 * slot + 1: one cache line per probe
    private final int entryMask;
    private final int shift;
    private final int maxEntries;
    private int size;

    /** A table that holds up to {@code maxEntries} keys without ever resizing. */
    KeySeqTable(final int maxEntries)
    {
        if (maxEntries < 1 || maxEntries > MAX_ENTRIES)
        {
            throw new IllegalArgumentException("maxEntries must be in [1, " + MAX_ENTRIES + "]: " + maxEntries);
        }
        final long wanted = ((long)maxEntries * MAX_LOAD_DENOMINATOR + MAX_LOAD_NUMERATOR - 1) / MAX_LOAD_NUMERATOR;
        final int capacity = Math.max(4, Integer.highestOneBit((int)Math.max(1, wanted - 1)) << 1);
        this.entries = new long[capacity * 2];
        java.util.Arrays.fill(entries, MISSING);
        this.entryMask = entries.length - 1;
        this.shift = 64 - Integer.numberOfTrailingZeros(capacity);
        this.maxEntries = maxEntries;
    }

    /** Keys the table was sized for. */
    int maxEntries()
    {
        return maxEntries;
    }

    /** Slots in the table (a power of two). */
    int capacity()
    {
        return entries.length >> 1;
    }

    /** Keys held. */
    int size()
    {
        return size;
    }

    /** The seq held for {@code key}, or {@link #MISSING}. No allocation. */
    long get(final long key)
    {
        final long[] entries = this.entries;
        int index = home(key);
        long seq;
        while ((seq = entries[index + 1]) != MISSING)
        {
            if (entries[index] == key)
            {
                return seq;
            }
            index = (index + 2) & entryMask;
        }
        return MISSING;
    }

    /**
     * Returns the seq held for {@code key}; if there is none, stores {@code seq} for it and returns
     * {@link #MISSING}. One probe sequence for both answers. No allocation.
     *
     * @throws IllegalArgumentException if {@code seq} is {@link #MISSING}.
     * @throws IllegalStateException    if the key is new and the table already holds {@link #maxEntries()}.
     */
    long putIfAbsent(final long key, final long seq)
    {
        if (seq == MISSING)
        {
            throw new IllegalArgumentException("seq must not be " + MISSING);
        }
        final long[] entries = this.entries;
        int index = home(key);
        long held;
        while ((held = entries[index + 1]) != MISSING)
        {
            if (entries[index] == key)
            {
                return held;
            }
            index = (index + 2) & entryMask;
        }
        if (size == maxEntries)
        {
            throw new IllegalStateException("table full: " + maxEntries);
        }
        entries[index] = key;
        entries[index + 1] = seq;
        size++;
        return MISSING;
    }

    /** Removes {@code key}, returning the seq it held or {@link #MISSING}. No allocation. */
    long remove(final long key)
    {
        final long[] entries = this.entries;
        int index = home(key);
        long seq;
        while ((seq = entries[index + 1]) != MISSING)
        {
            if (entries[index] == key)
            {
                closeGap(index);
                size--;
                return seq;
            }
            index = (index + 2) & entryMask;
        }
        return MISSING;
    }

    /**
     * Backward-shift deletion: walk the cluster after the emptied slot and move back every entry
     * whose home lies at or before the gap, so lookups never meet a hole inside their chain.
     */
    private void closeGap(final int removedIndex)
    {
        final long[] entries = this.entries;
        final int mask = entryMask;
        int gap = removedIndex;
        int index = (gap + 2) & mask;
        long seq;
        while ((seq = entries[index + 1]) != MISSING)
        {
            final long key = entries[index];
            final int home = home(key);
            if (((index - home) & mask) >= ((index - gap) & mask))
            {
                entries[gap] = key;
                entries[gap + 1] = seq;
                gap = index;
            }
            index = (index + 2) & mask;
        }
        entries[gap + 1] = MISSING;
    }

    /** Fibonacci hashing takes the high bits, so even poorly mixed keys spread over the table. */
    private int home(final long key)
    {
        return (int)((key * FIBONACCI) >>> shift) << 1;
    }
}
