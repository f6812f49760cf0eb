package io.ringcast.journal.deadletter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Checks, before Chronicle touches it, that {@code DIR/dead-letters} is empty, missing or a Chronicle queue, so
 * that pointing the store at a foreign folder gives a precise error instead of Chronicle writing into it.
 * Stateless; any thread.
 */
final class DeadLetterFolder
{
    private static final int NAMES_SHOWN = 5;

    private DeadLetterFolder()
    {
    }

    /**
     * Checks {@code folder} inside {@code journalDirectory} and creates both if missing.
     *
     * @param journalDirectory the journal directory {@code DIR}.
     * @param folder           {@code DIR/dead-letters}.
     * @throws IllegalArgumentException if either is not a directory or {@code folder} holds files but no queue.
     * @throws UncheckedIOException     if the folders cannot be listed or created.
     */
    static void prepare(final Path journalDirectory, final Path folder)
    {
        if (Files.exists(journalDirectory) && !Files.isDirectory(journalDirectory))
        {
            throw new IllegalArgumentException(journalDirectory + " is not a directory, so it is not a journal");
        }
        if (Files.exists(folder) && !Files.isDirectory(folder))
        {
            throw new IllegalArgumentException(folder + " is not a directory, so it is not a dead-letter queue");
        }
        try
        {
            if (Files.isDirectory(folder))
            {
                checkHoldsQueue(folder);
            }
            Files.createDirectories(folder);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot prepare " + folder + ": " + ex.getMessage(), ex);
        }
    }

    private static void checkHoldsQueue(final Path folder) throws IOException
    {
        final List<String> names = new ArrayList<>();
        boolean queueFiles = false;
        try (Stream<Path> entries = Files.list(folder))
        {
            for (final Path entry : (Iterable<Path>)entries::iterator)
            {
                final String name = entry.getFileName().toString();
                names.add(name);
                queueFiles |= Files.isRegularFile(entry) && (name.equals(SingleChronicleQueue.QUEUE_METADATA_FILE) ||
                    name.endsWith(SingleChronicleQueue.SUFFIX));
            }
        }
        if (!names.isEmpty() && !queueFiles)
        {
            names.sort(null);
            throw new IllegalArgumentException(folder + " is not a Chronicle queue (no " +
                SingleChronicleQueue.QUEUE_METADATA_FILE + " or *" + SingleChronicleQueue.SUFFIX + " file) but holds " +
                names.size() + " entries: " + String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size()))) +
                (names.size() > NAMES_SHOWN ? ", ..." : ""));
        }
    }
}
