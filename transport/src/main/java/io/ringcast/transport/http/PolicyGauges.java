package io.ringcast.transport.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The delivery-policy numbers {@code /metrics} and {@code /health} report that live outside the engine: webhook
 * delivery counters, each webhook endpoint's circuit breaker state and the dead-letter queue's size against its
 * alert threshold. The webhook dispatcher and the dead-letter store implement it; {@link #NONE} reports zeros.
 * <p>
 * Called at scrape and health-check time from the HTTP API's worker thread: implementations must be thread safe,
 * should be cheap and must not block for long. Counters only grow.
 */
public interface PolicyGauges
{
    /** Reports nothing: no webhooks, an empty dead-letter queue, no threshold. */
    PolicyGauges NONE = new PolicyGauges()
    {
    };

    /** Circuit state of an endpoint that refuses deliveries until its cool-down ends. */
    String OPEN = "open";
    /** Circuit state of an endpoint taking deliveries. */
    String CLOSED = "closed";
    /** Circuit state of an endpoint being tried again with one delivery. */
    String HALF_OPEN = "half_open";

    /** Webhook POSTs attempted (first attempts and retries). */
    default long webhookAttempts()
    {
        return 0;
    }

    /** Webhook batches delivered (answered 2xx). */
    default long webhookDelivered()
    {
        return 0;
    }

    /** Webhook attempts that failed (an error status, a timeout, a refused connection). */
    default long webhookFailures()
    {
        return 0;
    }

    /** Webhook retries scheduled. */
    default long webhookRetries()
    {
        return 0;
    }

    /** Webhook batches given up and sent to the dead-letter queue. */
    default long webhookDeadLettered()
    {
        return 0;
    }

    /**
     * Each webhook endpoint ({@code scheme://host:port}) and its circuit state: {@link #CLOSED}, {@link #OPEN} or
     * {@link #HALF_OPEN}.
     */
    default Map<String, String> circuitStates()
    {
        return Map.of();
    }

    /**
     * Server-side subscriptions' batches so far by where they went: {@code session}, {@code webhook},
     * {@code fallback}, {@code offline} (dead-lettered), {@code dropped}.
     */
    default Map<String, Long> serverSideBatches()
    {
        return Map.of();
    }

    /** Live letters in the dead-letter queue. */
    default long deadLetters()
    {
        return 0;
    }

    /** Dead letters above which the server reports itself degraded; 0 or less for no threshold. */
    default long deadLetterThreshold()
    {
        return 0;
    }

    /**
     * Why the server is degraded, empty when it is not: {@code "circuit open: http://host:port"} per open circuit
     * (sorted), and {@code "dead letters N > threshold T"}. Allocates.
     */
    default List<String> degradedReasons()
    {
        final List<String> reasons = new ArrayList<>();
        for (final Map.Entry<String, String> e : new TreeMap<>(circuitStates()).entrySet())
        {
            if (OPEN.equals(e.getValue()))
            {
                reasons.add("circuit open: " + e.getKey());
            }
        }
        final long threshold = deadLetterThreshold();
        final long letters = deadLetters();
        if (threshold > 0 && letters > threshold)
        {
            reasons.add("dead letters " + letters + " > threshold " + threshold);
        }
        return reasons;
    }
}
