package io.ringcast.engine.dedup;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static io.ringcast.engine.dedup.KeySeqTable.MISSING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class KeySeqTableTest
{
    /** One operation on key {@code keyIndex} of the pool: insert (with seq {@code seq}) or remove. */
    record Op(boolean insert, int keyIndex, long seq)
    {
    }

    @Test
    void shouldHoldEveryLongAsKey()
    {
        final long[] keys = {-1, 0, 1, Long.MIN_VALUE, Long.MAX_VALUE};
        final KeySeqTable table = new KeySeqTable(keys.length);
        for (int i = 0; i < keys.length; i++)
        {
            assertEquals(MISSING, table.putIfAbsent(keys[i], i));
        }
        for (int i = 0; i < keys.length; i++)
        {
            assertEquals(i, table.get(keys[i]));
            assertEquals(i, table.putIfAbsent(keys[i], 99));
        }
        assertEquals(0, table.remove(-1));
        assertEquals(MISSING, table.get(-1));
        assertEquals(4, table.size());
    }

    @Test
    void shouldRejectMissingAsSeqAndInsertBeyondSize()
    {
        final KeySeqTable table = new KeySeqTable(2);
        assertEquals("seq must not be -1",
            assertThrows(IllegalArgumentException.class, () -> table.putIfAbsent(1, MISSING)).getMessage());
        table.putIfAbsent(1, 1);
        table.putIfAbsent(2, 2);
        assertEquals(1, table.putIfAbsent(1, 3), "a held key is still answered when full");
        assertEquals("table full: 2",
            assertThrows(IllegalStateException.class, () -> table.putIfAbsent(3, 3)).getMessage());
        assertEquals("maxEntries must be in [1, " + KeySeqTable.MAX_ENTRIES + "]: 0",
            assertThrows(IllegalArgumentException.class, () -> new KeySeqTable(0)).getMessage());
    }

    @Test
    void shouldKeepLoadFactorAtMostTwoThirds()
    {
        for (int n = 1; n < 5_000; n++)
        {
            final int capacity = new KeySeqTable(n).capacity();
            assertEquals(0, capacity & (capacity - 1), "power of two");
            assertEquals(true, 3L * n <= 2L * capacity && (capacity <= 4 || 3L * n > capacity), "n=" + n);
        }
    }

    @Test
    void shouldFindKeysAfterBackwardShiftAcrossTableEnd()
    {
        final KeySeqTable table = new KeySeqTable(5);
        final int capacity = table.capacity();
        final long a = keyWithHome(capacity - 1, 1, capacity);
        final long b = keyWithHome(capacity - 1, 2, capacity);
        final long c = keyWithHome(0, 3, capacity);
        final long d = keyWithHome(capacity - 1, 4, capacity);
        table.putIfAbsent(a, 1);
        table.putIfAbsent(b, 2);    // wraps to slot 0
        table.putIfAbsent(c, 3);    // home 0 taken, slot 1
        table.putIfAbsent(d, 4);    // slot 2
        assertEquals(1, table.remove(a));
        assertEquals(2, table.get(b));
        assertEquals(3, table.get(c));
        assertEquals(4, table.get(d));
        assertEquals(2, table.remove(b));
        assertEquals(3, table.get(c));
        assertEquals(4, table.get(d));
        assertEquals(MISSING, table.get(a));
    }

    @Property(tries = 1000)
    void shouldAgreeWithHashMapUnderInsertsAndRemovesInCrowdedClusters(
        @ForAll @IntRange(min = 1, max = 12) final int maxEntries,
        @ForAll("ops") final List<Op> ops)
    {
        final KeySeqTable table = new KeySeqTable(maxEntries);
        final int capacity = table.capacity();
        // Keys whose homes crowd the last and first slots, so clusters wrap around the table end.
        final long[] pool = new long[16];
        for (int i = 0; i < pool.length; i++)
        {
            pool[i] = keyWithHome((capacity - 2 + (i % 4)) & (capacity - 1), i, capacity);
        }
        final Map<Long, Long> reference = new HashMap<>();
        for (final Op op : ops)
        {
            final long key = pool[op.keyIndex()];
            if (op.insert())
            {
                if (reference.size() == maxEntries && !reference.containsKey(key))
                {
                    continue;
                }
                final Long held = reference.putIfAbsent(key, op.seq());
                assertEquals(held == null ? MISSING : held, table.putIfAbsent(key, op.seq()));
            }
            else
            {
                final Long held = reference.remove(key);
                assertEquals(held == null ? MISSING : held, table.remove(key));
            }
            assertEquals(reference.size(), table.size());
            for (final long k : pool)
            {
                assertEquals(reference.getOrDefault(k, MISSING), table.get(k));
            }
        }
    }

    @Provide
    Arbitrary<List<Op>> ops()
    {
        return Combinators.combine(
            Arbitraries.of(true, true, false),
            Arbitraries.integers().between(0, 15),
            Arbitraries.longs().between(0, Long.MAX_VALUE))
            .as(Op::new)
            .list()
            .ofMaxSize(200);
    }

    /** A key the table hashes to {@code home}: the inverse of the Fibonacci multiplier undoes the hash. */
    private static long keyWithHome(final int home, final int lowBits, final int capacity)
    {
        final int shift = 64 - Integer.numberOfTrailingZeros(capacity);
        return ((long)home << shift | lowBits) * inverse(KeySeqTable.FIBONACCI);
    }

    /** Multiplicative inverse of an odd long modulo 2^64 (Newton's iteration doubles correct bits each step). */
    private static long inverse(final long odd)
    {
        long inverse = odd;
        for (int i = 0; i < 5; i++)
        {
            inverse *= 2 - odd * inverse;
        }
        return inverse;
    }
}
