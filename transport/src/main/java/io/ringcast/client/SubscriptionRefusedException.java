package io.ringcast.client;

/**
 * The server refused a subscribe: the future {@link RingcastSubscriber#subscribe} returned fails with this, and
 * the subscription is removed from the subscriber. {@link #code()} is the protocol's stable error code
 * ({@code bad_topic}, {@code bad_filter}, {@code bad_batch}, {@code duplicate_subscription},
 * {@code client_subscription_limit}, ...); the message is the server's, precise about what was wrong.
 */
public final class SubscriptionRefusedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final String code;
    private final String subscriptionId;

    /** A refusal with the server's code and message, for subscription {@code subscriptionId}. */
    public SubscriptionRefusedException(final String code, final String message, final String subscriptionId)
    {
        super(message);
        this.code = code;
        this.subscriptionId = subscriptionId;
    }

    /** The protocol's error code. */
    public String code()
    {
        return code;
    }

    /** The refused subscription's id. */
    public String subscriptionId()
    {
        return subscriptionId;
    }
}
