package io.ringcast.journal.deadletter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The roll-cycle files of the dead-letter queue that hold records, by cycle, learnt from the tailer and the
 * appender as they write or read each record ({@code currentFile()}), and deleted oldest first.
 * <p>
 * Confined to the {@link DeadLetterStore}'s monitor. Allocates one map entry per cycle file.
 */
final class CycleFiles
{
    private final TreeMap<Integer, File> files = new TreeMap<>();

    /**
     * Notes that {@code file} holds records of {@code cycle}.
     *
     * @param cycle the roll cycle.
     * @param file  its file, or {@code null} when Chronicle did not say (then it is never deleted).
     */
    void note(final int cycle, final File file)
    {
        if (file != null)
        {
            files.putIfAbsent(cycle, file);
        }
    }

    /**
     * Deletes the files of every cycle before {@code limitCycle}, oldest first, stopping at the first that cannot
     * be deleted so that what is left is always a suffix of the log.
     *
     * @param limitCycle the first cycle to keep.
     * @return whether any file was deleted.
     */
    boolean deleteBefore(final int limitCycle)
    {
        final NavigableMap<Integer, File> deletable = files.headMap(limitCycle, false);
        boolean deleted = false;
        while (!deletable.isEmpty())
        {
            try
            {
                Files.deleteIfExists(deletable.firstEntry().getValue().toPath());
            }
            catch (final IOException ex)
            {
                // Keep the order: a later file may hold the purge marker an earlier letter depends on.
                break;
            }
            deletable.pollFirstEntry();
            deleted = true;
        }
        return deleted;
    }
}
