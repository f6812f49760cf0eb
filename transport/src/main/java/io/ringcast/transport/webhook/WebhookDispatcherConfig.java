package io.ringcast.transport.webhook;

import java.util.Objects;

import io.ringcast.engine.policy.CircuitBreaker;

/**
 * How the {@link WebhookDispatcher} posts, waits and gives up. Immutable; any thread.
 *
 * @param connectTimeoutMillis   TCP (and TLS) connect timeout, 1 ms..10 min
 * @param requestTimeoutMillis   time for the endpoint to answer one post (status and up to a few hundred bytes of
 *                               body), 1 ms..10 min
 * @param breaker                each endpoint's circuit breaker
 * @param maxQueuedPerEndpoint   deliveries one endpoint may have waiting to be sent (behind an open circuit or the
 *                               in-flight limit), 1..1 000 000; a delivery over the bound is dead-lettered
 * @param maxInFlightPerEndpoint posts in flight to one endpoint at once, 1..1000 (1 keeps strict order while nothing
 *                               fails)
 * @param maxCircuitWaitMillis   longest a delivery may wait queued while its endpoint's circuit is not closed before
 *                               it is dead-lettered with reason {@code circuit_open}, 1 ms..24 h
 * @param closeGraceMillis       how long {@link WebhookDispatcher#close()} lets posts in flight finish, 0..60 s
 */
public record WebhookDispatcherConfig(long connectTimeoutMillis, long requestTimeoutMillis,
    CircuitBreaker.Settings breaker, int maxQueuedPerEndpoint, int maxInFlightPerEndpoint, long maxCircuitWaitMillis,
    long closeGraceMillis)
{
    /** Longest connect or request timeout (10 min). */
    public static final long MAX_TIMEOUT_MILLIS = 600_000L;
    /** Longest circuit wait (24 h). */
    public static final long MAX_CIRCUIT_WAIT_MILLIS = 86_400_000L;
    /** Longest close grace (60 s). */
    public static final long MAX_CLOSE_GRACE_MILLIS = 60_000L;
    /** Most queued deliveries per endpoint. */
    public static final int MAX_QUEUED_PER_ENDPOINT = 1_000_000;
    /** Most posts in flight per endpoint. */
    public static final int MAX_IN_FLIGHT_PER_ENDPOINT = 1000;
    /**
     * Defaults: connect 5 s, answer 10 s, breaker {@link CircuitBreaker.Settings#DEFAULT}, 10 000 queued and 4 in
     * flight per endpoint, wait at most 5 min on an open circuit, 2 s for posts in flight at close.
     */
    public static final WebhookDispatcherConfig DEFAULT = new WebhookDispatcherConfig(5_000, 10_000,
        CircuitBreaker.Settings.DEFAULT, 10_000, 4, 300_000, 2_000);

    /** Validates the ranges with precise messages. */
    public WebhookDispatcherConfig
    {
        requireRange("connectTimeoutMillis", connectTimeoutMillis, 1, MAX_TIMEOUT_MILLIS, "1 ms..10 min");
        requireRange("requestTimeoutMillis", requestTimeoutMillis, 1, MAX_TIMEOUT_MILLIS, "1 ms..10 min");
        Objects.requireNonNull(breaker, "webhook breaker settings");
        requireRange("maxQueuedPerEndpoint", maxQueuedPerEndpoint, 1, MAX_QUEUED_PER_ENDPOINT, "");
        requireRange("maxInFlightPerEndpoint", maxInFlightPerEndpoint, 1, MAX_IN_FLIGHT_PER_ENDPOINT, "");
        requireRange("maxCircuitWaitMillis", maxCircuitWaitMillis, 1, MAX_CIRCUIT_WAIT_MILLIS, "1 ms..24 h");
        requireRange("closeGraceMillis", closeGraceMillis, 0, MAX_CLOSE_GRACE_MILLIS, "0..60 s");
    }

    /** A copy with these timeouts. */
    public WebhookDispatcherConfig withTimeouts(final long connectMillis, final long requestMillis)
    {
        return new WebhookDispatcherConfig(connectMillis, requestMillis, breaker, maxQueuedPerEndpoint,
            maxInFlightPerEndpoint, maxCircuitWaitMillis, closeGraceMillis);
    }

    /** A copy with these breaker settings. */
    public WebhookDispatcherConfig withBreaker(final CircuitBreaker.Settings settings)
    {
        return new WebhookDispatcherConfig(connectTimeoutMillis, requestTimeoutMillis, settings,
            maxQueuedPerEndpoint, maxInFlightPerEndpoint, maxCircuitWaitMillis, closeGraceMillis);
    }

    /** A copy with these per-endpoint bounds. */
    public WebhookDispatcherConfig withEndpointLimits(final int maxQueued, final int maxInFlight)
    {
        return new WebhookDispatcherConfig(connectTimeoutMillis, requestTimeoutMillis, breaker, maxQueued,
            maxInFlight, maxCircuitWaitMillis, closeGraceMillis);
    }

    /** A copy with this circuit wait. */
    public WebhookDispatcherConfig withMaxCircuitWaitMillis(final long millis)
    {
        return new WebhookDispatcherConfig(connectTimeoutMillis, requestTimeoutMillis, breaker,
            maxQueuedPerEndpoint, maxInFlightPerEndpoint, millis, closeGraceMillis);
    }

    /** A copy with this close grace. */
    public WebhookDispatcherConfig withCloseGraceMillis(final long millis)
    {
        return new WebhookDispatcherConfig(connectTimeoutMillis, requestTimeoutMillis, breaker,
            maxQueuedPerEndpoint, maxInFlightPerEndpoint, maxCircuitWaitMillis, millis);
    }

    private static void requireRange(final String name, final long value, final long min, final long max,
        final String human)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException("webhook " + name + " must be in " + min + ".." + max +
                (human.isEmpty() ? "" : " (" + human + ")") + ", was " + value);
        }
    }
}
