package io.ringcast.engine.journal;

import com.lmax.disruptor.EventHandler;

import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.event.EventSlot;
import io.ringcast.engine.event.PublishCallback;
import io.ringcast.engine.metrics.EngineMetrics;
import io.ringcast.engine.metrics.RejectReason;

/**
 * Journal stage: appends every accepted event to the {@link JournalPort}, flushes at the end of each ring
 * batch, and only then tells the publishers (accepted, duplicate or failed): an ACK never precedes the
 * write it promises. Runs in parallel with the match stage, after dedup.
 * <p>
 * Owns its thread's state: the outcomes of the current batch wait in preallocated arrays sized to the
 * ring, so nothing is allocated per event.
 */
public final class JournalStage implements EventHandler<EventSlot>
{
    private static final byte ACCEPTED = 0;
    private static final byte DUPLICATE = 1;
    private static final byte FAILED = 2;

    private final JournalPort journal;
    private final EngineMetrics metrics;
    private final EventSlot[] slots;
    private final byte[] outcomes;
    private final String[] failures;
    private int pending;

    /** A stage writing to {@code journal}; {@code ringSize} bounds how many outcomes one batch can hold. */
    public JournalStage(final JournalPort journal, final EngineMetrics metrics, final int ringSize)
    {
        this.journal = journal;
        this.metrics = metrics;
        slots = new EventSlot[ringSize];
        outcomes = new byte[ringSize];
        failures = new String[ringSize];
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        if (slot.kind() == EventKind.PUBLISH)
        {
            if (slot.duplicate())
            {
                remember(slot, DUPLICATE, null);
            }
            else
            {
                try
                {
                    journal.append(slot.view());
                    metrics.journaled.increment();
                    remember(slot, ACCEPTED, null);
                }
                catch (final RuntimeException ex)
                {
                    slot.journalFailed(true);
                    metrics.reject(RejectReason.JOURNAL_FAILED);
                    remember(slot, FAILED, "journal append failed: " + ex.getMessage());
                }
            }
        }
        if (endOfBatch || pending == slots.length)
        {
            flushAndAnswer();
        }
    }

    private void remember(final EventSlot slot, final byte outcome, final String failure)
    {
        // The slot stays ours until this stage's sequence passes it, which happens after the batch's flush.
        final int i = pending++;
        slots[i] = slot;
        outcomes[i] = outcome;
        failures[i] = failure;
    }

    private void flushAndAnswer()
    {
        String flushFailure = null;
        try
        {
            journal.flush();
        }
        catch (final RuntimeException ex)
        {
            // The bytes are in the journal's file but not forced: report it rather than promise durability.
            flushFailure = "journal flush failed: " + ex.getMessage();
        }
        for (int i = 0; i < pending; i++)
        {
            final EventSlot slot = slots[i];
            slots[i] = null;
            if (outcomes[i] == ACCEPTED && flushFailure != null)
            {
                slot.journalFailed(true);
                metrics.reject(RejectReason.JOURNAL_FAILED);
            }
            final PublishCallback callback = slot.callback();
            final String failure = failures[i];
            failures[i] = null;
            if (callback == null)
            {
                continue;
            }
            try
            {
                switch (outcomes[i])
                {
                    case ACCEPTED:
                        if (flushFailure == null)
                        {
                            callback.onAccepted(slot.correlationId(), slot.seq());
                        }
                        else
                        {
                            callback.onFailed(slot.correlationId(), flushFailure);
                        }
                        break;
                    case DUPLICATE:
                        callback.onDuplicate(slot.correlationId(), slot.seq());
                        break;
                    default:
                        callback.onFailed(slot.correlationId(), failure);
                        break;
                }
            }
            catch (final RuntimeException ex)
            {
                // A publisher's callback must not stop the stage or the answers owed to other publishers.
                metrics.stageErrors.incrementShared();
            }
        }
        pending = 0;
    }

    @Override
    public void onShutdown()
    {
        flushAndAnswer();
    }
}
