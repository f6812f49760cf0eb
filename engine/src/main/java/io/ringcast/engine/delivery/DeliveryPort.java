package io.ringcast.engine.delivery;

import io.ringcast.engine.assemble.Batch;
import io.ringcast.engine.assemble.EventRecord;
import io.ringcast.engine.subscription.Subscription;

/**
 * The engine's port to its subscribers. Every method is called on the assemble stage's thread, in ring
 * order, and must not block: an adapter hands the batch to the subscriber's connection (its event loop)
 * and returns. A method that throws counts as a delivery error on the subscription; the engine goes on.
 */
public interface DeliveryPort
{
    /**
     * A closed batch for {@code batch.subscription()}. The batch and its records are valid only during the
     * call: copy what you keep, or attach a shared encoding to each record ({@link EventRecord#attachment}).
     */
    void deliver(Batch batch);

    /** The engine removed {@code subscription} (after which no batch for it will come). */
    void onSubscriptionClosed(Subscription subscription, CloseReason reason);

    /** No batch holds {@code record} any more: release whatever was attached to it. */
    default void release(final EventRecord record)
    {
    }

    /**
     * The end of a round of deliveries: the engine has no more batches at hand right now (end of a ring batch, a
     * timer round, shutdown), or it is about to tell a command's listener its outcome. An adapter that holds
     * deliveries back to hand them over in bulk must hand over everything now, so nothing waits for more traffic
     * and a command's answer never overtakes batches delivered before it.
     */
    default void endOfRound()
    {
    }

    /**
     * The engine gives up on delivering {@code record} to {@code subscription} (the delivery policies could hold
     * no more events): record it as a dead letter with {@code reason} (a stable lower-case code such as
     * {@code hold_capacity}) and {@code detail}. Must not block; copy what you keep.
     */
    default void undeliverable(final Subscription subscription, final EventRecord record, final String reason,
        final String detail)
    {
    }
}
