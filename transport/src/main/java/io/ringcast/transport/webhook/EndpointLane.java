package io.ringcast.transport.webhook;

import java.util.ArrayDeque;

import io.ringcast.engine.policy.CircuitBreaker;

/**
 * One endpoint's ({@code scheme://host:port}) share of the dispatcher: its circuit breaker, the deliveries waiting to
 * be sent to it in order, and its posts in flight. Dispatcher thread only, except {@link #breaker}'s read methods.
 */
final class EndpointLane
{
    final String key;
    final CircuitBreaker breaker;
    final ArrayDeque<WebhookDelivery> queue = new ArrayDeque<>();
    int inFlight;
    /** Deliveries of this endpoint waiting for their retry time (they hold on to this lane). */
    int sleeping;
    boolean wakeScheduled;
    boolean expiryScheduled;

    EndpointLane(final String key, final CircuitBreaker breaker)
    {
        this.key = key;
        this.breaker = breaker;
    }
}
