package io.ringcast.client;

/**
 * Hears about a {@link RingcastSubscriber}'s connection. Its methods run on the subscriber's listener thread, in
 * order with the subscription listeners' calls. Every method has an empty default except
 * {@link #onListenerException}, which prints one line to {@code System.err}.
 */
public interface ConnectionListener
{
    /** A listener that ignores everything but listener exceptions (printed to {@code System.err}). */
    ConnectionListener DEFAULT = new ConnectionListener()
    {
    };

    /**
     * A connection is up: the server's welcome arrived (session id, the client id it knows us by, its journal
     * head seq and epoch). Subscriptions are being sent (again) right after.
     */
    default void onConnected(final String session, final String clientId, final long headSeq, final String epoch)
    {
    }

    /**
     * An established connection dropped. {@code closeCode} is the server's close status (1001 shutdown,
     * 1008 slow consumer or policy, 1009 message too big, 1011 server error) or 1006 when the connection ended
     * without a close frame (cut, idle timeout); {@code reason} says more. A reconnect is scheduled next unless
     * the subscriber is closing.
     */
    default void onDisconnected(final int closeCode, final String reason)
    {
    }

    /**
     * Reconnect attempt {@code attempt} (from 1) starts in {@code delayMillis}. {@code lastFailure} is why the
     * previous attempt failed, or null for the first attempt after a drop.
     */
    default void onReconnectScheduled(final int attempt, final long delayMillis, final Throwable lastFailure)
    {
    }

    /**
     * {@link SubscriberConfig#maxReconnectAttempts()} attempts failed: the subscriber closed itself.
     */
    default void onGaveUp(final Throwable lastFailure)
    {
    }

    /** The server sent an error not tied to a subscription of ours ({@code code}, {@code message}). */
    default void onError(final String code, final String message)
    {
    }

    /** A listener method threw; the subscriber carries on (the events count as delivered). */
    default void onListenerException(final String subscriptionId, final RuntimeException ex)
    {
        System.err.println("ringcast subscriber: listener of subscription '" + subscriptionId + "' threw " + ex);
    }
}
