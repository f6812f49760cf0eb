package io.ringcast.journal;

import java.util.NavigableSet;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Positions a reader's tailer by seq or time without scanning. Chronicle numbers the excerpts of each cycle file
 * densely (0, 1, 2, ...) and {@code moveToIndex} reaches any of them through the file's own index (plus a scan of at
 * most the index spacing, 16 excerpts for {@code HOURLY}). The journal's seqs grow strictly, so:
 * <ol>
 *   <li>a binary search over the cycle files, by the seq (or timestamp) of each file's first excerpt, finds the file;
 *   the count and first excerpt of every sealed file (not the newest) are cached journal-wide after one look;</li>
 *   <li>inside the file, by seq, the excerpt is at most {@code since - firstSeq + 1} positions in (seqs grow by at
 *   least one per excerpt), which is exact unless seqs were skipped: two probes find it when there was no gap, and
 *   a binary search below that bound finds it when there was; by time, a plain binary search.</li>
 * </ol>
 * Each probe reads one excerpt's header in place. Empty cycle files are skipped. Reader thread; the caller holds
 * the journal's position lock. Allocates a few small arrays per search.
 */
final class JournalSearch
{
    /** What a search compares. */
    enum Key
    {
        /** Every excerpt matches: the first held excerpt. */
        FIRST,
        /** The first excerpt with seq above the target. */
        SEQ,
        /** The first excerpt with timestamp at or above the target (a boundary when timestamps are unordered). */
        TIME
    }

    private final ChronicleJournal journal;
    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    private ExcerptTailer tailer;
    private long probedSeq;
    private long probedTimestamp;

    JournalSearch(final ChronicleJournal journal)
    {
        this.journal = journal;
        this.queue = journal.queue();
        this.rollCycle = queue.rollCycle();
    }

    /** Moves {@code on} so that its next read returns the first excerpt matching {@code key} and {@code target}. */
    void position(final ExcerptTailer on, final Key key, final long target)
    {
        tailer = on;
        final int first = queue.firstCycle();
        final int last = queue.lastCycle();
        if (first == Integer.MAX_VALUE || last == Integer.MIN_VALUE || first > last)
        {
            tailer.toStart(); // empty: the first event appended is the first one read
            return;
        }
        final NavigableSet<Long> set = queue.listCyclesBetween(first, last);
        final int[] cycles = new int[set.size()];
        int m = 0;
        for (final Long c : set)
        {
            cycles[m++] = (int)(long)c;
        }
        final ChronicleJournal.CycleInfo[] infos = new ChronicleJournal.CycleInfo[m];

        // the first cycle position whose first non-empty file starts with a matching excerpt
        int lo = 0;
        int hi = m;
        int lastMiss = -1;
        while (lo < hi)
        {
            final int mid = (lo + hi) >>> 1;
            final int r = nonEmptyFrom(cycles, infos, mid);
            if (r == m || startsMatching(infos[r], key, target))
            {
                hi = mid;
            }
            else
            {
                lastMiss = r;
                lo = r + 1;
            }
        }
        final int hit = lo < m ? nonEmptyFrom(cycles, infos, lo) : m;
        if (lastMiss < 0)
        {
            moveTo(hit < m ? rollCycle.toIndex(cycles[hit], 0) : -1);
            return;
        }
        // the answer is inside lastMiss's file after its first excerpt, else the first excerpt of hit's file
        final int cycle = cycles[lastMiss];
        final ChronicleJournal.CycleInfo info = infos[lastMiss];
        final long n = info.count();
        long kLo = 1;
        long kHi = n; // kHi is known to match, or n for none in this file
        if (key == Key.SEQ)
        {
            final long bound = target - info.firstSeq() + 1;
            if (bound < n)
            {
                kHi = bound;
                if (matches(cycle, bound - 1, key, target))
                {
                    kHi = bound - 1; // seqs were skipped in this file: search below
                }
                else
                {
                    kLo = bound;
                }
            }
        }
        while (kLo < kHi)
        {
            final long mid = (kLo + kHi) >>> 1;
            if (matches(cycle, mid, key, target))
            {
                kHi = mid;
            }
            else
            {
                kLo = mid + 1;
            }
        }
        if (kLo < n)
        {
            moveTo(rollCycle.toIndex(cycle, kLo));
        }
        else if (hit < m)
        {
            moveTo(rollCycle.toIndex(cycles[hit], 0));
        }
        else
        {
            moveAfter(rollCycle.toIndex(cycle, n - 1)); // nothing matches yet: wait after the last excerpt
        }
    }

    private static boolean startsMatching(final ChronicleJournal.CycleInfo info, final Key key, final long target)
    {
        switch (key)
        {
            case SEQ: return info.firstSeq() > target;
            case TIME: return info.firstTimestamp() >= target;
            default: return true;
        }
    }

    /** Position of the first non-empty cycle at or after {@code i}, or {@code cycles.length}; fills its info. */
    private int nonEmptyFrom(final int[] cycles, final ChronicleJournal.CycleInfo[] infos, final int i)
    {
        for (int j = i; j < cycles.length; j++)
        {
            if (infos[j] == null)
            {
                infos[j] = info(cycles[j], j < cycles.length - 1);
            }
            if (infos[j].count() > 0)
            {
                return j;
            }
        }
        return cycles.length;
    }

    private ChronicleJournal.CycleInfo info(final int cycle, final boolean sealed)
    {
        final ChronicleJournal.CycleInfo cached = journal.cycleInfo(cycle);
        if (cached != null)
        {
            return cached;
        }
        final long count = Math.max(0, tailer.excerptsInCycle(cycle));
        final ChronicleJournal.CycleInfo info;
        if (count == 0)
        {
            info = new ChronicleJournal.CycleInfo(0, 0, 0);
        }
        else
        {
            probe(rollCycle.toIndex(cycle, 0));
            info = new ChronicleJournal.CycleInfo(count, probedSeq, probedTimestamp);
        }
        if (sealed)
        {
            journal.cycleInfo(cycle, info); // a later file exists: this one will not change again
        }
        return info;
    }

    private boolean matches(final int cycle, final long seqInCycle, final Key key, final long target)
    {
        probe(rollCycle.toIndex(cycle, seqInCycle));
        return key == Key.SEQ ? probedSeq > target : key != Key.TIME || probedTimestamp >= target;
    }

    private void probe(final long index)
    {
        if (!tailer.moveToIndex(index))
        {
            throw new IllegalStateException("journal " + journal.directory() + ": excerpt " + Long.toHexString(index) +
                " is not reachable through the queue index");
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                throw new IllegalStateException("journal " + journal.directory() + ": excerpt " +
                    Long.toHexString(index) + " vanished while seeking");
            }
            final Bytes<?> bytes = dc.wire().bytes();
            probedSeq = ChronicleJournal.seqOf(bytes, index);
            probedTimestamp = ChronicleJournal.timestampOf(bytes, index);
        }
    }

    private void moveTo(final long index)
    {
        if (index < 0)
        {
            tailer.toEnd();
        }
        else if (!tailer.moveToIndex(index))
        {
            throw new IllegalStateException("journal " + journal.directory() + ": cannot move to excerpt " +
                Long.toHexString(index));
        }
    }

    private void moveAfter(final long index)
    {
        moveTo(index);
        try (DocumentContext dc = tailer.readingDocument())
        {
            assert dc.isPresent() : "excerpt " + index + " was counted";
        }
    }
}
