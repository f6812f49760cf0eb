package io.ringcast.client;

/**
 * The server's acknowledgement of one publish: the event is journaled.
 *
 * @param seq       the event's sequence number; for a duplicate, the seq of the event that first used the dedup key
 * @param duplicate true when the event repeated a dedup key inside its window and was not stored again
 */
public record Ack(long seq, boolean duplicate)
{
}
