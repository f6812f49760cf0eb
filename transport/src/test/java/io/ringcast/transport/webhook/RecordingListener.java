package io.ringcast.transport.webhook;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.ringcast.journal.deadletter.DeadLetterReason;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Queues each delivery outcome so a test can wait for it. */
final class RecordingListener implements WebhookListener
{
    /** One outcome; {@code reason} is null for a delivered one. */
    record Outcome(String deliveryId, String subscriptionId, DeadLetterReason reason, int attempts, String error)
    {
    }

    private final BlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();

    @Override
    public void delivered(final String deliveryId, final String subscriptionId, final int attempts)
    {
        outcomes.add(new Outcome(deliveryId, subscriptionId, null, attempts, null));
    }

    @Override
    public void deadLettered(final String deliveryId, final String subscriptionId, final DeadLetterReason reason,
        final int attempts, final String error)
    {
        outcomes.add(new Outcome(deliveryId, subscriptionId, reason, attempts, error));
    }

    /** The next outcome, waiting up to 10 s; fails the test when none comes. */
    Outcome next() throws InterruptedException
    {
        final Outcome o = outcomes.poll(10, TimeUnit.SECONDS);
        assertNotNull(o, "no webhook outcome within 10 s");
        return o;
    }

    /** Outcomes recorded and not yet taken. */
    int size()
    {
        return outcomes.size();
    }
}
