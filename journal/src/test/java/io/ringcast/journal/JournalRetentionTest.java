package io.ringcast.journal;

import static io.ringcast.journal.JournalFixtures.T0;
import static io.ringcast.journal.JournalFixtures.append;
import static io.ringcast.journal.JournalFixtures.event;
import static io.ringcast.journal.JournalFixtures.readSeqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.util.ManualClock;
import net.openhft.chronicle.core.io.BackgroundResourceReleaser;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

class JournalRetentionTest
{
    private static final int PER_CYCLE = 10;

    @TempDir
    Path tmp;

    private final ManualClock clock = new ManualClock(T0);

    private JournalConfig config()
    {
        return JournalConfig.defaults(tmp.resolve("j")).withRollCycle("TEST_SECONDLY")
            .withRetention(Duration.ofSeconds(3));
    }

    /** Appends PER_CYCLE events in each of {@code cycles} one-second cycles, seqs continuing from the head. */
    private void fill(final ChronicleJournal journal, final int cycles)
    {
        for (int c = 0; c < cycles; c++)
        {
            for (int i = 0; i < PER_CYCLE; i++)
            {
                final long seq = journal.headSeq() + 1;
                append(journal, event(seq, clock.epochMillis()));
            }
            clock.advance(1, TimeUnit.SECONDS);
        }
    }

    private static List<String> files(final ChronicleJournal journal) throws Exception
    {
        try (Stream<Path> files = Files.list(journal.directory().resolve("events")))
        {
            return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".cq4")).sorted()
                .collect(Collectors.toList());
        }
    }

    private static String fileOfSecond(final int second)
    {
        final long millis = T0 + second * 1000L;
        return java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss'T'")
            .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(millis)) + ".cq4";
    }

    @Test
    void shouldDeleteOnlyFilesPastRetentionOnRoll() throws Exception
    {
        try (ChronicleJournal journal = ChronicleJournal.open(config(), clock))
        {
            fill(journal, 10); // seconds 0..9; the roll into second 9 expired seconds 0..5
            assertEquals(List.of(fileOfSecond(6), fileOfSecond(7), fileOfSecond(8), fileOfSecond(9)), files(journal));
            assertEquals(61, journal.firstSeq());
            assertEquals(100, journal.headSeq());
            try (JournalReader reader = journal.newReader())
            {
                assertEquals(LongStream.rangeClosed(61, 100).boxed().collect(Collectors.toList()), readSeqs(reader));
                reader.seekAfterSeq(5);
                assertEquals(61, readSeqs(reader).get(0));
            }
        }
    }

    @Test
    void shouldKeepTheNewestFileWhenEverythingIsPastRetention() throws Exception
    {
        final String newest;
        try (ChronicleJournal journal = ChronicleJournal.open(config(), clock))
        {
            fill(journal, 3);
            newest = fileOfSecond(2);
            clock.advance(100, TimeUnit.SECONDS);
            // Chronicle releases rolled files on a background thread; a file not yet released counts as open
            BackgroundResourceReleaser.releasePendingResources();
            assertEquals(2, journal.enforceRetention());
            assertEquals(List.of(newest), files(journal));
            assertEquals(21, journal.firstSeq());
        }
        try (ChronicleJournal journal = ChronicleJournal.open(config(), clock))
        {
            assertEquals(30, journal.headSeq());
            assertEquals(21, journal.firstSeq());
        }
    }

    @Test
    void shouldNotDeleteAFileAReaderIsOn() throws Exception
    {
        try (ChronicleJournal journal = ChronicleJournal.open(config(), clock);
            JournalReader reader = journal.newReader())
        {
            fill(journal, 2);
            final EventView view = new EventView(CodecLimits.DEFAULT);
            for (int i = 0; i < 3; i++)
            {
                reader.next(view); // on second 0's file
            }
            fill(journal, 8);
            BackgroundResourceReleaser.releasePendingResources();
            assertEquals(0, journal.enforceRetention());
            assertEquals(10, files(journal).size());
            assertEquals(1, journal.firstSeq());

            for (int i = 3; i < 75; i++)
            {
                assertTrue(reader.next(view)); // now on second 7's file
            }
            assertEquals(75, view.seq());
            BackgroundResourceReleaser.releasePendingResources();
            assertEquals(7, journal.enforceRetention(), "now is second 10: seconds 0..6 expired, 7 is read");
            assertEquals(71, journal.firstSeq());
            assertEquals(LongStream.rangeClosed(76, 100).boxed().collect(Collectors.toList()), readSeqs(reader));
        }
    }

    @Test
    void shouldNotDeleteAFileChronicleReportsOpen() throws Exception
    {
        try (ChronicleJournal journal = ChronicleJournal.open(config(), clock))
        {
            fill(journal, 2);
            final ExcerptTailer raw = journal.queue().createTailer();
            raw.toStart();
            try (DocumentContext dc = raw.readingDocument())
            {
                assertTrue(dc.isPresent());
            }
            fill(journal, 8);
            BackgroundResourceReleaser.releasePendingResources();
            assertEquals(0, journal.enforceRetention(), "second 0's file is held by a tailer");
            raw.close();
            BackgroundResourceReleaser.releasePendingResources();
            assertEquals(7, journal.enforceRetention(), "now is second 10: seconds 0..6 expired");
            assertEquals(71, journal.firstSeq());
        }
    }
}
