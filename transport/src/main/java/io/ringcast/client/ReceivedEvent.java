package io.ringcast.client;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.ringcast.engine.event.Priority;

/**
 * One event as a {@link RingcastSubscriber} received it (the event object of the WebSocket protocol's
 * {@code events} message). Immutable once handed to a listener.
 *
 * @param seq      the engine's sequence number: grows by one per accepted event, the resume position
 * @param topic    the event's topic
 * @param id       the publisher's event id
 * @param priority the event's priority
 * @param ts       the publisher's timestamp, epoch milliseconds
 * @param attrs    typed attributes in publish order: {@link String}, {@link Long}, {@link Double} or
 *                 {@link Boolean} values; unmodifiable
 * @param data     the payload: the JSON value itself when the publisher declared JSON ({@code null} node when
 *                 empty), else a text node holding base64 (RFC 4648, padded)
 */
public record ReceivedEvent(
    long seq,
    String topic,
    String id,
    Priority priority,
    long ts,
    Map<String, Object> attrs,
    JsonNode data)
{
}
