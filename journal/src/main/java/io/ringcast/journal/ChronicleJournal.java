package io.ringcast.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

import org.agrona.DirectBuffer;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.journal.JournalPort;
import io.ringcast.engine.util.EngineClock;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * The engine's journal on Chronicle Queue: one excerpt per accepted event, holding the engine's encoded bytes
 * exactly (which carry the event's seq), in a queue rolled by time and trimmed by retention.
 * <p>
 * Folder layout: {@code DIR/ringcast-journal.properties} (format version, epoch, created time; written atomically
 * when the journal is created), {@code DIR/events/} (the Chronicle queue), {@code DIR/state/} (the {@link StateLog},
 * opened and closed with the journal, never trimmed by retention). Other folders in {@code DIR} belong to other
 * components ({@code dead-letters/}). A missing or empty {@code DIR} becomes a new journal; a non-empty one
 * without the properties file, or with another format, is refused: "DIR is not a Ringcast journal: ...".
 * <p>
 * On open the head seq is recovered by reading the last excerpt (no scan); the engine continues at
 * {@code headSeq() + 1}, so seq grows across restarts. Seqs appended must grow strictly (gaps are fine: the engine
 * skips a seq whose append failed); {@link JournalReader} relies on that to seek by binary search.
 * <p>
 * Threads: {@link #append}, {@link #flush} and {@link #appendState} belong to one thread, the engine's stage thread; {@link #headSeq},
 * {@link #firstSeq}, {@link #epoch} and {@link #newReader} may be called from any thread; each reader is then
 * confined to the thread that uses it. Close readers before the journal.
 */
public final class ChronicleJournal implements JournalPort, AutoCloseable
{
    private static final VarHandle HEAD;
    private static final boolean NATIVE_LE = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final long RETRY_MILLIS = 1000;

    static
    {
        try
        {
            HEAD = MethodHandles.lookup().findVarHandle(ChronicleJournal.class, "head", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final JournalConfig config;
    private final JournalFolder folder;
    private final EngineClock clock;
    private final SingleChronicleQueue queue;
    private final StateLog stateLog;
    private final CycleRetention retention;
    private final ReentrantLock positionLock = new ReentrantLock();
    private final CopyOnWriteArrayList<JournalReader> readers = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<Integer, CycleInfo> sealedCycles = new ConcurrentHashMap<>();
    private final boolean sync;

    @SuppressWarnings("unused") // written through HEAD
    private volatile long head;
    private volatile long firstSeq;
    private volatile boolean closed;

    // journal thread state
    private ExcerptAppender appender;
    private Thread appenderThread;
    private byte[] copyScratch = new byte[0];
    private int appenderCycle = Integer.MIN_VALUE;
    private boolean retentionPending;
    private long nextRetentionRetryMillis;

    private ChronicleJournal(final JournalConfig config, final EngineClock clock)
    {
        this.config = config;
        this.clock = clock;
        this.sync = config.durability() == Durability.SYNC;
        folder = JournalFolder.open(config.directory());
        retention = new CycleRetention(folder.eventsDirectory(), config.retention().toMillis());
        final SingleChronicleQueueBuilder builder = SingleChronicleQueueBuilder.binary(folder.eventsDirectory())
            .rollCycle(RollCycleNames.resolve(config.rollCycle()))
            .storeFileListener(retention)
            // SYNC: msync(MS_SYNC) on appender.sync(); ASYNC keeps Chronicle's default (MS_ASYNC hints only)
            .syncMode(sync ? SyncMode.SYNC : SyncMode.ASYNC);
        if (clock != EngineClock.SYSTEM)
        {
            builder.timeProvider(clock::epochMillis);
        }
        queue = builder.build();
        try
        {
            retention.bind(queue);
            HEAD.setVolatile(this, readBoundarySeq(TailerDirection.BACKWARD));
            firstSeq = readBoundarySeq(TailerDirection.FORWARD);
            enforceRetention();
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
        try
        {
            stateLog = StateLog.open(folder.directory(), sync);
        }
        catch (final RuntimeException ex)
        {
            queue.close();
            throw ex;
        }
    }

    /** Opens (creating when allowed) the journal described by {@code config}, on the system clock. */
    public static ChronicleJournal open(final JournalConfig config)
    {
        return open(config, EngineClock.SYSTEM);
    }

    /**
     * Opens the journal with the wall clock that decides roll cycles and retention: tests pass a
     * {@code ManualClock} so files roll and expire without waiting. Control path; allocates.
     *
     * @throws IllegalStateException when the folder is not a Ringcast journal (the message says why)
     */
    public static ChronicleJournal open(final JournalConfig config, final EngineClock clock)
    {
        // before any Chronicle class initialises, in case the JVM flags were forgotten
        System.setProperty("chronicle.analytics.disable", "true");
        return new ChronicleJournal(config, clock);
    }

    /** The random id fixed when this journal was created; a different epoch means a different history. */
    public String epoch()
    {
        return folder.epoch();
    }

    /** The highest seq held, 0 when the journal is empty. Any thread. */
    @Override
    public long headSeq()
    {
        return (long)HEAD.getAcquire(this);
    }

    /** The lowest seq still held (retention deletes old files), 0 when the journal is empty. Any thread. */
    public long firstSeq()
    {
        return firstSeq;
    }

    /** The codec limits readers of this journal validate against. */
    public CodecLimits limits()
    {
        return config.limits();
    }

    /** The configuration this journal was opened with. */
    public JournalConfig config()
    {
        return config;
    }

    /** The journal's data folder. */
    public Path directory()
    {
        return folder.directory();
    }

    /**
     * Appends the event's encoded bytes as one excerpt. Journal stage thread only. Allocation free in steady state
     * (the first call creates the appender; an event in an off-heap buffer is copied through a reused array).
     * On a roll to a new cycle, files past retention are deleted on this thread.
     *
     * @throws IllegalArgumentException when the event's seq is not above the head (nothing is written)
     */
    @Override
    public void append(final EventView event)
    {
        final long seq = event.seq();
        final long current = (long)HEAD.getOpaque(this);
        if (seq <= current)
        {
            throw new IllegalArgumentException("seq " + seq + " is not above the journal head " + current);
        }
        final Thread thread = Thread.currentThread();
        if (thread != appenderThread)
        {
            appenderThread = thread; // a new engine on this journal: hand Chronicle's thread check over
            if (appender == null)
            {
                appender = queue.createAppender();
            }
            appender.singleThreadedCheckReset();
        }
        final DirectBuffer buffer = event.buffer();
        final int length = event.length();
        final DocumentContext dc = appender.writingDocument();
        try
        {
            final Bytes<?> bytes = dc.wire().bytes();
            final byte[] array = buffer.byteArray();
            if (array != null)
            {
                bytes.write(array, buffer.wrapAdjustment() + event.offset(), length);
            }
            else
            {
                bytes.write(offHeapCopy(buffer, event.offset(), length), 0, length);
            }
        }
        catch (final RuntimeException | Error ex)
        {
            dc.rollbackOnClose();
            throw ex;
        }
        finally
        {
            dc.close();
        }
        HEAD.setRelease(this, seq); // ordered write: readers of headSeq see the excerpt first
        if (firstSeq == 0)
        {
            firstSeq = seq;
        }
        final int cycle = appender.cycle();
        if (cycle != appenderCycle)
        {
            appenderCycle = cycle;
            retentionPending = true;
            nextRetentionRetryMillis = 0;
        }
        if (retentionPending)
        {
            retryRetention();
        }
    }

    private byte[] offHeapCopy(final DirectBuffer buffer, final int offset, final int length)
    {
        if (copyScratch.length < length)
        {
            copyScratch = new byte[Math.max(length, copyScratch.length * 2)]; // grows to the largest event, then stays
        }
        buffer.getBytes(offset, copyScratch, 0, length);
        return copyScratch;
    }

    private void retryRetention()
    {
        final long now = clock.epochMillis();
        if (now < nextRetentionRetryMillis || !positionLock.tryLock())
        {
            return; // a reader is seeking: never block the journal thread, try again later
        }
        try
        {
            retentionPending = enforceRetentionLocked().blocked();
            nextRetentionRetryMillis = now + RETRY_MILLIS;
        }
        finally
        {
            positionLock.unlock();
        }
    }

    /**
     * End of a ring batch. ASYNC: nothing to do, the bytes are already in the mapped file. SYNC: forces the pages
     * written since the last flush to the device ({@code appender.sync()}, which calls {@code msync(MS_SYNC)} on the
     * current mapped chunk up to the write position because the queue was built with {@code SyncMode.SYNC}).
     * Journal stage thread only.
     */
    @Override
    public void flush()
    {
        if (sync && appender != null)
        {
            appender.sync();
        }
    }

    /**
     * Appends a state change (a user's preferences, a server-side subscription created or deleted) to the
     * {@link StateLog} in {@code DIR/state/}. The engine's stage thread, in ring order; throwing fails the command.
     * Allocates inside Chronicle on the first call.
     */
    @Override
    public void appendState(final String record)
    {
        stateLog.append(record);
    }

    /** The state log, for reading the state records back at start (before the ports open). Any thread. */
    public StateLog stateLog()
    {
        return stateLog;
    }

    /** A new reader positioned before the first held event. Any thread; the reader is then used by one thread. */
    public JournalReader newReader()
    {
        if (closed)
        {
            throw new IllegalStateException("journal " + directory() + " is closed");
        }
        final JournalReader reader = new JournalReader(this);
        readers.add(reader);
        return reader;
    }

    /**
     * Deletes the files past retention now (never a file a reader of this process still needs, never the newest).
     * Any thread; waits for a seek in progress. Allocates.
     *
     * @return the number of queue files deleted
     */
    public int enforceRetention()
    {
        positionLock.lock();
        try
        {
            return enforceRetentionLocked().deleted();
        }
        finally
        {
            positionLock.unlock();
        }
    }

    private CycleRetention.Outcome enforceRetentionLocked()
    {
        int pinned = Integer.MAX_VALUE;
        for (final JournalReader reader : readers)
        {
            pinned = Math.min(pinned, reader.pinnedCycle());
        }
        final CycleRetention.Outcome outcome = retention.enforce(clock.epochMillis(), pinned, queue.lastCycle());
        if (outcome.deleted() > 0)
        {
            queue.refreshDirectoryListing();
            final int first = queue.firstCycle();
            sealedCycles.keySet().removeIf(cycle -> cycle < first);
            firstSeq = readBoundarySeq(TailerDirection.FORWARD);
        }
        return outcome;
    }

    /** Closes the queue. Call after the engine stopped and the readers were closed. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (appender != null)
        {
            appender.singleThreadedCheckReset(); // the journal thread appended; this thread closes
            appender.close();
        }
        try
        {
            queue.close();
        }
        finally
        {
            stateLog.close();
        }
    }

    SingleChronicleQueue queue()
    {
        return queue;
    }

    ReentrantLock positionLock()
    {
        return positionLock;
    }

    /** What a search learned about a sealed cycle file, or null. Any thread. */
    CycleInfo cycleInfo(final int cycle)
    {
        return sealedCycles.get(cycle);
    }

    /** Remembers a sealed cycle file's shape for later searches. Any thread. */
    void cycleInfo(final int cycle, final CycleInfo info)
    {
        sealedCycles.put(cycle, info);
    }

    /**
     * The shape of one cycle file, fixed once a later file exists.
     *
     * @param count          excerpts in the file
     * @param firstSeq       seq of its first excerpt (0 when empty)
     * @param firstTimestamp timestamp of its first excerpt (0 when empty)
     */
    record CycleInfo(long count, long firstSeq, long firstTimestamp)
    {
    }

    void unregister(final JournalReader reader)
    {
        readers.remove(reader);
    }

    boolean isClosed()
    {
        return closed;
    }

    /** The seq of the first (FORWARD) or last (BACKWARD) excerpt, 0 when there is none. Reads one excerpt. */
    private long readBoundarySeq(final TailerDirection direction)
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            tailer.direction(direction);
            if (direction == TailerDirection.BACKWARD)
            {
                tailer.toEnd();
            }
            else
            {
                tailer.toStart();
            }
            try (DocumentContext dc = tailer.readingDocument())
            {
                return dc.isPresent() ? seqOf(dc.wire().bytes(), tailer.index()) : 0;
            }
        }
    }

    /** The seq in the excerpt {@code bytes} holds, read in place. */
    static long seqOf(final Bytes<?> bytes, final long index)
    {
        return headerLong(bytes, EventView.SEQ_OFFSET, index);
    }

    /** The timestamp in the excerpt {@code bytes} holds, read in place. */
    static long timestampOf(final Bytes<?> bytes, final long index)
    {
        return headerLong(bytes, EventView.TIMESTAMP_OFFSET, index);
    }

    private static long headerLong(final Bytes<?> bytes, final int offset, final long index)
    {
        if (bytes.readRemaining() < EventView.HEADER_LENGTH)
        {
            throw new IllegalStateException("journal excerpt " + Long.toHexString(index) + " has " +
                bytes.readRemaining() + " bytes, fewer than an event header");
        }
        final long v = bytes.readLong(bytes.readPosition() + offset);
        return NATIVE_LE ? v : Long.reverseBytes(v);
    }
}
