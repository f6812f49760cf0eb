package io.ringcast.engine.event;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An immutable, heap-object copy of one event, for the control path, tools and tests: replay output,
 * HTTP publish, assertions. The hot path never builds one; it reads {@link EventView} instead.
 *
 * @param seq         engine-assigned sequence number (0 before assignment)
 * @param id          event id
 * @param dedupKey    dedup key, "" when the id is the key
 * @param topic       topic
 * @param priority    priority
 * @param timestamp   epoch milliseconds
 * @param attributes  typed attributes in wire order: values are String, Long, Double or Boolean
 * @param contentType payload content type
 * @param payload     payload bytes
 */
public record Event(
    long seq,
    String id,
    String dedupKey,
    String topic,
    Priority priority,
    long timestamp,
    Map<String, Object> attributes,
    ContentType contentType,
    byte[] payload)
{
    /** Copies the attribute map (keeping its order) and checks attribute value types. */
    public Event
    {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(contentType, "contentType");
        dedupKey = dedupKey == null ? "" : dedupKey;
        payload = payload == null ? new byte[0] : payload;
        final LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
        if (attributes != null)
        {
            for (final Map.Entry<String, Object> e : attributes.entrySet())
            {
                final Object v = e.getValue();
                if (v instanceof Integer || v instanceof Short || v instanceof Byte)
                {
                    copy.put(e.getKey(), ((Number)v).longValue());
                }
                else if (v instanceof Float)
                {
                    copy.put(e.getKey(), ((Float)v).doubleValue());
                }
                else if (v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean)
                {
                    copy.put(e.getKey(), v);
                }
                else
                {
                    throw new IllegalArgumentException("attribute '" + e.getKey() + "' must be a string, long, double " +
                        "or boolean, was " + (v == null ? "null" : v.getClass().getSimpleName()));
                }
            }
        }
        attributes = Collections.unmodifiableMap(copy);
    }

    /** Copies the event a view currently wraps. Allocates. @throws IllegalStateException when its last wrap failed */
    public static Event from(final EventView view)
    {
        if (view.error() != CodecError.NONE || view.length() == 0)
        {
            throw new IllegalStateException("the view holds no valid event: " + view.errorMessage());
        }
        final LinkedHashMap<String, Object> attrs = new LinkedHashMap<>();
        for (int i = 0; i < view.attributeCount(); i++)
        {
            final String name = string(view, view.attributeNameOffset(i), view.attributeNameLength(i));
            final Object value;
            switch (view.attributeType(i))
            {
                case STRING: value = string(view, view.attributeValueOffset(i), view.attributeValueLength(i)); break;
                case LONG: value = view.attributeLong(i); break;
                case DOUBLE: value = view.attributeDouble(i); break;
                default: value = view.attributeBoolean(i); break;
            }
            attrs.put(name, value);
        }
        final byte[] payload = new byte[view.payloadLength()];
        view.buffer().getBytes(view.payloadOffset(), payload);
        return new Event(view.seq(), string(view, view.idOffset(), view.idLength()),
            string(view, view.dedupKeyOffset(), view.dedupKeyLength()),
            string(view, view.topicOffset(), view.topicLength()), view.priority(), view.timestamp(), attrs,
            view.contentType(), payload);
    }

    /** Encodes this event at {@code offset}. @return encoded length. */
    public int encode(final EventEncoder encoder, final MutableDirectBuffer buffer, final int offset)
    {
        encoder.wrap(buffer, offset).priority(priority).contentType(contentType).seq(seq).timestamp(timestamp)
            .id(id).dedupKey(dedupKey).topic(topic);
        for (final Map.Entry<String, Object> e : attributes.entrySet())
        {
            final Object v = e.getValue();
            if (v instanceof String)
            {
                encoder.attribute(e.getKey(), (String)v);
            }
            else if (v instanceof Long)
            {
                encoder.attribute(e.getKey(), (long)(Long)v);
            }
            else if (v instanceof Double)
            {
                encoder.attribute(e.getKey(), (double)(Double)v);
            }
            else
            {
                encoder.attribute(e.getKey(), (boolean)(Boolean)v);
            }
        }
        return encoder.payload(new UnsafeBuffer(payload), 0, payload.length);
    }

    /** The encoded bytes of this event. Allocates. */
    public byte[] toBytes()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final int length = encode(new EventEncoder(), buffer, 0);
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    /** A copy with another seq. */
    public Event withSeq(final long newSeq)
    {
        return new Event(newSeq, id, dedupKey, topic, priority, timestamp, attributes, contentType, payload);
    }

    /** Payload as UTF-8 text. */
    public String payloadText()
    {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(final Object o)
    {
        if (this == o)
        {
            return true;
        }
        if (!(o instanceof Event))
        {
            return false;
        }
        final Event e = (Event)o;
        return seq == e.seq && timestamp == e.timestamp && id.equals(e.id) && dedupKey.equals(e.dedupKey) &&
            topic.equals(e.topic) && priority == e.priority && contentType == e.contentType &&
            attributes.equals(e.attributes) && Arrays.equals(payload, e.payload) &&
            Arrays.equals(attributes.keySet().toArray(), e.attributes.keySet().toArray());
    }

    @Override
    public int hashCode()
    {
        return Objects.hash(seq, id, topic, timestamp) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString()
    {
        return "Event{seq=" + seq + ", id=" + id + ", dedupKey=" + dedupKey + ", topic=" + topic + ", priority=" +
            priority + ", ts=" + timestamp + ", attrs=" + attributes + ", " + contentType + " payload=" +
            payload.length + "B}";
    }

    private static String string(final EventView view, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        view.buffer().getBytes(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
