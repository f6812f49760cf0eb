package io.ringcast.journal;

import static io.ringcast.journal.JournalFixtures.T0;
import static io.ringcast.journal.JournalFixtures.append;
import static io.ringcast.journal.JournalFixtures.event;
import static io.ringcast.journal.JournalFixtures.readAll;
import static io.ringcast.journal.JournalFixtures.readSeqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventView;

class ChronicleJournalTest
{
    @TempDir
    Path tmp;

    @Test
    void shouldReadBackExactlyWhatWasAppended() throws Exception
    {
        final List<Event> written = new ArrayList<>();
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(tmp.resolve("j"))))
        {
            assertEquals(0, journal.headSeq());
            assertEquals(0, journal.firstSeq());
            for (long seq = 1; seq <= 200; seq++)
            {
                final Event e = event(seq, T0 + seq);
                written.add(e);
                append(journal, e);
            }
            assertEquals(200, journal.headSeq());
            assertEquals(1, journal.firstSeq());
            try (JournalReader reader = journal.newReader())
            {
                assertEquals(written, readAll(reader));
                assertEquals(200, reader.lastReadSeq());
            }
        }
    }

    @Test
    void shouldKeepSeqAndEpochAcrossRestart() throws Exception
    {
        final Path dir = tmp.resolve("j");
        final String epoch;
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(dir)))
        {
            epoch = journal.epoch();
            for (long seq = 1; seq <= 50; seq++)
            {
                append(journal, event(seq, T0 + seq));
            }
        }
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(dir)))
        {
            assertEquals(epoch, journal.epoch());
            assertEquals(50, journal.headSeq());
            assertEquals(1, journal.firstSeq());
            final long next = journal.headSeq() + 1; // as the engine continues
            append(journal, event(next, T0 + next));
            assertEquals(51, journal.headSeq());
            try (JournalReader reader = journal.newReader())
            {
                final List<Long> seqs = readSeqs(reader);
                assertEquals(51, seqs.size());
                assertEquals(51L, seqs.get(50));
            }
        }
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(dir)))
        {
            assertEquals(51, journal.headSeq());
        }
    }

    @Test
    void shouldGiveEachNewJournalItsOwnEpoch() throws Exception
    {
        try (ChronicleJournal a = ChronicleJournal.open(JournalConfig.defaults(tmp.resolve("a")));
            ChronicleJournal b = ChronicleJournal.open(JournalConfig.defaults(tmp.resolve("b"))))
        {
            assertNotEquals(a.epoch(), b.epoch());
            assertEquals(32, a.epoch().length());
        }
    }

    @Test
    void shouldCreateMissingFolderWithPropertiesFile() throws Exception
    {
        final Path dir = tmp.resolve("x").resolve("y");
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(dir)))
        {
            assertEquals(dir, journal.directory());
            final Properties p = new Properties();
            try (var in = Files.newInputStream(dir.resolve("ringcast-journal.properties")))
            {
                p.load(in);
            }
            assertEquals("1", p.getProperty("format"));
            assertEquals(journal.epoch(), p.getProperty("epoch"));
            assertTrue(p.getProperty("created").endsWith("Z"));
        }
        try (var files = Files.list(dir))
        {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void shouldInitialiseAnExistingEmptyFolder() throws Exception
    {
        final Path dir = Files.createDirectory(tmp.resolve("empty"));
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(dir)))
        {
            assertEquals(0, journal.headSeq());
            assertTrue(Files.isRegularFile(dir.resolve("ringcast-journal.properties")));
        }
    }

    @Test
    void shouldRefuseFolderWithoutPropertiesFile() throws IOException
    {
        final Path dir = Files.createDirectory(tmp.resolve("foreign"));
        Files.writeString(dir.resolve("notes.txt"), "hello");
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> ChronicleJournal.open(JournalConfig.defaults(dir)));
        assertEquals(dir + " is not a Ringcast journal: the folder is not empty and has no " +
            "ringcast-journal.properties", ex.getMessage());
        assertFalse(Files.exists(dir.resolve("events")));
    }

    @Test
    void shouldRefuseAnotherFormat() throws IOException
    {
        final Path dir = Files.createDirectory(tmp.resolve("future"));
        Files.writeString(dir.resolve("ringcast-journal.properties"), "format=2\nepoch=abc\n");
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> ChronicleJournal.open(JournalConfig.defaults(dir)));
        assertEquals(dir + " is not a Ringcast journal: ringcast-journal.properties has format '2', " +
            "this version reads format 1", ex.getMessage());
    }

    @Test
    void shouldRefuseAFile() throws IOException
    {
        final Path file = Files.writeString(tmp.resolve("file"), "x");
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> ChronicleJournal.open(JournalConfig.defaults(file)));
        assertEquals(file + " is not a Ringcast journal: it is a file, not a directory", ex.getMessage());
    }

    @Test
    void shouldOpenPropertiesWithoutEventsAsEmptyJournal() throws IOException
    {
        final Path dir = Files.createDirectory(tmp.resolve("bare"));
        Files.writeString(dir.resolve("ringcast-journal.properties"), "format=1\nepoch=0123abcd\n");
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(dir)))
        {
            assertEquals("0123abcd", journal.epoch());
            assertEquals(0, journal.headSeq());
            assertEquals(0, journal.firstSeq());
            try (JournalReader reader = journal.newReader())
            {
                assertFalse(reader.next(new EventView(CodecLimits.DEFAULT)));
            }
        }
    }

    @Test
    void shouldRefuseSeqNotAboveHead() throws Exception
    {
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(tmp.resolve("j"))))
        {
            append(journal, event(5, T0));
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> append(journal, event(5, T0)));
            assertEquals("seq 5 is not above the journal head 5", ex.getMessage());
            append(journal, event(7, T0)); // a gap is fine
            assertEquals(7, journal.headSeq());
        }
    }

    @Test
    void shouldValidateConfigWithPreciseMessages()
    {
        final Path dir = tmp.resolve("c");
        final IllegalArgumentException cycle = assertThrows(IllegalArgumentException.class,
            () -> JournalConfig.defaults(dir).withRollCycle("FORTNIGHTLY"));
        assertTrue(cycle.getMessage().startsWith("unknown journal roll cycle 'FORTNIGHTLY'; valid: TEST_SECONDLY, "),
            cycle.getMessage());
        assertTrue(cycle.getMessage().contains("FIVE_MINUTELY") && cycle.getMessage().contains("HOURLY") &&
            cycle.getMessage().contains("DAILY"));
        final IllegalArgumentException retention = assertThrows(IllegalArgumentException.class,
            () -> JournalConfig.defaults(dir).withRetention(Duration.ZERO));
        assertEquals("journal retention must be positive, was PT0S", retention.getMessage());
        assertThrows(NullPointerException.class, () -> JournalConfig.defaults(null));
        final JournalConfig d = JournalConfig.defaults(dir);
        assertEquals(Durability.ASYNC, d.durability());
        assertEquals("HOURLY", d.rollCycle());
        assertEquals(Duration.ofDays(7), d.retention());
        assertEquals(CodecLimits.DEFAULT, d.limits());
    }

    @Test
    void shouldOpenEveryDocumentedRollCycle() throws Exception
    {
        for (final String name : JournalConfig.ROLL_CYCLES)
        {
            try (ChronicleJournal journal = ChronicleJournal.open(
                JournalConfig.defaults(tmp.resolve(name)).withRollCycle(name)))
            {
                append(journal, event(1, T0));
                assertEquals(1, journal.headSeq(), name);
            }
        }
    }

    @Test
    void shouldKeepTheRollCycleTheJournalWasCreatedWith() throws Exception
    {
        final Path dir = tmp.resolve("j");
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(dir)))
        {
            append(journal, event(1, T0));
        }
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(dir).withRollCycle("DAILY")))
        {
            append(journal, event(2, T0));
            try (JournalReader reader = journal.newReader())
            {
                reader.seekAfterSeq(1);
                assertEquals(List.of(2L), readSeqs(reader));
            }
        }
        try (var files = Files.list(dir.resolve("events")))
        {
            assertEquals(1, files.filter(f -> f.toString().endsWith(".cq4")).count(), "still one HOURLY file");
        }
    }

    @Test
    void shouldForceToDiskInSyncMode() throws Exception
    {
        final Path dir = tmp.resolve("sync");
        try (ChronicleJournal journal = ChronicleJournal.open(
            JournalConfig.defaults(dir).withDurability(Durability.SYNC)))
        {
            for (long seq = 1; seq <= 10; seq++)
            {
                append(journal, event(seq, T0));
                journal.flush();
            }
        }
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(dir)))
        {
            assertEquals(10, journal.headSeq());
        }
    }
}
