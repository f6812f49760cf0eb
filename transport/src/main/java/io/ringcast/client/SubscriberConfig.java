package io.ringcast.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link RingcastSubscriber}. Immutable; start from {@link #defaults()} and change with the
 * {@code with*} methods. The constructor checks every range and says which value is wrong.
 *
 * @param user                 the client id sent as {@code ?user=ID} (1..128 characters), or null to let the
 *                             server pick one ({@code anon-<session>}); an auth-off server takes it as is
 * @param token                a bearer token sent as {@code Authorization: Bearer TOKEN}, or null for none
 * @param reconnectBaseDelay   cap of the delay before the first reconnect attempt; the cap doubles per attempt
 *                             (default 100 ms)
 * @param reconnectMaxDelay    largest cap of the delay between attempts (default 10 s)
 * @param maxReconnectAttempts attempts after a drop before the subscriber gives up and closes itself;
 *                             0 means unlimited (default)
 * @param connectTimeout       bound on TCP connect, WebSocket upgrade and the server's welcome (default 5 s)
 * @param idleTimeout          a connection that received nothing for this long is taken as dead and replaced;
 *                             {@link Duration#ZERO} means twice the heartbeat the server announces (default)
 * @param maxMessageBytes      largest server message accepted (default 16 MiB; an {@code events} message holds up
 *                             to its batch's max events)
 * @param maxPendingEvents     events received but not yet handed to listeners at which the subscriber stops
 *                             reading from the socket until listeners catch up to half of it (default 10,000)
 */
public record SubscriberConfig(
    String user,
    String token,
    Duration reconnectBaseDelay,
    Duration reconnectMaxDelay,
    int maxReconnectAttempts,
    Duration connectTimeout,
    Duration idleTimeout,
    int maxMessageBytes,
    int maxPendingEvents)
{
    /** Longest client id the server accepts. */
    public static final int MAX_USER_LENGTH = 128;
    /** Longest reconnect delay allowed. */
    public static final Duration MAX_DELAY = Duration.ofDays(1);

    /** Checks the ranges. */
    public SubscriberConfig
    {
        Objects.requireNonNull(reconnectBaseDelay, "reconnectBaseDelay");
        Objects.requireNonNull(reconnectMaxDelay, "reconnectMaxDelay");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (user != null && (user.isEmpty() || user.length() > MAX_USER_LENGTH))
        {
            throw new IllegalArgumentException("user must be 1.." + MAX_USER_LENGTH + " characters, was " +
                user.length());
        }
        if (reconnectBaseDelay.isNegative() || reconnectBaseDelay.isZero())
        {
            throw new IllegalArgumentException("reconnectBaseDelay must be positive, was " + reconnectBaseDelay);
        }
        if (reconnectMaxDelay.compareTo(reconnectBaseDelay) < 0 || reconnectMaxDelay.compareTo(MAX_DELAY) > 0)
        {
            throw new IllegalArgumentException("reconnectMaxDelay must be >= reconnectBaseDelay (" +
                reconnectBaseDelay + ") and at most " + MAX_DELAY + ", was " + reconnectMaxDelay);
        }
        if (maxReconnectAttempts < 0)
        {
            throw new IllegalArgumentException("maxReconnectAttempts must be >= 0 (0: unlimited), was " +
                maxReconnectAttempts);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || connectTimeout.toMillis() > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("connectTimeout must be positive and at most " + Integer.MAX_VALUE +
                " ms, was " + connectTimeout);
        }
        if (idleTimeout.isNegative())
        {
            throw new IllegalArgumentException("idleTimeout must be >= 0 (0: twice the server's heartbeat), was " +
                idleTimeout);
        }
        if (maxMessageBytes < 1024)
        {
            throw new IllegalArgumentException("maxMessageBytes must be at least 1024, was " + maxMessageBytes);
        }
        if (maxPendingEvents < 2)
        {
            throw new IllegalArgumentException("maxPendingEvents must be at least 2, was " + maxPendingEvents);
        }
    }

    /**
     * Anonymous, no token, reconnects without limit from 100 ms up to 10 s apart (full jitter), 5 s connect
     * timeout, idle timeout twice the server's heartbeat, 16 MiB messages, 10,000 pending events.
     */
    public static SubscriberConfig defaults()
    {
        return new SubscriberConfig(null, null, Duration.ofMillis(100), Duration.ofSeconds(10), 0,
            Duration.ofSeconds(5), Duration.ZERO, 16 * 1024 * 1024, 10_000);
    }

    /** A copy with another client id (null: the server picks one). */
    public SubscriberConfig withUser(final String newUser)
    {
        return new SubscriberConfig(newUser, token, reconnectBaseDelay, reconnectMaxDelay, maxReconnectAttempts,
            connectTimeout, idleTimeout, maxMessageBytes, maxPendingEvents);
    }

    /** A copy with another bearer token (null: none). */
    public SubscriberConfig withToken(final String newToken)
    {
        return new SubscriberConfig(user, newToken, reconnectBaseDelay, reconnectMaxDelay, maxReconnectAttempts,
            connectTimeout, idleTimeout, maxMessageBytes, maxPendingEvents);
    }

    /** A copy with another reconnect policy ({@code attempts} 0: unlimited). */
    public SubscriberConfig withReconnect(final Duration baseDelay, final Duration maxDelay, final int attempts)
    {
        return new SubscriberConfig(user, token, baseDelay, maxDelay, attempts, connectTimeout, idleTimeout,
            maxMessageBytes, maxPendingEvents);
    }

    /** A copy with another connect timeout. */
    public SubscriberConfig withConnectTimeout(final Duration timeout)
    {
        return new SubscriberConfig(user, token, reconnectBaseDelay, reconnectMaxDelay, maxReconnectAttempts,
            timeout, idleTimeout, maxMessageBytes, maxPendingEvents);
    }

    /** A copy with another idle timeout ({@link Duration#ZERO}: twice the server's heartbeat). */
    public SubscriberConfig withIdleTimeout(final Duration timeout)
    {
        return new SubscriberConfig(user, token, reconnectBaseDelay, reconnectMaxDelay, maxReconnectAttempts,
            connectTimeout, timeout, maxMessageBytes, maxPendingEvents);
    }

    /** A copy with other bounds on message size and on events waiting for listeners. */
    public SubscriberConfig withLimits(final int messageBytes, final int pendingEvents)
    {
        return new SubscriberConfig(user, token, reconnectBaseDelay, reconnectMaxDelay, maxReconnectAttempts,
            connectTimeout, idleTimeout, messageBytes, pendingEvents);
    }

    /**
     * The upper bound of the delay before reconnect attempt {@code attempt} (1 for the first after a drop):
     * {@code min(reconnectMaxDelay, reconnectBaseDelay * 2^(attempt - 1))}. The subscriber waits a uniformly
     * random time between zero and this bound ("full jitter"), so clients dropped together do not come back
     * together. Any thread; allocates the returned {@link Duration}.
     */
    public Duration backoffCap(final int attempt)
    {
        if (attempt < 1)
        {
            throw new IllegalArgumentException("attempt must be at least 1, was " + attempt);
        }
        return Duration.ofNanos(backoffCapNanos(attempt));
    }

    long backoffCapNanos(final int attempt)
    {
        final long base = reconnectBaseDelay.toNanos();
        final long max = reconnectMaxDelay.toNanos();
        final int shift = Math.min(attempt - 1, 62);
        // compare before shifting so a large attempt number cannot overflow
        return base > max >> shift ? max : Math.min(max, base << shift);
    }
}
