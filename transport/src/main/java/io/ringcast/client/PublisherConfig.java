package io.ringcast.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link RingcastPublisher}. Immutable; start from {@link #defaults()}.
 *
 * @param maxInFlight        publishes sent but not yet answered; at the bound {@code publish} waits (default 10,000)
 * @param reconnectAttempts  connection attempts a publish makes after a drop before it fails (default 5)
 * @param reconnectBaseDelay delay before the second attempt; doubles per attempt, with jitter (default 50 ms)
 * @param reconnectMaxDelay  cap of the delay between attempts (default 2 s)
 * @param connectTimeout     bound on TCP connect plus handshake (default 5 s)
 */
public record PublisherConfig(
    int maxInFlight,
    int reconnectAttempts,
    Duration reconnectBaseDelay,
    Duration reconnectMaxDelay,
    Duration connectTimeout)
{
    /** Checks the ranges. */
    public PublisherConfig
    {
        Objects.requireNonNull(reconnectBaseDelay, "reconnectBaseDelay");
        Objects.requireNonNull(reconnectMaxDelay, "reconnectMaxDelay");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (maxInFlight < 1)
        {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        if (reconnectAttempts < 1)
        {
            throw new IllegalArgumentException("reconnectAttempts must be at least 1, was " + reconnectAttempts);
        }
    }

    /** 10,000 in flight, 5 reconnect attempts from 50 ms up to 2 s apart, 5 s connect timeout. */
    public static PublisherConfig defaults()
    {
        return new PublisherConfig(10_000, 5, Duration.ofMillis(50), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /** A copy with another in-flight bound. */
    public PublisherConfig withMaxInFlight(final int max)
    {
        return new PublisherConfig(max, reconnectAttempts, reconnectBaseDelay, reconnectMaxDelay, connectTimeout);
    }

    /** A copy with another reconnect policy. */
    public PublisherConfig withReconnect(final int attempts, final Duration baseDelay, final Duration maxDelay)
    {
        return new PublisherConfig(maxInFlight, attempts, baseDelay, maxDelay, connectTimeout);
    }

    /** A copy with another connect timeout. */
    public PublisherConfig withConnectTimeout(final Duration timeout)
    {
        return new PublisherConfig(maxInFlight, reconnectAttempts, reconnectBaseDelay, reconnectMaxDelay, timeout);
    }
}
