package io.ringcast.journal.deadletter;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.wire.WireOut;

import io.ringcast.journal.RollCycleNames;
import io.ringcast.journal.deadletter.DeadLetterRecords.Added;
import io.ringcast.journal.deadletter.DeadLetterRecords.LogRecord;
import io.ringcast.journal.deadletter.DeadLetterRecords.Purged;
import io.ringcast.journal.deadletter.DeadLetterRecords.Redriven;






/**
 * The dead-letter store: failed deliveries, kept in the Chronicle queue {@code DIR/dead-letters/} next to
 * the event journal {@code DIR/events/}, listed, re-driven once, purged and expired by retention.
 * <p>
 * Chronicle is append-only, so the queue is a log of records: <em>added</em> (a whole letter),
 * <em>redriven</em> (id, time) and <em>purged</em> (a time); see {@link DeadLetterRecords}. The store
 * keeps an in-memory index of the live letters, rebuilt by reading the whole queue on {@link #open}.
 * <b>Memory</b>: about 300 bytes per live letter plus two bytes per character of its subscription id,
 * client id and error text (a {@link TreeMap} entry, the {@link DeadLetter} and its strings); dead
 * letters are rare compared with events, so 100,000 letters with error texts of about 60 characters take about 50 MB.
 * <p>
 * <b>Retention and file deletion.</b> A letter is live until it is purged or its roll-cycle file is
 * past retention (the whole cycle ended more than {@code retention} ago), as for the event journal.
 * Roll-cycle files are deleted oldest first, and only while every letter ever added to them is no
 * longer live; the file holding the newest record is never deleted. Because only a prefix of the log
 * is ever deleted, every re-drive mark and purge marker that concerns a live letter is kept (it sits in
 * the same or a later file than the letter); and every record carries the highest id so far, so ids
 * continue after a restart even when all letters are gone. Files are cleaned on {@link #open}, on
 * {@link #purgeOlderThan} and when {@link #add} rolls to a new cycle.
 * <p>
 * <b>Threads</b>: every method may be called from any thread; they are {@code synchronized}, which is
 * fine because failures are rare. None of this is on the hot path. One process should own a store
 * folder for writing; the index does not see records appended by another process after {@code open}.
 */
public final class DeadLetterStore implements AutoCloseable
{
    /** Name of the queue folder inside the journal directory. */
    public static final String FOLDER = "dead-letters";
    /** Longest last-error text kept per letter, in characters. */
    public static final int MAX_ERROR_LENGTH = 4096;

    static
    {
        // Must be set before Chronicle's classes initialise; the store may be the first to touch them.
        System.setProperty("chronicle.analytics.disable", "true");
    }

    /** A live letter and the roll cycle of the file its {@code added} record is in. */
    private record Entry(DeadLetter letter, int cycle)
    {
    }

    private final SingleChronicleQueue queue;
    private final ExcerptAppender appender;
    private final RollCycle rollCycle;
    private final Path folder;
    private final long retentionMillis;
    private final Clock clock;
    private final TreeMap<Long, Entry> letters = new TreeMap<>();
    private final CycleFiles cycleFiles = new CycleFiles();
    private long highId;
    private int lastRecordCycle = Integer.MIN_VALUE;
    private boolean closed;

    private DeadLetterStore(
        final SingleChronicleQueue queue, final Path folder, final Duration retention, final Clock clock)
    {
        this.queue = queue;
        this.folder = folder;
        this.rollCycle = queue.rollCycle();
        this.retentionMillis = retention.toMillis();
        this.clock = clock;
        this.appender = queue.createAppender();
        // Calls are serialised by this object's monitor, not confined to one thread.
        this.appender.singleThreadedCheckDisabled(true);
    }

