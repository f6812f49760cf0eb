package io.ringcast.journal;

import static io.ringcast.journal.JournalFixtures.T0;
import static io.ringcast.journal.JournalFixtures.append;
import static io.ringcast.journal.JournalFixtures.event;
import static io.ringcast.journal.JournalFixtures.readSeqs;
import static io.ringcast.journal.JournalFixtures.secondly;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.util.ManualClock;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.wire.DocumentContext;

class JournalSeekTest
{
    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock(T0);

    /** Appends {@code perCycle[i]} events in cycle i, seqs from {@code firstSeq} with the given gaps. */
    private List<long[]> fill(final ChronicleJournal journal, final int[] perCycle, final long firstSeq)
    {
        final List<long[]> written = new ArrayList<>(); // {seq, timestamp}
        long seq = firstSeq;
        for (final int n : perCycle)
        {
            for (int i = 0; i < n; i++)
            {
                final long ts = clock.epochMillis() + i / 3; // non-decreasing, with repeats
                append(journal, event(seq, ts));
                written.add(new long[] {seq, ts});
                seq += seq % 7 == 0 ? 3 : 1; // gaps: the engine skips seqs whose append failed
            }
            seq += 5; // and a gap at every roll
            clock.advance(1, TimeUnit.SECONDS);
        }
        return written;
    }

    private long cycleFiles(final ChronicleJournal journal) throws Exception
    {
        try (Stream<Path> files = Files.list(journal.directory().resolve("events")))
        {
            return files.filter(f -> f.toString().endsWith(".cq4")).count();
        }
    }

    @Test
    void shouldSeekToEverySeqAcrossRollCyclesAndGaps() throws Exception
    {
        try (ChronicleJournal journal = ChronicleJournal.open(secondly(tmp.resolve("j")), clock))
        {
            final List<long[]> written = fill(journal, new int[] {40, 1, 17, 64, 2, 33}, 1);
            assertEquals(6, cycleFiles(journal));
            final long head = written.get(written.size() - 1)[0];
            assertEquals(head, journal.headSeq());
            try (JournalReader reader = journal.newReader())
            {
                final EventView view = new EventView(CodecLimits.DEFAULT);
                for (long since = -1; since <= head + 2; since++)
                {
                    reader.seekAfterSeq(since);
                    final List<Long> expected = new ArrayList<>();
                    for (final long[] w : written)
                    {
                        if (w[0] > since)
                        {
                            expected.add(w[0]);
                        }
                    }
                    if (expected.isEmpty())
                    {
                        assertFalse(reader.next(view), "since " + since);
                        continue;
                    }
                    assertTrue(reader.next(view), "since " + since);
                    assertEquals(expected.get(0), view.seq(), "since " + since);
                    if (since % 13 == 0)
                    {
                        final List<Long> rest = readSeqs(reader);
                        assertEquals(expected.subList(1, expected.size()), rest, "since " + since);
                    }
                }
            }
        }
    }

    @Test
    void shouldSkipEmptyCycleFiles() throws Exception
    {
        try (ChronicleJournal journal = ChronicleJournal.open(secondly(tmp.resolve("j")), clock))
        {
            final List<long[]> written = new ArrayList<>(fill(journal, new int[] {5, 5}, 1));
            try (ExcerptAppender raw = journal.queue().createAppender())
            {
                for (int i = 0; i < 3; i++)
                {
                    final DocumentContext dc = raw.writingDocument(); // a cycle file with no excerpt in it
                    dc.rollbackOnClose();
                    dc.close();
                    clock.advance(1, TimeUnit.SECONDS);
                }
            }
            written.addAll(fill(journal, new int[] {4, 6}, journal.headSeq() + 1));
            assertEquals(7, cycleFiles(journal));
            try (JournalReader reader = journal.newReader())
            {
                final EventView view = new EventView(CodecLimits.DEFAULT);
                for (final long[] w : written)
                {
                    reader.seekAfterSeq(w[0] - 1);
                    assertTrue(reader.next(view));
                    assertEquals(w[0], view.seq());
                    reader.seekToTime(w[1]);
                    assertTrue(reader.next(view));
                    assertEquals(w[1], view.timestamp());
                }
                reader.seekAfterSeq(0);
                assertEquals(written.size(), readSeqs(reader).size());
            }
        }
    }

    @Test
    void shouldSeekToTimeAtTheFirstEventNotEarlier() throws Exception
    {
        try (ChronicleJournal journal = ChronicleJournal.open(secondly(tmp.resolve("j")), clock))
        {
            final List<long[]> written = fill(journal, new int[] {30, 3, 45, 9}, 1);
            try (JournalReader reader = journal.newReader())
            {
                final EventView view = new EventView(CodecLimits.DEFAULT);
                final long lastTs = written.get(written.size() - 1)[1];
                for (long t = T0 - 5; t <= lastTs + 2; t += t % 1000 > 20 && t % 1000 < 990 ? 977 : 1)
                {
                    reader.seekToTime(t);
                    long[] expected = null;
                    for (final long[] w : written)
                    {
                        if (w[1] >= t)
                        {
                            expected = w;
                            break;
                        }
                    }
                    if (expected == null)
                    {
                        assertFalse(reader.next(view), "t " + t);
                    }
                    else
                    {
                        assertTrue(reader.next(view), "t " + t);
                        assertEquals(expected[0], view.seq(), "t " + t);
                    }
                }
            }
        }
    }

