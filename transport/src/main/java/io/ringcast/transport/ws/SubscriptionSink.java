package io.ringcast.transport.ws;

/**
 * What the WebSocket adapter hangs on a {@code Subscription}: the connection its batches go to and the
 * envelope prefix {@code {"type":"events","id":"<id>","events":[} encoded once when the subscription is made.
 *
 * @param connection     the subscriber's connection
 * @param envelopePrefix UTF-8 bytes of the events envelope up to the first event (never modified)
 */
record SubscriptionSink(WebSocketConnection connection, byte[] envelopePrefix)
{
}
