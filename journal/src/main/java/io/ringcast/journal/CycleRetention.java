package io.ringcast.journal;

import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.agrona.collections.Int2IntHashMap;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.RollingResourcesCache;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/**
 * Deletes the journal's queue files whose whole cycle is older than the retention, and tracks which cycle files
 * this process holds open so that none of them is deleted under a reader.
 * <p>
 * Two guards keep a file in use alive. Chronicle reports each store (cycle file) a tailer or appender acquires and
 * releases through {@link StoreFileListener#onAcquired} / {@link StoreFileListener#onReleased}; in Chronicle 2026.x
 * both are delivered later, on its background resource releaser thread, so this class counts them under its own
 * monitor. Because that report can lag an acquire, each {@link JournalReader} also pins the lowest cycle it may
 * read, and the caller passes the lowest pin in; seeks and retention exclude each other through the journal's
 * position lock, so a seek cannot land on a file being deleted.
 * <p>
 * The newest cycle file is never deleted, so the head seq survives any idle period. Deletion runs on whichever
 * thread calls {@link #enforce} (the journal's appending thread on a roll, or an operator); it allocates.
 */
final class CycleRetention implements StoreFileListener
{
    private final Int2IntHashMap openCounts = new Int2IntHashMap(0);
    private final Path eventsDir;
    private final long retentionMillis;
    private RollingResourcesCache names;
    private RollCycle rollCycle;
    private long epochMillis;

    CycleRetention(final Path eventsDir, final long retentionMillis)
    {
        this.eventsDir = eventsDir;
        this.retentionMillis = retentionMillis;
    }

    /** Binds to the queue once it is built (its roll cycle may be the one stored with it, not the configured one). */
    void bind(final SingleChronicleQueue queue)
    {
        rollCycle = queue.rollCycle();
        epochMillis = queue.epoch();
        final File dir = eventsDir.toFile();
        names = new RollingResourcesCache(rollCycle, epochMillis,
            name -> new File(dir, name + SingleChronicleQueue.SUFFIX),
            file -> file.getName().substring(0, file.getName().length() - SingleChronicleQueue.SUFFIX.length()));
    }

    @Override
    public synchronized void onAcquired(final int cycle, final File file)
    {
        openCounts.put(cycle, openCounts.get(cycle) + 1);
    }

    @Override
    public synchronized void onReleased(final int cycle, final File file)
    {
        final int n = openCounts.get(cycle) - 1;
        if (n <= 0)
        {
            openCounts.remove(cycle);
        }
        else
        {
            openCounts.put(cycle, n);
        }
    }

    /** True while some tailer or appender of this process holds the cycle's file, as Chronicle last reported. */
    synchronized boolean isOpen(final int cycle)
    {
        return openCounts.get(cycle) > 0;
    }

    /** The first cycle that is not yet entirely older than the retention at {@code nowMillis}. */
    int firstRetainedCycle(final long nowMillis)
    {
        // cycle c covers [epoch + c * length, epoch + (c + 1) * length); it expires once that end is retention old
        final long cutoff = nowMillis - retentionMillis - epochMillis;
        return (int)Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE,
            Math.floorDiv(cutoff, (long)rollCycle.lengthInMillis())));
    }

    /**
     * Deletes the cycle files past retention at {@code nowMillis}, oldest first, stopping at the first one that is
     * at or above {@code pinnedCycle} (the lowest cycle a reader may still read), open in this process, or cannot be
     * deleted; {@code newestCycle} is always kept. What remains is one contiguous run of cycles.
     *
     * @return what happened: files deleted, and whether expired files remain because they are in use
     */
    Outcome enforce(final long nowMillis, final int pinnedCycle, final int newestCycle)
    {
        final int expiredBelow = firstRetainedCycle(nowMillis);
        final int limit = Math.min(expiredBelow, Math.min(pinnedCycle, newestCycle));
        final TreeMap<Integer, Path> expired = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(eventsDir, "*" + SingleChronicleQueue.SUFFIX))
        {
            for (final Path file : files)
            {
                final int cycle = cycleOf(file);
                if (cycle != Integer.MIN_VALUE && cycle < expiredBelow && cycle < newestCycle)
                {
                    expired.put(cycle, file);
                }
            }
        }
        catch (final IOException ex)
        {
            return new Outcome(0, true);
        }
        // oldest first, stopping at the first file in use: what is held stays one contiguous run of cycles
        int deleted = 0;
        for (final Map.Entry<Integer, Path> e : expired.entrySet())
        {
            final int cycle = e.getKey();
            if (cycle >= limit || isOpen(cycle) || !delete(e.getValue()))
            {
                return new Outcome(deleted, true);
            }
            deleted++;
        }
        return new Outcome(deleted, false);
    }

    private int cycleOf(final Path file)
    {
        try
        {
            final Long cycle = names.toLong(file.toFile());
            return cycle == null ? Integer.MIN_VALUE : (int)(long)cycle;
        }
        catch (final RuntimeException ex)
        {
            return Integer.MIN_VALUE; // not a queue file of this roll cycle: leave it alone
        }
    }

    private static boolean delete(final Path file)
    {
        try
        {
            Files.deleteIfExists(file);
            return true;
        }
        catch (final IOException ex)
        {
            return false; // e.g. still mapped on a platform that refuses; retried on the next check
        }
    }

    /**
     * The result of one retention pass.
     *
     * @param deleted files deleted
     * @param blocked true when expired files had to stay because something still uses them
     */
    record Outcome(int deleted, boolean blocked)
    {
    }
}
