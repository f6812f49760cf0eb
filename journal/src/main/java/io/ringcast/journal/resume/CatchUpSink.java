package io.ringcast.journal.resume;

import io.ringcast.engine.event.EventView;

/**
 * Where a resuming subscription's catch-up goes: the subscriber's connection. Calls come from the
 * catch-up thread, one at a time, in this order: at most one {@link #onGap}, the replayed and then the
 * buffered events in seq order, and finally {@link #onCaughtUp} (or {@link #onOverflow} / {@link #onFailure}).
 * After {@link #onCaughtUp} the delivery adapter sends live batches itself.
 */
public interface CatchUpSink
{
    /** History the subscriber expected is gone (retention, or a journal of another epoch): seqs from..to. */
    void onGap(long fromSeq, long toSeq);

    /** One event, replayed from the journal or held back while the replay ran; the view is valid during the call. */
    void onEvent(EventView event);

    /** Every event up to {@code lastSeq} went out; live batches flow directly from now on. */
    void onCaughtUp(long lastSeq);

    /** Live traffic outran the catch-up buffer; the subscriber should reconnect and resume again. */
    void onOverflow();

    /** The journal could not be read. */
    void onFailure(Exception cause);
}
