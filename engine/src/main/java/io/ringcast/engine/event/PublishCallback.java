package io.ringcast.engine.event;

/**
 * Told the outcome of each published event. Called on the journal stage's thread, in ring order, once
 * per publish that carried this callback; implementations must not block (hand the answer to the
 * publisher's own thread or event loop). One long-lived callback per publisher, with the correlation id
 * telling events apart, keeps publishing allocation free.
 */
public interface PublishCallback
{
    /**
     * The event was journaled and will be delivered.
     *
     * @param correlationId the id the publisher gave
     * @param seq           the event's sequence number
     */
    void onAccepted(long correlationId, long seq);

    /**
     * The event repeated a dedup key inside its window and was dropped.
     *
     * @param correlationId the id the publisher gave
     * @param originalSeq   seq of the event that first used the key
     */
    void onDuplicate(long correlationId, long originalSeq);

    /**
     * The event could not be journaled and was not accepted; nothing will deliver it.
     *
     * @param correlationId the id the publisher gave
     * @param reason        what went wrong
     */
    void onFailed(long correlationId, String reason);
}
