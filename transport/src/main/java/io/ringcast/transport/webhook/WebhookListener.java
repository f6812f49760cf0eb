package io.ringcast.transport.webhook;

import io.ringcast.journal.deadletter.DeadLetterReason;

/**
 * Told how each webhook delivery ended: for logs, per-subscription metrics and tests. Called on the dispatcher's
 * thread (on the submitting thread for a batch submitted after close), after the outcome is recorded (dead letters
 * are in the store); an implementation must be quick and must not block. An exception it throws is logged and
 * otherwise ignored.
 */
public interface WebhookListener
{
    /** Listens to nothing. */
    WebhookListener NONE = new WebhookListener()
    {
    };

    /**
     * A delivery was accepted by its endpoint (2xx).
     *
     * @param deliveryId     the delivery's {@code X-Ringcast-Delivery} id.
     * @param subscriptionId the subscription it was for.
     * @param attempts       attempts it took, from 1.
     */
    default void delivered(final String deliveryId, final String subscriptionId, final int attempts)
    {
    }

    /**
     * A delivery was given up and each of its events written to the dead-letter store.
     *
     * @param deliveryId     the delivery's id.
     * @param subscriptionId the subscription it was for.
     * @param reason         why it was given up.
     * @param attempts       attempts made, 0 when none could be made.
     * @param error          the error text stored with the letters.
     */
    default void deadLettered(final String deliveryId, final String subscriptionId, final DeadLetterReason reason,
        final int attempts, final String error)
    {
    }
}
