package io.ringcast.client;

import java.util.List;

/**
 * Receives one subscription's events and its life events. Every method of every listener of one
 * {@link RingcastSubscriber} runs on that subscriber's one listener thread, in the order the server sent what
 * caused it, so an implementation needs no locking of its own. A method should return promptly: while it runs,
 * nothing else is delivered, and once {@link SubscriberConfig#maxPendingEvents()} events wait the subscriber stops
 * reading from the socket (the server may then disconnect it as a slow consumer; it reconnects and resumes).
 * An exception thrown here goes to {@link ConnectionListener#onListenerException} and the events count as delivered.
 */
@FunctionalInterface
public interface SubscriptionListener
{
    /**
     * The next events of the subscription, in seq order, each seq greater than every one delivered before:
     * no event is delivered twice, also across reconnects. The list is the listener's to keep (unmodifiable).
     */
    void onEvents(String subscriptionId, List<ReceivedEvent> events);

    /**
     * The server took the subscription (again, after a reconnect): events after {@code seq}, the head at that
     * moment, follow live; with {@code resumed} the server first replays what the subscription missed since the
     * last seq delivered.
     */
    default void onSubscribed(final String subscriptionId, final long seq, final boolean resumed)
    {
    }

    /**
     * Events {@code fromSeq..toSeq} (inclusive) cannot be delivered: the journal no longer holds them, they belong
     * to another journal epoch, or the server could not resume and the subscription restarted live. Events that
     * follow have seqs above {@code toSeq}.
     */
    default void onGap(final String subscriptionId, final long fromSeq, final long toSeq)
    {
    }

    /**
     * The server refused the subscription (bad topic or filter, a limit, ...): it is removed from the subscriber
     * and gets nothing more. {@code code} is the protocol's error code, {@code message} the server's explanation.
     */
    default void onError(final String subscriptionId, final String code, final String message)
    {
    }
}
