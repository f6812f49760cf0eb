package io.ringcast.engine.delivery;

/** Why the engine closed a subscription. */
public enum CloseReason
{
    /** Its client unsubscribed it. */
    UNSUBSCRIBED,
    /** Its client went away (unsubscribe-all). */
    CLIENT_GONE,
    /** No event matched it and no command touched it for the configured idle time. */
    EXPIRED
}
