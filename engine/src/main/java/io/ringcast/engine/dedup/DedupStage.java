package io.ringcast.engine.dedup;

import com.lmax.disruptor.EventHandler;

import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.event.EventSlot;
import io.ringcast.engine.metrics.EngineMetrics;
import io.ringcast.engine.util.EngineClock;
import io.ringcast.engine.util.Hashing;

/**
 * Dedup stage, the first on the ring: drops repeats of a dedup key inside its window and gives every
 * accepted event the next seq. A command gets the current head seq (the point from which it applies).
 * <p>
 * Owns the {@link DedupWindow} and the head seq; nothing else touches them, so there are no locks.
 */
public final class DedupStage implements EventHandler<EventSlot>
{
    // per-process secret: publishers choose key bytes, and an unseeded hash would let them pile keys into one slot
    private final long seed = new java.security.SecureRandom().nextLong();
    private final DedupWindow window;
    private final EngineClock clock;
    private final EngineMetrics metrics;
    private long head;

    /**
     * @param window  the keys held
     * @param headSeq the journal's head at start; the first accepted event gets headSeq + 1
     */
    public DedupStage(final DedupWindow window, final long headSeq, final EngineClock clock, final EngineMetrics metrics)
    {
        if (headSeq < 0)
        {
            throw new IllegalArgumentException("journal head seq must be >= 0, was " + headSeq);
        }
        this.window = window;
        this.head = headSeq;
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        final EventKind kind = slot.kind();
        if (kind == EventKind.PUBLISH)
        {
            metrics.published.increment();
            final long key = Hashing.combine(seed, slot.dedupKeyHash());
            final long original = window.checkAndInsert(key, head + 1, clock.nanoTime());
            if (original == DedupWindow.NOT_FOUND)
            {
                slot.seq(++head, false);
                metrics.accepted.increment();
            }
            else
            {
                slot.seq(original, true);
                metrics.duplicates.increment();
            }
        }
        else if (kind == EventKind.REDRIVE)
        {
            slot.seq(slot.view().seq(), false); // an old event keeps its own seq
        }
        else if (kind != EventKind.NOOP)
        {
            slot.seq(head, false);
        }
        if (endOfBatch)
        {
            metrics.dedupKeys.set(window.size());
            metrics.dedupExpiredEvictions.set(window.expiredEvictions());
            metrics.dedupEarlyEvictions.set(window.earlyEvictions());
        }
    }

    /** The last seq assigned. Stage thread only (tests read it after the ring drained). */
    public long head()
    {
        return head;
    }
}
