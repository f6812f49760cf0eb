package io.ringcast.engine.dedup;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static io.ringcast.engine.dedup.DedupWindow.NOT_FOUND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DedupWindowTest
{
    private static final long WINDOW = 30_000_000_000L;

    @Test
    void shouldDropRepeatOfDedupKeyInsideWindowReturningOriginalSeq()
    {
        final DedupWindow window = new DedupWindow(WINDOW, 16);
        assertEquals(NOT_FOUND, window.checkAndInsert(42, 7, 1_000));
        assertEquals(7, window.checkAndInsert(42, 8, 1_000));
        assertEquals(7, window.checkAndInsert(42, 9, 1_000 + WINDOW - 1));
        assertEquals(1, window.size());
    }

    @Test
    void shouldAcceptKeyAgainWithNewSeqOnceItsWindowEnded()
    {
        final DedupWindow window = new DedupWindow(WINDOW, 16);
        assertEquals(NOT_FOUND, window.checkAndInsert(42, 7, 1_000));
        assertEquals(NOT_FOUND, window.checkAndInsert(42, 8, 1_000 + WINDOW));
        assertEquals(8, window.checkAndInsert(42, 9, 1_000 + WINDOW + 1));
        assertEquals(1, window.expiredEvictions());
        assertEquals(0, window.earlyEvictions());
    }

    @Test
    void shouldNotExtendWindowOnDuplicate()
    {
        final DedupWindow window = new DedupWindow(100, 16);
        assertEquals(NOT_FOUND, window.checkAndInsert(5, 1, 0));
        assertEquals(1, window.checkAndInsert(5, 2, 99));
        assertEquals(NOT_FOUND, window.checkAndInsert(5, 3, 100));
    }

    @Test
    void shouldEvictOldestEarlyWhenCapIsReachedAndCountIt()
    {
        final DedupWindow window = new DedupWindow(WINDOW, 3);
        for (int i = 0; i < 3; i++)
        {
            assertEquals(NOT_FOUND, window.checkAndInsert(100 + i, i, i));
        }
        assertEquals(NOT_FOUND, window.checkAndInsert(103, 3, 3));
        assertEquals(3, window.size());
        assertEquals(1, window.earlyEvictions());
        assertEquals(0, window.expiredEvictions());

        assertEquals(1, window.checkAndInsert(101, 9, 4));
        assertEquals(2, window.checkAndInsert(102, 9, 4));
        assertEquals(3, window.checkAndInsert(103, 9, 4));
        assertEquals(1, window.earlyEvictions(), "duplicates evict nothing");
        assertEquals(NOT_FOUND, window.checkAndInsert(100, 10, 5), "the evicted oldest key passes again");
        assertEquals(2, window.earlyEvictions());
        assertEquals(NOT_FOUND, window.checkAndInsert(101, 11, 5), "which evicted the next oldest");
    }

    @Test
    void shouldCountExpiredEvictionsAndDropExpiredKeys()
    {
        final DedupWindow window = new DedupWindow(10, 8);
        window.checkAndInsert(1, 1, 0);
        window.checkAndInsert(2, 2, 3);
        window.checkAndInsert(3, 3, 6);
        assertEquals(3, window.size());

        assertEquals(NOT_FOUND, window.checkAndInsert(4, 4, 13));
        assertEquals(2, window.expiredEvictions());
        assertEquals(2, window.size());
        assertEquals(3, window.checkAndInsert(3, 5, 15));

        window.checkAndInsert(5, 6, 1_000);
        assertEquals(4, window.expiredEvictions());
        assertEquals(1, window.size());
        assertEquals(0, window.earlyEvictions());
    }

    @Test
    void shouldAcceptEveryLongAsKey()
    {
        final long[] keys = {-1, 0, 1, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1, -2};
        final DedupWindow window = new DedupWindow(100, keys.length);
        for (int i = 0; i < keys.length; i++)
        {
            assertEquals(NOT_FOUND, window.checkAndInsert(keys[i], i, 0), "first sight of " + keys[i]);
        }
        for (int i = 0; i < keys.length; i++)
        {
            assertEquals(i, window.checkAndInsert(keys[i], 99, 50), "repeat of " + keys[i]);
        }
        for (int i = 0; i < keys.length; i++)
        {
            assertEquals(NOT_FOUND, window.checkAndInsert(keys[i], 10 + i, 100), "after window " + keys[i]);
        }
        assertEquals(keys.length, window.size());
        assertEquals(keys.length, window.expiredEvictions());
    }

    @Test
    void shouldTreatClockGoingBackwardsAsNoTimePassed()
    {
        final DedupWindow window = new DedupWindow(10, 8);
        window.checkAndInsert(1, 1, 100);
        assertEquals(NOT_FOUND, window.checkAndInsert(2, 2, 95), "expires at 110, not 105");
        assertEquals(2, window.checkAndInsert(2, 3, 108));
        assertEquals(NOT_FOUND, window.checkAndInsert(3, 4, 110));
        assertEquals(2, window.expiredEvictions());
        assertEquals(1, window.size());
    }

    @Test
    void shouldWorkAcrossNanoTimeWrapAround()
    {
        final DedupWindow window = new DedupWindow(10, 8);
        final long start = Long.MAX_VALUE - 4;
        window.checkAndInsert(7, 1, start);
        assertEquals(1, window.checkAndInsert(7, 2, start + 9));
        assertEquals(NOT_FOUND, window.checkAndInsert(7, 3, start + 10));
        assertEquals(1, window.expiredEvictions());
    }

    @Test
    void shouldRejectInvalidArgumentsWithPreciseMessages()
    {
        assertEquals("dedup window must be positive, was 0 ns",
            assertThrows(IllegalArgumentException.class, () -> new DedupWindow(0, 1)).getMessage());
        assertEquals("dedup window must be positive, was -5 ns",
            assertThrows(IllegalArgumentException.class, () -> new DedupWindow(-5, 1)).getMessage());
        assertEquals("maxKeys must be in [1, " + DedupWindow.MAX_KEYS + "]: 0",
            assertThrows(IllegalArgumentException.class, () -> new DedupWindow(1, 0)).getMessage());
        assertEquals("maxKeys must be in [1, " + DedupWindow.MAX_KEYS + "]: " + Integer.MAX_VALUE,
            assertThrows(IllegalArgumentException.class, () -> new DedupWindow(1, Integer.MAX_VALUE)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DedupWindow(1, 1).checkAndInsert(1, NOT_FOUND, 0));

        final DedupWindow window = new DedupWindow(Long.MAX_VALUE, 1);
        assertEquals(Long.MAX_VALUE, window.windowNanos());
        assertEquals(1, window.maxKeys());
        assertEquals(NOT_FOUND, window.checkAndInsert(1, 1, 0));
        assertEquals(1, window.checkAndInsert(1, 2, Long.MAX_VALUE - 1));
    }

    @Test
    void shouldNotAllocateInSteadyStateAtCap()
    {
        final int maxKeys = 10_000;
        final int calls = 1_000_000;
        final DedupWindow window = new DedupWindow(1_500_000, maxKeys);
        final long[] keys = keys(calls, new SplittableRandom(7));
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

        long now = 0;
        long seq = 0;
        for (int round = 0; round < 3; round++)
        {
            now = run(window, keys, now, seq);
            seq += calls;
        }
        assertEquals(maxKeys, window.size());

        final long before = threads.getCurrentThreadAllocatedBytes();
        run(window, keys, now, seq);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(maxKeys, window.size());
        assertTrue(window.earlyEvictions() > 0 && window.expiredEvictions() > 0);
        assertTrue(allocated < calls, "allocated " + allocated + " bytes in " + calls + " calls");
    }

    /** Advances 100 ns per call (so the cap is hit before the window ends) and 3 ms every 100,000. */
    private static long run(final DedupWindow window, final long[] keys, final long startNanos, final long firstSeq)
    {
        long now = startNanos;
        for (int i = 0; i < keys.length; i++)
        {
            now += i % 100_000 == 0 ? 3_000_000 : 100;
            window.checkAndInsert(keys[i], firstSeq + i, now);
        }
        return now;
    }

    /** Random hashes, one in ten repeating one of the previous hundred. */
    private static long[] keys(final int count, final SplittableRandom random)
    {
        final long[] keys = new long[count];
        for (int i = 0; i < count; i++)
        {
            keys[i] = i >= 100 && i % 10 == 0 ? keys[i - 1 - random.nextInt(100)] : random.nextLong();
        }
        return keys;
    }
}
