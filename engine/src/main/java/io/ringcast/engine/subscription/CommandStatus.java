package io.ringcast.engine.subscription;

/** The outcome of a subscription command, with a stable code for wire protocols. */
public enum CommandStatus
{
    OK("ok", "ok"),
    DUPLICATE_SUBSCRIPTION("duplicate_subscription", "the client already has a subscription with this id"),
    UNKNOWN_SUBSCRIPTION("unknown_subscription", "the client has no subscription with this id"),
    UNKNOWN_CLIENT("unknown_client", "the client has no subscriptions"),
    CLIENT_LIMIT("client_subscription_limit", "the client is at its subscription limit"),
    TOTAL_LIMIT("total_subscription_limit", "the engine is at its total subscription limit"),
    ALREADY_PAUSED("already_paused", "the subscription is already paused"),
    NOT_PAUSED("not_paused", "the subscription is not paused"),
    NOT_SAVED("state_not_saved", "applied, but the journal could not save it, so it will not survive a restart");

    private final String code;
    private final String message;

    CommandStatus(final String code, final String message)
    {
        this.code = code;
        this.message = message;
    }

    /** Stable machine-readable code, e.g. {@code client_subscription_limit}. */
    public String code()
    {
        return code;
    }

    /** Human-readable message. */
    public String message()
    {
        return message;
    }
}
