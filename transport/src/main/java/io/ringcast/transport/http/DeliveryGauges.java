package io.ringcast.transport.http;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.ringcast.engine.policy.CircuitBreaker;
import io.ringcast.journal.deadletter.DeadLetterStore;
import io.ringcast.transport.webhook.WebhookDispatcher;

/**
 * {@link PolicyGauges} of a running server: its webhook dispatcher's counters and circuits, and its dead-letter
 * store's size against an alert threshold. Any thread (the dispatcher's counters and circuit snapshot are thread
 * safe; the store's size takes its lock briefly).
 */
public final class DeliveryGauges implements PolicyGauges
{
    private final WebhookDispatcher webhooks;
    private final DeadLetterStore deadLetters;
    private final long threshold;
    private final Supplier<Map<String, Long>> serverSideBatches;

    /**
     * @param webhooks    the dispatcher, or null when webhooks are off
     * @param deadLetters the dead-letter store, or null
     * @param threshold   dead letters above which {@code /health} says degraded; 0 for none
     * @param serverSideBatches where server-side subscriptions' batches went (the WebSocket server's counts)
     */
    public DeliveryGauges(final WebhookDispatcher webhooks, final DeadLetterStore deadLetters, final long threshold,
        final Supplier<Map<String, Long>> serverSideBatches)
    {
        this.webhooks = webhooks;
        this.deadLetters = deadLetters;
        this.threshold = threshold;
        this.serverSideBatches = serverSideBatches;
    }

    @Override
    public Map<String, Long> serverSideBatches()
    {
        return serverSideBatches.get();
    }

    @Override
    public long webhookAttempts()
    {
        return webhooks == null ? 0 : webhooks.attempts();
    }

    @Override
    public long webhookDelivered()
    {
        return webhooks == null ? 0 : webhooks.delivered();
    }

    @Override
    public long webhookFailures()
    {
        return webhooks == null ? 0 : webhooks.failures();
    }

    @Override
    public long webhookRetries()
    {
        return webhooks == null ? 0 : webhooks.retries();
    }

    @Override
    public long webhookDeadLettered()
    {
        return webhooks == null ? 0 : webhooks.deadLettered();
    }

    @Override
    public Map<String, String> circuitStates()
    {
        if (webhooks == null)
        {
            return Map.of();
        }
        final Map<String, String> out = new TreeMap<>();
        for (final Map.Entry<String, CircuitBreaker.State> e : webhooks.circuitStates().entrySet())
        {
            out.put(e.getKey(), switch (e.getValue())
            {
                case OPEN -> OPEN;
                case HALF_OPEN -> HALF_OPEN;
                case CLOSED -> CLOSED;
            });
        }
        return out;
    }

    @Override
    public long deadLetters()
    {
        return deadLetters == null ? 0 : deadLetters.size();
    }

    @Override
    public long deadLetterThreshold()
    {
        return threshold;
    }
}
