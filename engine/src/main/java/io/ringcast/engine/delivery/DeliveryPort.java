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
}
