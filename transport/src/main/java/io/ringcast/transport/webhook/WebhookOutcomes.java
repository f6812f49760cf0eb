package io.ringcast.transport.webhook;

import java.util.concurrent.atomic.AtomicLong;

import io.ringcast.engine.util.EngineClock;
import io.ringcast.journal.deadletter.DeadLetterReason;
import io.ringcast.journal.deadletter.DeadLetterStore;

/**
 * Records how webhook deliveries end: one dead letter per event of a batch given up, the listener told, the counters
 * kept. Called on the dispatcher thread (and on a submitting thread for a batch that arrives after close); the
 * counters may be read from any thread.
 */
final class WebhookOutcomes
{
    private static final System.Logger LOG = System.getLogger(WebhookOutcomes.class.getName());

    private final DeadLetterStore store;
    private final EngineClock clock;
    private final WebhookListener listener;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong deadLetteredEvents = new AtomicLong();

    WebhookOutcomes(final DeadLetterStore store, final EngineClock clock, final WebhookListener listener)
    {
        this.store = store;
        this.clock = clock;
        this.listener = listener;
    }

    /** The endpoint took the delivery. */
    void delivered(final WebhookDelivery delivery)
    {
        delivered.incrementAndGet();
        try
        {
            listener.delivered(delivery.id, delivery.subscriptionId, delivery.attempts);
        }
        catch (final RuntimeException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "webhook listener failed on a delivery", ex);
        }
    }

    /**
     * Writes one letter per event: first and last times are those of the first and last attempts, or of the submit
     * and now when no attempt was made. A store failure is logged per event and does not stop the others.
     */
    void deadLetter(final WebhookDelivery delivery, final DeadLetterReason reason, final String error)
    {
        final long first = delivery.firstMillis();
        final long last = Math.max(first, delivery.attempts == 0 ? clock.epochMillis() : delivery.lastAttemptMillis);
        for (final long seq : delivery.seqs)
        {
            try
            {
                store.add(delivery.subscriptionId, delivery.clientId, seq, reason, delivery.attempts, first, last,
                    error);
                deadLetteredEvents.incrementAndGet();
            }
            catch (final RuntimeException ex)
            {
                LOG.log(System.Logger.Level.ERROR, "could not dead-letter seq " + seq + " of webhook delivery " +
                    delivery.id + " (" + reason.code() + ": " + error + ")", ex);
            }
        }
        deadLettered.incrementAndGet();
        try
        {
            listener.deadLettered(delivery.id, delivery.subscriptionId, reason, delivery.attempts, error);
        }
        catch (final RuntimeException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "webhook listener failed on a dead letter", ex);
        }
    }

    long delivered()
    {
        return delivered.get();
    }

    long deadLettered()
    {
        return deadLettered.get();
    }

    long deadLetteredEvents()
    {
        return deadLetteredEvents.get();
    }
}