    @Test
    void shouldSeekToTimeBoundaryWhenTimestampsAreOutOfOrder() throws Exception
    {
        final long[] stamps = {100, 300, 200, 400, 350, 500, 500, 450, 600};
        try (ChronicleJournal journal = ChronicleJournal.open(secondly(tmp.resolve("j")), clock))
        {
            for (int i = 0; i < stamps.length; i++)
            {
                append(journal, event(i + 1, T0 + stamps[i]));
            }
            try (JournalReader reader = journal.newReader())
            {
                final EventView view = new EventView(CodecLimits.DEFAULT);
                for (long t = 50; t <= 650; t += 25)
                {
                    reader.seekToTime(T0 + t);
                    if (!reader.next(view))
                    {
                        assertTrue(stamps[stamps.length - 1] < t, "t " + t);
                        continue;
                    }
                    final int at = (int)view.seq() - 1;
                    assertTrue(stamps[at] >= t, "t " + t + " landed on " + stamps[at]);
                    assertTrue(at == 0 || stamps[at - 1] < t, "t " + t + " is not at a boundary");
                    assertEquals(stamps.length - at - 1, readSeqs(reader).size(), "the rest follows unfiltered");
                }
            }
        }
    }

    @Test
    void shouldSkipToAfterSinceWhenSinceIsAheadOfTheHead() throws Exception
    {
        try (ChronicleJournal journal = ChronicleJournal.open(secondly(tmp.resolve("j")), clock))
        {
            fill(journal, new int[] {5}, 1);
            final long head = journal.headSeq();
            try (JournalReader reader = journal.newReader())
            {
                reader.seekAfterSeq(head + 3);
                assertFalse(reader.next(new EventView(CodecLimits.DEFAULT)));
                for (long seq = head + 1; seq <= head + 6; seq++)
                {
                    append(journal, event(seq, clock.epochMillis()));
                }
                assertEquals(List.of(head + 4, head + 5, head + 6), readSeqs(reader));
            }
        }
    }

    @Test
    void shouldReadFromTheStartOfAnEmptyJournalOnceEventsArrive() throws Exception
    {
        try (ChronicleJournal journal = ChronicleJournal.open(secondly(tmp.resolve("j")), clock);
            JournalReader reader = journal.newReader())
        {
            assertFalse(reader.next(new EventView(CodecLimits.DEFAULT)));
            reader.seekAfterSeq(0);
            assertFalse(reader.next(new EventView(CodecLimits.DEFAULT)));
            fill(journal, new int[] {3, 2}, 1);
            assertEquals(List.of(1L, 2L, 3L, 9L, 10L), readSeqs(reader));
        }
    }

    @Test
    void shouldFollowTheLiveTailAcrossRolls() throws Exception
    {
        try (ChronicleJournal journal = ChronicleJournal.open(secondly(tmp.resolve("j")), clock);
            JournalReader reader = journal.newReader())
        {
            fill(journal, new int[] {10, 10}, 1);
            reader.seekAfterSeq(12);
            final List<Long> seen = new ArrayList<>(readSeqs(reader));
            final List<long[]> more = fill(journal, new int[] {4, 6, 1}, journal.headSeq() + 1);
            seen.addAll(readSeqs(reader));
            assertEquals(seen.size(), new java.util.HashSet<>(seen).size());
            assertEquals(more.get(more.size() - 1)[0], (long)seen.get(seen.size() - 1));
            for (int i = 1; i < seen.size(); i++)
            {
                assertTrue(seen.get(i) > seen.get(i - 1));
            }
        }
    }

    @Test
    void shouldKeepReadingCorrectlyWhileAnotherThreadAppends() throws Exception
    {
        final int total = 30_000;
        try (ChronicleJournal journal = ChronicleJournal.open(secondly(tmp.resolve("j")), clock))
        {
            for (long seq = 1; seq <= 1000; seq++)
            {
                append(journal, event(seq, clock.epochMillis()));
            }
            final CompletableFuture<Void> writer = CompletableFuture.runAsync(() ->
            {
                for (long seq = 1001; seq <= total; seq++)
                {
                    append(journal, event(seq, clock.epochMillis()));
                    if (seq % 4000 == 0)
                    {
                        clock.advance(1, TimeUnit.SECONDS);
                    }
                }
            });
            try (JournalReader reader = journal.newReader())
            {
                reader.seekAfterSeq(500);
                final EventView view = new EventView(CodecLimits.DEFAULT);
                long expected = 501;
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (expected <= total && System.nanoTime() < deadline)
                {
                    if (reader.next(view))
                    {
                        assertEquals(expected, view.seq());
                        assertEquals("evt-" + expected, view.buffer().getStringWithoutLengthUtf8(view.idOffset(),
                            view.idLength()));
                        expected++;
                    }
                    else
                    {
                        Thread.onSpinWait();
                    }
                }
                assertEquals(total + 1, expected);
            }
            writer.get(20, TimeUnit.SECONDS);
            assertTrue(cycleFiles(journal) >= 7);
        }
    }
}
