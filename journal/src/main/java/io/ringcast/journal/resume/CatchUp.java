package io.ringcast.journal.resume;

import java.util.concurrent.Executor;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.IntArrayList;

import io.ringcast.engine.assemble.Batch;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalQuery;

/**
 * Brings one resuming subscription from the last seq its subscriber saw to live delivery with no gap and no
 * duplicate, while events keep arriving.
 * <p>
 * How: the subscription is added to the engine as usual; the engine answers "subscribed" with the head seq
 * {@code S} at which it took effect, so every live batch it delivers holds events after {@code S}. Until the
 * catch-up ends, the delivery adapter hands those batches to {@link #offer}, which copies them into a bounded
 * buffer. {@link #start} replays the journal from {@code since + 1} to {@code S} on a catch-up thread, then
 * sends what was buffered, then switches to live: from then on {@link #offer} answers false and the adapter
 * delivers directly. A lock is taken only while catching up.
 * <p>
 * Gaps: when the journal no longer holds {@code since + 1} (retention), a gap {@code (since + 1, first - 1)}
 * goes first and replay starts at the first held event; when the subscriber's epoch is not the journal's,
 * its seqs mean nothing here: a gap {@code (1, S)} goes first and delivery continues live from {@code S + 1}.
 */
public final class CatchUp
{
    private enum State
    {
        WAITING, REPLAYING, LIVE, OVERFLOWED
    }

    private final ChronicleJournal journal;
    private final TopicPattern pattern;
    private final Filter filter;
    private final long since;
    private final String epoch;
    private final CatchUpSink sink;
    private final int maxBufferedBytes;
    private final Object lock = new Object();
    private final ExpandableArrayBuffer buffered = new ExpandableArrayBuffer(4096);
    private final IntArrayList bufferedOffsets = new IntArrayList();
    private int bufferedLength;
    private volatile State state = State.WAITING;
    private long lastSent;

    /**
     * @param journal          the engine's journal
     * @param pattern          the subscription's topic pattern
     * @param filter           the subscription's filter, or null
     * @param since            the last seq the subscriber saw (0: none)
     * @param epoch            the journal epoch the subscriber's seqs belong to, or null when it has none
     * @param sink             the subscriber
     * @param maxBufferedBytes live bytes held while catching up before the catch-up gives up ({@link CatchUpSink#onOverflow})
     */
    public CatchUp(final ChronicleJournal journal, final TopicPattern pattern, final Filter filter, final long since,
        final String epoch, final CatchUpSink sink, final int maxBufferedBytes)
    {
        if (since < 0)
        {
            throw new IllegalArgumentException("since must be >= 0, was " + since);
        }
        this.journal = journal;
        this.pattern = pattern;
        this.filter = filter; // JournalQuery binds its own copy on the replay thread
        this.since = since;
        this.epoch = epoch;
        this.sink = sink;
        this.maxBufferedBytes = maxBufferedBytes;
    }

    /**
     * A live batch for the subscription (assemble thread). Returns true when the catch-up took it (buffered, or
     * dropped after an overflow); false once live, when the caller must deliver it itself.
     */
    public boolean offer(final Batch batch)
    {
        if (state == State.LIVE)
        {
            return false;
        }
        synchronized (lock)
        {
            if (state == State.LIVE)
            {
                return false;
            }
            if (state == State.OVERFLOWED)
            {
                return true;
            }
            for (int i = 0; i < batch.size(); i++)
            {
                final EventView view = batch.get(i).view();
                if (bufferedLength + view.length() > maxBufferedBytes)
                {
                    state = State.OVERFLOWED;
                    bufferedOffsets.clear();
                    bufferedLength = 0;
                    return true;
                }
                bufferedOffsets.addInt(bufferedLength);
                buffered.putBytes(bufferedLength, view.buffer(), view.offset(), view.length());
                bufferedLength += view.length();
            }
            return true;
        }
    }

    /** The subscription's topic pattern. */
    public TopicPattern pattern()
    {
        return pattern;
    }

    /** Where the catch-up goes. */
    public CatchUpSink sink()
    {
        return sink;
    }

    /** True once the subscription is live (replay and buffer sent). */
    public boolean isLive()
    {
        return state == State.LIVE;
    }

    /**
     * Starts the catch-up; call when the engine answered "subscribed" at {@code subscribedSeq}.
     *
     * @param executor runs the replay (not the engine's or an event loop's thread: it reads files)
     */
    public void start(final long subscribedSeq, final Executor executor)
    {
        synchronized (lock)
        {
            if (state != State.WAITING)
            {
                throw new IllegalStateException("catch-up already started");
            }
            state = State.REPLAYING;
        }
        executor.execute(() -> run(subscribedSeq));
    }

    private void run(final long subscribedSeq)
    {
        try
        {
            replay(subscribedSeq);
            drainThenGoLive(subscribedSeq);
        }
        catch (final Exception ex)
        {
            synchronized (lock)
            {
                state = State.OVERFLOWED;
            }
            sink.onFailure(ex);
        }
    }

    private void replay(final long head)
    {
        lastSent = since;
        if (epoch != null && !epoch.equals(journal.epoch()))
        {
            if (head >= 1)
            {
                sink.onGap(1, head);
            }
            lastSent = head;
            return;
        }
        if (since >= head)
        {
            if (since > head)
            {
                // the subscriber saw seqs this journal never kept (an unflushed tail lost in a crash)
                sink.onGap(head + 1, since);
            }
            lastSent = head;
            return;
        }
        final long first = journal.firstSeq();
        if (first == 0 || first > since + 1)
        {
            final long to = first == 0 ? head : Math.min(first - 1, head);
            sink.onGap(since + 1, to);
            lastSent = to;
        }
        JournalQuery.fromSeq(lastSent).toSeq(head).withTopic(pattern).withFilter(filter).run(journal, event ->
        {
            sink.onEvent(event);
            return true;
        });
        lastSent = head;
    }

    private void drainThenGoLive(final long head)
    {
        final ExpandableArrayBuffer chunk = new ExpandableArrayBuffer(4096);
        final IntArrayList offsets = new IntArrayList();
        final EventView view = new EventView(journal.limits());
        while (true)
        {
            final int length;
            synchronized (lock)
            {
                if (state == State.OVERFLOWED)
                {
                    sink.onOverflow();
                    return;
                }
                if (bufferedOffsets.isEmpty())
                {
                    // the sink hands its last history over first: offer() reads LIVE without the lock, and a live
                    // batch must not be sent before the history it follows
                    sink.onCaughtUp(lastSent);
                    state = State.LIVE;
                    return;
                }
                length = bufferedLength;
                chunk.putBytes(0, buffered, 0, length);
                offsets.clear();
                offsets.addAll(bufferedOffsets);
                bufferedOffsets.clear();
                bufferedLength = 0;
            }
            for (int i = 0; i < offsets.size(); i++)
            {
                final int start = offsets.getInt(i);
                final int end = i + 1 < offsets.size() ? offsets.getInt(i + 1) : length;
                view.wrap(chunk, start, end - start);
                if (view.seq() > lastSent)
                {
                    sink.onEvent(view);
                    lastSent = view.seq();
                }
            }
        }
    }
}
