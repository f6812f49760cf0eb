package io.ringcast.journal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The state log on real Chronicle files: order, reopen, empty and foreign folders, the journal's delegation. */
class StateLogTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadNothingFromANewLogAndCreateItsFolder()
    {
        try (StateLog log = StateLog.open(dir.resolve("data"), false))
        {
            assertEquals(List.of(), log.readAll());
            assertTrue(Files.isDirectory(dir.resolve("data").resolve(StateLog.FOLDER)));
        }
    }

    @Test
    void shouldKeepRecordsInAppendOrderAcrossAReopen()
    {
        final List<String> written = new ArrayList<>();
        try (StateLog log = StateLog.open(dir, false))
        {
            for (int i = 0; i < 50; i++)
            {
                final String record = "{\"type\":\"preferences\",\"user\":\"u" + i + "\",\"note\":\"ünïcode ✓\"}";
                log.append(record);
                written.add(record);
            }
            assertEquals(written, log.readAll());
        }
        try (StateLog log = StateLog.open(dir, true))
        {
            assertEquals(written, log.readAll(), "survives a reopen");
            log.append("last");
            written.add("last");
            final List<String> visited = new ArrayList<>();
            log.forEach(visited::add);
            assertEquals(written, visited);
        }
    }

    @Test
    void shouldAcceptAppendsFromAnotherThreadAfterTheFirst() throws Exception
    {
        try (StateLog log = StateLog.open(dir, false))
        {
            log.append("a");
            final Thread other = new Thread(() -> log.append("b"));
            other.start();
            other.join();
            log.append("c");
            assertEquals(List.of("a", "b", "c"), log.readAll());
        }
    }

    @Test
    void shouldRefuseAFolderThatIsNotAQueueAndAClosedLog() throws Exception
    {
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state").resolve("notes.txt"), "mine");
        final IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class,
            () -> StateLog.open(dir, false));
        assertTrue(foreign.getMessage().contains("notes.txt"), foreign.getMessage());

        final Path other = dir.resolve("other");
        final StateLog log = StateLog.open(other, false);
        log.close();
        log.close();
        final IllegalStateException closed = assertThrows(IllegalStateException.class, () -> log.append("x"));
        assertTrue(closed.getMessage().contains("closed"), closed.getMessage());
    }

    @Test
    void shouldSaveTheJournalsStateRecordsInItsStateFolder()
    {
        final Path data = dir.resolve("journal");
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(data)))
        {
            journal.appendState("{\"type\":\"preferences-cleared\",\"user\":\"42\"}");
            assertEquals(List.of("{\"type\":\"preferences-cleared\",\"user\":\"42\"}"), journal.stateLog().readAll());
            assertEquals(0, journal.headSeq(), "state records are not events");
        }
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(data)))
        {
            assertEquals(1, journal.stateLog().readAll().size(), "the state log reopens with the journal");
            assertEquals(data.toAbsolutePath().normalize().resolve("state"), journal.stateLog().directory());
        }
    }
}