    /**
     * Opens (or creates) the store in {@code journalDirectory/dead-letters}, reads the whole queue to
     * rebuild the index, then deletes files no longer needed. Allocates the index (see the class doc).
     *
     * @param journalDirectory the journal directory {@code DIR}; created if missing.
     * @param rollCycle        a Chronicle roll-cycle name, e.g. {@code HOURLY}, {@code FAST_DAILY},
     *                         {@code TEST_SECONDLY}; an existing queue keeps the cycle it was created with.
     * @param retention        how long roll-cycle files are kept; positive.
     * @param clock            the time source for roll cycles, retention and re-drive times.
     * @return the open store.
     * @throws IllegalArgumentException if {@code DIR} or {@code DIR/dead-letters} exists and is not a
     *                                  directory, or {@code DIR/dead-letters} holds something other than a
     *                                  Chronicle queue, or an argument is invalid.
     * @throws IllegalStateException    if the queue holds documents that are not dead-letter records.
     * @throws UncheckedIOException     if the folders cannot be created or read.
     */
    public static DeadLetterStore open(
        final Path journalDirectory, final String rollCycle, final Duration retention, final Clock clock)
    {
        Objects.requireNonNull(journalDirectory, "journalDirectory");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(clock, "clock");
        final RollCycle cycle = RollCycleNames.resolve(rollCycle);
        if (retention.isNegative() || retention.isZero())
        {
            throw new IllegalArgumentException("retention must be positive: " + retention);
        }
        final Path folder = journalDirectory.resolve(FOLDER);
        DeadLetterFolder.prepare(journalDirectory, folder);

        final SingleChronicleQueue queue;
        try
        {
            queue = SingleChronicleQueueBuilder.binary(folder)
                .rollCycle(cycle)
                .timeProvider(clock::millis)
                .build();
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalArgumentException(folder + " could not be opened as a Chronicle queue: " + ex, ex);
        }
        try
        {
            final DeadLetterStore store = new DeadLetterStore(queue, folder, retention, clock);
            store.rebuild();
            store.cleanFiles();
            return store;
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
    }

    /**
     * Records a failed delivery under the next id. The record is in the queue (memory-mapped file)
     * before this returns. Any thread. Allocates the letter and the index entry.
     *
     * @param subscriptionId     the subscription; non-blank.
     * @param clientId           the client; non-blank.
     * @param seq                the event's journal sequence.
     * @param reason             why delivery was given up.
     * @param attempts           attempts made; 0 or more.
     * @param firstFailureMillis first failure, epoch ms.
     * @param lastFailureMillis  last failure, epoch ms; not before the first.
     * @param lastError          the last error text; {@code null} is stored as empty, and text past
     *                           {@link #MAX_ERROR_LENGTH} characters is cut (with a marker), so a webhook
     *                           answering with a huge body cannot bloat the store.
     * @return the stored letter with its id.
     * @throws IllegalArgumentException naming an invalid argument.
     * @throws NullPointerException     if {@code reason} is null.
     * @throws IllegalStateException    if the store is closed.
     */
    public synchronized DeadLetter add(
        final String subscriptionId,
        final String clientId,
        final long seq,
        final DeadLetterReason reason,
        final int attempts,
        final long firstFailureMillis,
        final long lastFailureMillis,
        final String lastError)
    {
        ensureOpen();
        requireNonBlank(subscriptionId, "subscriptionId");
        requireNonBlank(clientId, "clientId");
        final DeadLetter letter = new DeadLetter(highId + 1, subscriptionId, clientId, seq, reason, attempts,
            firstFailureMillis, lastFailureMillis, capped(lastError), 0);
        final int cycle = append(wire -> DeadLetterRecords.writeAdded(wire, letter));
        highId = letter.id();
        letters.put(letter.id(), new Entry(letter, cycle));
        if (recordWritten(cycle))
        {
            cleanFiles();
        }
        return letter;
    }

    private static String capped(final String error)
    {
        if (error == null)
        {
            return "";
        }
        return error.length() <= MAX_ERROR_LENGTH ? error :
            error.substring(0, MAX_ERROR_LENGTH) + "... (" + (error.length() - MAX_ERROR_LENGTH) + " more characters)";
    }

    /**
     * The live letters matching {@code query}, newest (highest id) first, one page of them. Any thread.
     * Walks the whole index: O(live letters); allocates the page.
     *
     * @param query filters and page.
     * @return the page and the total number of matches.
     */
    public synchronized DeadLetterPage list(final DeadLetterQuery query)
    {
        Objects.requireNonNull(query, "query");
        ensureOpen();
        expire();
        final long from = (long)query.page() * query.pageSize();
        final long to = from + query.pageSize();
        final List<DeadLetter> page = new ArrayList<>();
        long total = 0;
        for (final Entry entry : letters.descendingMap().values())
        {
            if (query.matches(entry.letter()))
            {
                if (total >= from && total < to)
                {
                    page.add(entry.letter());
                }
                total++;
            }
        }
        return new DeadLetterPage(page, total, query.page(), query.pageSize());
    }

    /**
     * The live letter {@code id}. Any thread. Allocates the {@link Optional}.
     *
     * @param id a letter id.
     * @return the letter, or empty if unknown, purged or past retention.
     */
    public synchronized Optional<DeadLetter> get(final long id)
    {
        ensureOpen();
        expire();
        final Entry entry = letters.get(id);
        return entry == null ? Optional.empty() : Optional.of(entry.letter());
    }

    /**
     * Records that letter {@code id} was re-driven now. The caller re-injects the delivery; this only
     * guarantees that a letter is re-driven at most once, also across restarts. Any thread.
     *
     * @param id a letter id.
     * @return the letter as now marked.
     * @throws NoSuchElementException if the letter is unknown, purged or past retention.
     * @throws IllegalStateException  if it was already re-driven (the message names when) or the store is closed.
     */
    public synchronized DeadLetter markRedriven(final long id)
    {
        ensureOpen();
        expire();
        final Entry entry = letters.get(id);
        if (entry == null)
        {
            throw new NoSuchElementException("no dead letter " + id + " (unknown, purged or past retention)");
        }
        if (entry.letter().redriven())
        {
            throw new IllegalStateException("dead letter " + id + " was already re-driven at " +
                Instant.ofEpochMilli(entry.letter().redrivenMillis()));
        }
        // 0 means "not re-driven", so a clock reading of 0 is recorded as 1 ms.
        final long at = Math.max(1L, clock.millis());
        final long high = highId;
        final int cycle = append(wire -> DeadLetterRecords.writeRedriven(wire, id, at, high));
        final DeadLetter marked = entry.letter().withRedriven(at);
        letters.put(id, new Entry(marked, entry.cycle()));
        if (recordWritten(cycle))
        {
            cleanFiles();
        }
        return marked;
    }

    /**
     * Removes every live letter whose last failure is before {@code epochMillis}, records that in the
     * queue (so it holds after a restart) and deletes the roll-cycle files no longer needed. Any thread.
     *
     * @param epochMillis letters with {@code lastFailureMillis < epochMillis} are removed.
     * @return how many letters were removed.
     */
    public synchronized int purgeOlderThan(final long epochMillis)
    {
        ensureOpen();
        expire();
        int count = 0;
        for (final Entry entry : letters.values())
        {
            if (entry.letter().lastFailureMillis() < epochMillis)
            {
                count++;
            }
        }
        final long high = highId;
        final int cycle = append(wire -> DeadLetterRecords.writePurged(wire, epochMillis, high));
        removePurged(epochMillis);
        recordWritten(cycle);
        cleanFiles();
        return count;
    }

    /**
     * Number of live letters. Any thread.
     *
     * @return live letters (not purged, not past retention), re-driven ones included.
     */
    public synchronized long size()
    {
        ensureOpen();
        expire();
        return letters.size();
    }

    /** Closes the queue. Idempotent; any thread. Other methods then throw {@link IllegalStateException}. */
    @Override
    public synchronized void close()
    {
        if (!closed)
        {
            closed = true;
            appender.close();
            queue.close();
        }
    }

    private void rebuild()
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            boolean more = true;
            while (more)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    more = dc.isPresent();
                    if (more)
                    {
                        final long index = dc.index();
                        final int cycle = rollCycle.toCycle(index);
                        cycleFiles.note(cycle, tailer.currentFile());
                        apply(DeadLetterRecords.read(dc.wire(), index, folder), cycle);
                    }
                }
            }
        }
    }

    private void apply(final LogRecord record, final int cycle)
    {
        highId = Math.max(highId, record.highId());
        recordWritten(cycle);
        if (record instanceof Added added)
        {
            letters.put(added.letter().id(), new Entry(added.letter(), cycle));
        }
        else if (record instanceof Redriven redriven)
        {
            final Entry entry = letters.get(redriven.id());
            if (entry != null && !entry.letter().redriven())
            {
                letters.put(redriven.id(), new Entry(entry.letter().withRedriven(redriven.atMillis()), entry.cycle()));
            }
        }
        else if (record instanceof Purged purged)
        {
            removePurged(purged.beforeMillis());
        }
    }

    private int append(final Consumer<WireOut> writer)
    {
        try (DocumentContext dc = appender.writingDocument())
        {
            try
            {
                writer.accept(dc.wire());
            }
            catch (final RuntimeException | Error ex)
            {
                dc.rollbackOnClose();
                throw ex;
            }
        }
        final int cycle = rollCycle.toCycle(appender.lastIndexAppended());
        cycleFiles.note(cycle, appender.currentFile());
        return cycle;
    }

    /** Notes the cycle of the newest record; true if it is a new cycle (the queue rolled). */
    private boolean recordWritten(final int cycle)
    {
        if (cycle > lastRecordCycle)
        {
            lastRecordCycle = cycle;
            return true;
        }
        return false;
    }

    private void removePurged(final long beforeMillis)
    {
        letters.values().removeIf(entry -> entry.letter().lastFailureMillis() < beforeMillis);
    }

    /** Drops letters whose file is past retention; cycles grow with ids, so they are at the front. */
    private void expire()
    {
        final long horizon = clock.millis() - retentionMillis;
        final int firstRetainedCycle = rollCycle.current(() -> horizon, queue.epoch());
        Map.Entry<Long, Entry> oldest = letters.firstEntry();
        while (oldest != null && oldest.getValue().cycle() < firstRetainedCycle)
        {
            letters.pollFirstEntry();
            oldest = letters.firstEntry();
        }
    }

    /** Deletes, oldest first, the files before both the oldest live letter's file and the newest file. */
    private void cleanFiles()
    {
        expire();
        int limit = lastRecordCycle;
        for (final Entry entry : letters.values())
        {
            limit = Math.min(limit, entry.cycle());
        }
        if (cycleFiles.deleteBefore(limit))
        {
            queue.refreshDirectoryListing();
        }
    }

    private void ensureOpen()
    {
        if (closed)
        {
            throw new IllegalStateException("dead-letter store " + folder + " is closed");
        }
    }

    private static void requireNonBlank(final String value, final String name)
    {
        if (value == null || value.isBlank())
        {
            throw new IllegalArgumentException(name + " must be non-blank");
        }
    }
}
