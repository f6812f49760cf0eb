package io.ringcast.engine.dedup;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

import static io.ringcast.engine.dedup.DedupWindow.NOT_FOUND;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DedupWindowProperties
{
    private static final long[] SPECIAL_KEYS = {-1, 0, 1, Long.MIN_VALUE, Long.MAX_VALUE};

    /** One call: which key of the pool, and how far the clock moves first (may be negative). */
    record Step(int keyIndex, long advance)
    {
    }

    @Property(tries = 1000)
    void dedupNeverPassesRepeatInsideWindowNeverDropsNonRepeat(
        @ForAll @IntRange(min = 1, max = 12) final int maxKeys,
        @ForAll @LongRange(min = 1, max = 20) final long windowNanos,
        @ForAll final long startNanos,
        @ForAll @Size(max = 6) final List<Long> extraKeys,
        @ForAll("steps") final List<Step> steps)
    {
        final long[] pool = pool(extraKeys);
        final boolean capNeverReached = maxKeys >= pool.length;
        final DedupWindow window = new DedupWindow(windowNanos, maxKeys);
        final ReferenceWindow reference = new ReferenceWindow(windowNanos, maxKeys);
        final Map<Long, long[]> lastAccepted = new HashMap<>();  // key -> {effective time, seq}

        long clock = startNanos;
        long latest = startNanos;
        long seq = 0;
        for (int i = 0; i < steps.size(); i++)
        {
            final Step step = steps.get(i);
            clock += step.advance();
            latest = i == 0 || clock - latest > 0 ? clock : latest;
            final long key = pool[step.keyIndex() % pool.length];

            final long expected = reference.checkAndInsert(key, seq, clock);
            final long actual = window.checkAndInsert(key, seq, clock);
            final String at = "step " + i + " key " + key;
            assertEquals(expected, actual, at);
            assertEquals(reference.seqByKey.size(), window.size(), at);
            assertEquals(reference.earlyEvictions, window.earlyEvictions(), at);
            assertEquals(reference.expiredEvictions, window.expiredEvictions(), at);

            final long[] previous = lastAccepted.get(key);
            final boolean repeatInsideWindow = previous != null && latest - previous[0] < windowNanos;
            if (actual != NOT_FOUND)
            {
                assertEquals(true, repeatInsideWindow, "dropped a non-repeat at " + at);
                assertEquals(previous[1], actual, at);
            }
            else if (capNeverReached)
            {
                assertEquals(false, repeatInsideWindow, "passed a repeat inside the window at " + at);
            }
            if (actual == NOT_FOUND)
            {
                lastAccepted.put(key, new long[]{latest, seq});
                seq++;
            }
        }
    }

    @Provide
    Arbitrary<List<Step>> steps()
    {
        final Arbitrary<Long> advance = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.longs().between(0, 3)),
            Tuple.of(2, Arbitraries.longs().between(4, 25)),
            Tuple.of(1, Arbitraries.longs().between(-4, -1)));
        return Combinators.combine(Arbitraries.integers().between(0, 63), advance)
            .as(Step::new)
            .list()
            .ofMaxSize(300);
    }

    private static long[] pool(final List<Long> extraKeys)
    {
        final LinkedHashSet<Long> keys = new LinkedHashSet<>();
        for (final long key : SPECIAL_KEYS)
        {
            keys.add(key);
        }
        keys.addAll(extraKeys);
        return keys.stream().mapToLong(Long::longValue).toArray();
    }

    /** The rules in the plainest form: boxed map, deque, explicit clock clamp. */
    static final class ReferenceWindow
    {
        private final long windowNanos;
        private final int maxKeys;
        final Map<Long, Long> seqByKey = new HashMap<>();
        private final ArrayDeque<long[]> fifo = new ArrayDeque<>();  // {key, expiry}
        private Long latest;
        long earlyEvictions;
        long expiredEvictions;

        ReferenceWindow(final long windowNanos, final int maxKeys)
        {
            this.windowNanos = windowNanos;
            this.maxKeys = maxKeys;
        }

        long checkAndInsert(final long key, final long seq, final long nowNanos)
        {
            if (latest == null || nowNanos - latest > 0)
            {
                latest = nowNanos;
            }
            while (!fifo.isEmpty() && fifo.peekFirst()[1] - latest <= 0)
            {
                seqByKey.remove(fifo.pollFirst()[0]);
                expiredEvictions++;
            }
            final Long held = seqByKey.get(key);
            if (held != null)
            {
                return held;
            }
            if (fifo.size() == maxKeys)
            {
                seqByKey.remove(fifo.pollFirst()[0]);
                earlyEvictions++;
            }
            seqByKey.put(key, seq);
            fifo.addLast(new long[]{key, latest + windowNanos});
            return NOT_FOUND;
        }
    }
}
