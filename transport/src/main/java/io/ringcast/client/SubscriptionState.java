package io.ringcast.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ringcast.engine.event.Priority;

/**
 * One subscription of a {@link RingcastSubscriber} and its resume position. The position ({@link #lastSeq} and
 * the epoch it belongs to) and the per-connection flags are owned by the subscriber's event loop; {@link #removed}
 * and {@link #delivered} are read by any thread.
 * <p>
 * The position is the highest seq handed to the listener's queue (or the seq a live subscription started at):
 * the queue outlives connections, so what is in it is as good as delivered, and a reconnect resumes right after.
 */
final class SubscriptionState
{
    final SubscriptionSpec spec;
    final SubscriptionListener listener;
    final CompletableFuture<Long> subscribed = new CompletableFuture<>();
    long lastSeq;
    String epoch;
    SubscriberConnection sentOn;
    boolean awaitingAnswer;
    boolean resumeSent;
    volatile boolean removed;
    volatile long delivered = -1;

    SubscriptionState(final SubscriptionSpec spec, final SubscriptionListener listener)
    {
        this.spec = spec;
        this.listener = listener;
        this.lastSeq = spec.since();
        this.epoch = spec.epoch();
    }

    /** The subscribe message; resuming after {@link #lastSeq} when {@code resume}. Event loop; allocates. */
    String subscribeMessage(final ObjectMapper mapper, final boolean resume)
    {
        final ObjectNode m = mapper.createObjectNode();
        m.put("op", "subscribe");
        m.put("id", spec.id());
        m.put("topic", spec.topic());
        final String filter = spec.filter();
        if (filter != null)
        {
            m.set("filter", filterNode(mapper, filter));
        }
        if (spec.batchMax() > 0 || spec.lingerMs() >= 0)
        {
            final ObjectNode batch = m.putObject("batch");
            if (spec.batchMax() > 0)
            {
                batch.put("max", spec.batchMax());
            }
            if (spec.lingerMs() >= 0)
            {
                batch.put("lingerMs", spec.lingerMs());
            }
        }
        if (resume)
        {
            m.put("since", lastSeq);
            if (epoch != null && !epoch.isEmpty())
            {
                m.put("epoch", epoch);
            }
        }
        return m.toString();
    }

    /**
     * The events of one {@code events} message this subscription has not seen yet (seq above {@link #lastSeq}),
     * advancing the position past them. Event loop; allocates the events.
     *
     * @throws IllegalArgumentException when an event is malformed (what and where)
     */
    List<ReceivedEvent> accept(final JsonNode events, final String connectionEpoch, final long[] dropped)
    {
        if (events == null || !events.isArray())
        {
            throw new IllegalArgumentException("'events' is not an array");
        }
        final List<ReceivedEvent> fresh = new ArrayList<>(events.size());
        long last = lastSeq;
        for (int i = 0; i < events.size(); i++)
        {
            final JsonNode e = events.get(i);
            final JsonNode seqNode = e.get("seq");
            if (seqNode == null || !seqNode.canConvertToLong())
            {
                throw new IllegalArgumentException("events[" + i + "].seq is missing or not an integer");
            }
            final long seq = seqNode.longValue();
            if (seq <= last)
            {
                dropped[0]++;
                continue;
            }
            fresh.add(event(e, seq, i));
            last = seq;
        }
        // only a message read whole moves the position
        if (!fresh.isEmpty())
        {
            lastSeq = last;
            epoch = connectionEpoch;
        }
        return Collections.unmodifiableList(fresh);
    }

    private static ReceivedEvent event(final JsonNode e, final long seq, final int index)
    {
        final Priority priority = Priority.fromName(e.path("priority").asText(""));
        if (priority == null)
        {
            throw new IllegalArgumentException("events[" + index + "].priority is not low, normal, high or critical: " +
                e.get("priority"));
        }
        final Map<String, Object> attrs = new LinkedHashMap<>();
        final Iterator<Map.Entry<String, JsonNode>> fields = e.path("attrs").fields();
        while (fields.hasNext())
        {
            final Map.Entry<String, JsonNode> f = fields.next();
            final JsonNode v = f.getValue();
            final Object value;
            if (v.isTextual())
            {
                value = v.textValue();
            }
            else if (v.isBoolean())
            {
                value = v.booleanValue();
            }
            else if (v.isIntegralNumber() && v.canConvertToLong())
            {
                value = v.longValue();
            }
            else if (v.isNumber())
            {
                value = v.doubleValue();
            }
            else
            {
                throw new IllegalArgumentException("events[" + index + "].attrs." + f.getKey() +
                    " is not a string, number or boolean");
            }
            attrs.put(f.getKey(), value);
        }
        final JsonNode data = e.get("data");
        return new ReceivedEvent(seq, e.path("topic").asText(""), e.path("id").asText(""), priority,
            e.path("ts").asLong(), Collections.unmodifiableMap(attrs), data == null ? NullNode.getInstance() : data);
    }

    private static JsonNode filterNode(final ObjectMapper mapper, final String filter)
    {
        final String text = filter.strip();
        if (text.startsWith("{"))
        {
            try
            {
                final JsonNode json = mapper.readTree(text);
                if (json != null && json.isObject())
                {
                    return json;
                }
            }
            catch (final JsonProcessingException ex)
            {
                // not JSON after all: the server reports it in the string form's terms
            }
        }
        return mapper.getNodeFactory().textNode(filter);
    }
}
