package io.ringcast.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The state log: the engine state that must survive a restart but is not an event (users' preferences, server-side
 * subscriptions and their deletions), as opaque text records (the transport writes and reads their JSON), one
 * Chronicle excerpt per record, in {@code DIR/state/} beside the event journal's {@code DIR/events/}. A restart reads
 * every record in append order and re-applies them, so the last record about a thing wins.
 * <p>
 * <b>No retention</b>: files are never deleted, because a preference set a year ago is still in force. Records are
 * small and written only when a user or an operator changes something, so the log grows slowly; a restart reads it
 * all (about a microsecond per record).
 * <p>
 * Threads: one writer at a time ({@link #append}; the engine calls it from one stage thread); {@link #append} and
 * {@link #close} are {@code synchronized}, so a writer moving to another thread (an engine restarted on the same
 * journal, a test) is safe. {@link #readAll} and {@link #forEach} may be called from any thread; each reads
 * through its own tailer. Control path only: allocates per call.
 */
public final class StateLog implements AutoCloseable
{
    /** Name of the queue folder inside the journal directory. */
    public static final String FOLDER = "state";

    static
    {
        // before any Chronicle class initialises, in case the JVM flags were forgotten
        System.setProperty("chronicle.analytics.disable", "true");
    }

    private final Path folder;
    private final SingleChronicleQueue queue;
    private final boolean sync;
    private ExcerptAppender appender;
    private boolean closed;

    private StateLog(final Path folder, final SingleChronicleQueue queue, final boolean sync)
    {
        this.folder = folder;
        this.queue = queue;
        this.sync = sync;
    }

    /**
     * Opens (or creates) the log in {@code journalDirectory/state}. Allocates the queue.
     *
     * @param journalDirectory the journal directory {@code DIR}; created if missing
     * @param sync             true to force each record to the device before {@link #append} returns (the journal's
     *                         {@code sync} durability); false leaves it in the memory-mapped file
     * @return the open log
     * @throws IllegalArgumentException when {@code DIR/state} is a file or holds something other than a Chronicle
     *                                  queue
     * @throws UncheckedIOException     when the folder cannot be created
     */
    public static StateLog open(final Path journalDirectory, final boolean sync)
    {
        Objects.requireNonNull(journalDirectory, "journalDirectory");
        final Path folder = journalDirectory.toAbsolutePath().normalize().resolve(FOLDER);
        prepare(folder);
        final SingleChronicleQueue queue;
        try
        {
            // daily files: a state change is rare, so hourly files would be mostly empty
            queue = SingleChronicleQueueBuilder.binary(folder)
                .rollCycle(LegacyRollCycles.DAILY)
                .syncMode(sync ? SyncMode.SYNC : SyncMode.ASYNC)
                .build();
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException(folder + " could not be opened as a Chronicle queue: " + ex, ex);
        }
        return new StateLog(folder, queue, sync);
    }

    /** The queue's folder, {@code DIR/state}. */
    public Path directory()
    {
        return folder;
    }

    /**
     * Appends {@code record} as one excerpt; it is in the memory-mapped file (and on the device when opened with
     * {@code sync}) before this returns. One writer thread at a time. Allocates the appender on first use.
     *
     * @throws IllegalStateException when the log is closed
     */
    public synchronized void append(final String record)
    {
        Objects.requireNonNull(record, "record");
        if (closed)
        {
            throw new IllegalStateException("state log " + folder + " is closed");
        }
        if (appender == null)
        {
            appender = queue.createAppender();
            // calls are serialised by this object's monitor, not confined to one thread
            appender.singleThreadedCheckDisabled(true);
        }
        try (DocumentContext dc = appender.writingDocument())
        {
            try
            {
                dc.wire().getValueOut().text(record);
            }
            catch (final RuntimeException | Error ex)
            {
                dc.rollbackOnClose();
                throw ex;
            }
        }
        if (sync)
        {
            appender.sync();
        }
    }

    /** Every record, in append order. Any thread; allocates the list and the strings. */
    public List<String> readAll()
    {
        final List<String> records = new ArrayList<>();
        forEach(records::add);
        return records;
    }

    /**
     * Hands every record to {@code visitor} in append order, on the calling thread. Any thread; allocates each
     * string.
     *
     * @throws IllegalStateException when the log is closed or an excerpt is not a text record
     */
    public void forEach(final Consumer<String> visitor)
    {
        if (closed)
        {
            throw new IllegalStateException("state log " + folder + " is closed");
        }
        try (ExcerptTailer tailer = queue.createTailer())
        {
            tailer.toStart();
            while (true)
            {
                final String record;
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return;
                    }
                    record = dc.wire().getValueIn().text();
                    if (record == null)
                    {
                        throw new IllegalStateException("state log " + folder + ": excerpt " +
                            Long.toHexString(dc.index()) + " holds no text record");
                    }
                }
                visitor.accept(record);
            }
        }
    }

    /** Closes the queue. Idempotent; any thread. */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (appender != null)
        {
            appender.close();
        }
        queue.close();
    }

    private static void prepare(final Path folder)
    {
        if (Files.exists(folder) && !Files.isDirectory(folder))
        {
            throw new IllegalArgumentException(folder + " is not a directory, so it is not a state log");
        }
        try
        {
            if (Files.isDirectory(folder))
            {
                final List<String> names;
                try (Stream<Path> entries = Files.list(folder))
                {
                    names = entries.map(p -> p.getFileName().toString()).sorted().toList();
                }
                final boolean queueFiles = names.stream().anyMatch(n ->
                    n.equals(SingleChronicleQueue.QUEUE_METADATA_FILE) || n.endsWith(SingleChronicleQueue.SUFFIX));
                if (!names.isEmpty() && !queueFiles)
                {
                    throw new IllegalArgumentException(folder + " is not a Chronicle queue (no " +
                        SingleChronicleQueue.QUEUE_METADATA_FILE + " or *" + SingleChronicleQueue.SUFFIX +
                        " file) but holds " + names.subList(0, Math.min(5, names.size())));
                }
            }
            Files.createDirectories(folder);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot prepare " + folder + ": " + ex.getMessage(), ex);
        }
    }
}
