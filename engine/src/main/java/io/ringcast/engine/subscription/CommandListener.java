package io.ringcast.engine.subscription;

import io.ringcast.engine.event.EventKind;

/**
 * Told the outcome of a subscription command, on the assemble stage's thread, after the command has
 * taken effect in every stage (so a subscriber hears "subscribed" before its first batch). Must not block.
 */
public interface CommandListener
{
    /**
     * @param kind           the command
     * @param clientId       the client it was for
     * @param subscriptionId the subscription id it named (null for client-wide commands)
     * @param status         outcome
     * @param seq            head seq when the command took effect: events after it are delivered live
     */
    void onCommandResult(EventKind kind, String clientId, String subscriptionId, CommandStatus status, long seq);
}
