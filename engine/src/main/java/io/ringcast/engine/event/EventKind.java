package io.ringcast.engine.event;

/**
 * What a ring slot carries. Everything that changes engine state travels the ring as one of these, so
 * each stage sees publishes and commands in one order.
 */
public enum EventKind
{
    /** A claimed slot that carries nothing (its fill failed); every stage skips it. */
    NOOP,
    /** A published event. */
    PUBLISH,
    /** Add a subscription. */
    SUBSCRIBE,
    /** Remove one subscription of a client. */
    UNSUBSCRIBE,
    /** Remove every subscription of a client (its connection closed). */
    UNSUBSCRIBE_CLIENT,
    /** Stop delivering to a subscription; it holds nothing while paused. */
    PAUSE,
    /** Deliver again, from live. */
    RESUME,
    /** Replace a subscription's filter. */
    UPDATE_FILTER,
    /** Housekeeping: expire subscriptions idle past the configured time. */
    EXPIRE_IDLE,
    /** Deliver an already journaled event (a dead letter) to one subscription again. */
    REDRIVE,
    /** Set (or, with null preferences, clear) a user's delivery preferences. */
    PREFERENCES;

    /** True for the kinds that change subscription state. */
    public boolean isCommand()
    {
        return this != NOOP && this != PUBLISH;
    }
}
