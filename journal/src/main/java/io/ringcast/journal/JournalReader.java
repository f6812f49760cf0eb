package io.ringcast.journal;

import java.util.concurrent.locks.ReentrantLock;

import org.agrona.ExpandableArrayBuffer;

import io.ringcast.engine.event.CodecError;
import io.ringcast.engine.event.EventView;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads a {@link ChronicleJournal} in order, from a seq or a time, and keeps up with the live tail: {@link #next}
 * answers false at the current end and true again once more events were appended.
 * <p>
 * Seeking never scans from the start: see {@link JournalSearch} (binary search over the cycle files, then the seq
 * offset within one, verified; O(log files + log excerpts) probes at worst, two when no seq was skipped). The search
 * holds the journal's position lock, so retention cannot delete a file under it.
 * <p>
 * Confined to one thread at a time (Chronicle tailers are single-threaded; the tailer is created on first use and
 * follows a handover to another thread). {@link #next} copies each event into a buffer the reader owns and
 * allocates nothing in steady state; a seek allocates a few small arrays.
 */
public final class JournalReader implements AutoCloseable
{
    private static final int NOT_POSITIONED = Integer.MAX_VALUE;

    private final ChronicleJournal journal;
    private final SingleChronicleQueue queue;
    private final JournalSearch search;
    private final ExpandableArrayBuffer copy = new ExpandableArrayBuffer(512);
    private ExcerptTailer tailer;
    private Thread owner;
    private boolean positioned;
    private long floorSeq = Long.MIN_VALUE;
    private long lastReadSeq;
    private volatile int pinnedCycle = NOT_POSITIONED;
    private boolean closed;

    JournalReader(final ChronicleJournal journal)
    {
        this.journal = journal;
        this.queue = journal.queue();
        this.search = new JournalSearch(journal);
    }

    /**
     * Positions the reader so that {@link #next} returns the first held event with a seq above {@code since}
     * (the first held event at all when {@code since} is below {@link ChronicleJournal#firstSeq()}; nothing until
     * such an event is appended when {@code since} is at or past the head). Reader thread; O(log n) probes.
     */
    public void seekAfterSeq(final long since)
    {
        seek(JournalSearch.Key.SEQ, since);
        floorSeq = since; // also skips any event at or below since appended in a race with the search
    }

    /**
     * Positions the reader at the boundary where timestamps reach {@code epochMillis}: {@link #next} returns the
     * event found by binary search, the first whose timestamp is {@code >= epochMillis} when timestamps never
     * decrease along the journal. Timestamps come from publishers and may be out of order; then the position is
     * still a boundary (the event before it is earlier than {@code epochMillis}, the one at it is not), but earlier
     * events may follow it and later ones may precede it: events are returned in journal order from there on,
     * unfiltered. Reader thread; O(log n) probes.
     */
    public void seekToTime(final long epochMillis)
    {
        seek(JournalSearch.Key.TIME, epochMillis);
        floorSeq = Long.MIN_VALUE;
    }

    /**
     * Wraps {@code view} over the next event. The bytes belong to this reader and stay valid until its next call.
     * Reader thread; allocation free in steady state.
     *
     * @return false at the current end of the journal (more may be appended later)
     * @throws IllegalStateException when an excerpt is not a valid event under the view's codec limits
     */
    public boolean next(final EventView view)
    {
        if (!positioned || Thread.currentThread() != owner)
        {
            takeOver();
        }
        while (true)
        {
            final int length;
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return false;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                length = (int)bytes.readRemaining();
                copy.checkLimit(length);
                bytes.read(copy.byteArray(), 0, length);
            }
            final int cycle = tailer.cycle();
            if (cycle != pinnedCycle)
            {
                pinnedCycle = cycle; // only ever moves forward here: frees older files for retention
            }
            if (length < EventView.HEADER_LENGTH)
            {
                throw corrupt("it has only " + length + " bytes");
            }
            if (copy.getLong(EventView.SEQ_OFFSET, java.nio.ByteOrder.LITTLE_ENDIAN) <= floorSeq)
            {
                continue;
            }
            if (view.wrap(copy, 0, length) != CodecError.NONE)
            {
                throw corrupt(view.errorMessage());
            }
            lastReadSeq = view.seq();
            return true;
        }
    }

    /** The seq of the last event {@link #next} returned; 0 before the first since the reader was created or sought. */
    public long lastReadSeq()
    {
        return lastReadSeq;
    }

    /** Releases the reader's tailer and its hold on queue files. Reader thread. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        pinnedCycle = NOT_POSITIONED;
        journal.unregister(this);
        if (tailer != null && !journal.isClosed())
        {
            tailer.singleThreadedCheckReset();
            tailer.close();
        }
    }

    /** The lowest cycle this reader may still read; retention keeps it and everything after. */
    int pinnedCycle()
    {
        return pinnedCycle;
    }

    /** Creates the tailer on first use, positions a new reader at the start, and follows a thread handover. */
    private void takeOver()
    {
        if (closed)
        {
            throw new IllegalStateException("reader is closed");
        }
        if (tailer == null)
        {
            tailer = queue.createTailer();
        }
        final Thread thread = Thread.currentThread();
        if (thread != owner)
        {
            owner = thread;
            tailer.singleThreadedCheckReset();
        }
        if (!positioned)
        {
            positioned = true;
            seek(JournalSearch.Key.FIRST, 0);
        }
    }

    private IllegalStateException corrupt(final String why)
    {
        return new IllegalStateException("journal " + journal.directory() + ": excerpt " +
            Long.toHexString(tailer.lastReadIndex()) + " is not a valid event: " + why);
    }

    private void seek(final JournalSearch.Key key, final long target)
    {
        positioned = true; // an explicit seek replaces the initial positioning at the start
        takeOver();
        final ReentrantLock lock = journal.positionLock();
        lock.lock();
        try
        {
            search.position(tailer, key, target);
            lastReadSeq = 0;
            final int cycle = tailer.cycle();
            pinnedCycle = cycle != Integer.MIN_VALUE ? cycle : queue.firstCycle();
        }
        finally
        {
            lock.unlock();
        }
    }
}
