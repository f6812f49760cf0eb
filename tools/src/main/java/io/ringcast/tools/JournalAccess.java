package io.ringcast.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;
import io.ringcast.journal.deadletter.DeadLetterStore;

/**
 * Opens a journal folder for the tools without changing what the server owns: a missing or empty folder is
 * "no journal" (the journal itself would create one there), a foreign folder is refused with the journal's
 * own message, and retention is set so long that opening never deletes a file the server still keeps.
 * Control path; allocates.
 */
public final class JournalAccess
{
    /**
     * Retention the tools open with: a century, so that a tool never deletes files by its own clock; the
     * server, which knows the configured retention, deletes them.
     */
    static final Duration TOOL_RETENTION = Duration.ofDays(36_500);

    /**
     * Limits wide enough for any event a server with any configured limits may have journaled: the tools read
     * what is there instead of rejecting it.
     */
    static final CodecLimits READ_LIMITS =
        new CodecLimits(0xFFFF, 0xFFFF, 0xFFFF, 128, 255, 255, 0xFFFF, 64 * 1024 * 1024);

    private JournalAccess()
    {
    }

    /**
     * Opens the event journal in {@code directory} for reading.
     *
     * @throws CliFailure "no journal at DIR" when the folder is missing or empty, or the journal's own message
     *                    when the folder is not a Ringcast journal or cannot be opened
     */
    public static ChronicleJournal openJournal(final Path directory)
    {
        requireJournalFolder(directory);
        try
        {
            return ChronicleJournal.open(JournalConfig.defaults(directory)
                .withRetention(TOOL_RETENTION)
                .withLimits(READ_LIMITS));
        }
        catch (final IllegalStateException | IllegalArgumentException | UncheckedIOException ex)
        {
            throw new CliFailure(ex.getMessage(), ex);
        }
    }

    /**
     * Opens the dead-letter store of the journal in {@code directory}.
     *
     * @return the store, or null when the journal has no dead-letter queue yet (nothing ever failed), so a
     *         read-only command creates nothing
     * @throws CliFailure as {@link #openJournal}
     */
    public static DeadLetterStore openDeadLetters(final Path directory, final Clock clock)
    {
        // the journal checks that the folder is a Ringcast journal; the store alone would accept any folder
        openJournal(directory).close();
        if (!Files.isDirectory(directory.resolve(DeadLetterStore.FOLDER)))
        {
            return null;
        }
        try
        {
            return DeadLetterStore.open(directory, JournalConfig.DEFAULT_ROLL_CYCLE, TOOL_RETENTION, clock);
        }
        catch (final IllegalStateException | IllegalArgumentException | UncheckedIOException ex)
        {
            throw new CliFailure(ex.getMessage(), ex);
        }
    }

    /**
     * Checks that {@code directory} exists and holds something.
     *
     * @throws CliFailure "no journal at DIR: ..." otherwise
     */
    static void requireJournalFolder(final Path directory)
    {
        if (!Files.exists(directory))
        {
            throw new CliFailure("no journal at " + directory + " (the folder does not exist)");
        }
        if (Files.isDirectory(directory) && isEmpty(directory))
        {
            throw new CliFailure("no journal at " + directory + " (the folder is empty)");
        }
    }

    private static boolean isEmpty(final Path directory)
    {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory))
        {
            return !entries.iterator().hasNext();
        }
        catch (final IOException ex)
        {
            throw new CliFailure("cannot read " + directory + ": " + ex.getMessage(), ex);
        }
    }
}
