package io.ringcast.client;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The protocol side of a {@link RingcastSubscriber}: sends its subscriptions on each connection and routes the
 * server's messages ({@code events}, {@code subscribed}, {@code gap}, {@code error}, {@code unsubscribed}) to them,
 * applying the resume rules: a subscription with a position resumes after it; a server that cannot resume gets a
 * live subscribe and the missed range becomes a gap; events at or below the position are dropped.
 * <p>
 * Event loop thread only (the subscription map itself is concurrent: the public API adds and removes entries).
 * Allocates per message: the messages it sends and the events it hands to the listener thread.
 */
final class SubscriptionRouter
{
    private final ObjectMapper mapper;
    private final Map<String, SubscriptionState> subscriptions;
    private final ListenerThread listeners;
    private volatile long duplicatesDropped;

    SubscriptionRouter(final ObjectMapper mapper, final Map<String, SubscriptionState> subscriptions,
        final ListenerThread listeners)
    {
        this.mapper = mapper;
        this.subscriptions = subscriptions;
        this.listeners = listeners;
    }

    /** Events dropped as repeats so far. Any thread. */
    long duplicatesDropped()
    {
        return duplicatesDropped;
    }

    /** Sends every subscription on a connection the server just welcomed. */
    void sendAll(final SubscriberConnection c)
    {
        for (final SubscriptionState state : subscriptions.values())
        {
            sendSubscribe(c, state);
        }
    }

    /** Tells the server a subscription sent on {@code c} is no longer wanted. */
    void sendUnsubscribe(final SubscriberConnection c, final SubscriptionState state)
    {
        if (state.sentOn == c)
        {
            c.send(mapper.createObjectNode().put("op", "unsubscribe").put("id", state.spec.id()).toString());
        }
    }

    /** Routes one server message of an established connection. */
    void onMessage(final SubscriberConnection c, final JsonNode m)
    {
        final String type = m.path("type").asText("");
        final String id = m.path("id").isTextual() ? m.get("id").textValue() : null;
        final SubscriptionState state = id == null ? null : subscriptions.get(id);
        switch (type)
        {
            case "events":
                if (state != null && !state.removed)
                {
                    onEvents(c, state, m);
                }
                break;
            case "subscribed":
                if (state != null && state.sentOn == c && state.awaitingAnswer)
                {
                    onSubscribed(c, state, m.path("seq").asLong());
                }
                break;
            case "gap":
                if (state != null && !state.removed)
                {
                    final long to = m.path("to").asLong();
                    state.lastSeq = to; // what follows is after the gap, also when an epoch change reset the seqs
                    state.epoch = c.epoch();
                    listeners.gap(state, m.path("from").asLong(), to);
                }
                break;
            case "error":
                onError(c, state, m.path("code").asText(""), m.path("message").asText(""));
                break;
            case "unsubscribed":
                if (state != null && !state.removed && "expired".equals(m.path("reason").asText()))
                {
                    sendSubscribe(c, state); // the server expired it for idleness; the application still wants it
                }
                break;
            default:
                break; // pong, and message types of later protocol versions
        }
    }

    private void onEvents(final SubscriberConnection c, final SubscriptionState state, final JsonNode m)
    {
        final long[] dropped = new long[1];
        final List<ReceivedEvent> events;
        try
        {
            events = state.accept(m.get("events"), c.epoch(), dropped);
        }
        catch (final IllegalArgumentException ex)
        {
            listeners.connectionError("bad_message", "events for '" + state.spec.id() + "': " + ex.getMessage());
            return;
        }
        if (dropped[0] > 0)
        {
            duplicatesDropped += dropped[0]; // single writer: the event loop
        }
        if (!events.isEmpty() && listeners.events(state, events, state.lastSeq))
        {
            c.channel().config().setAutoRead(false); // resumed by the listener thread once it has caught up
        }
    }

    private void onSubscribed(final SubscriberConnection c, final SubscriptionState state, final long seq)
    {
        state.awaitingAnswer = false;
        long gapFrom = -1;
        if (!state.resumeSent)
        {
            final boolean otherEpoch = state.epoch != null && !state.epoch.isEmpty() && !state.epoch.equals(c.epoch());
            if (state.lastSeq >= 0 && (otherEpoch || seq > state.lastSeq))
            {
                // a live restart of a subscription that had a position: what it missed is a gap
                gapFrom = otherEpoch ? 1 : state.lastSeq + 1;
            }
            if (state.lastSeq < 0 || otherEpoch || seq > state.lastSeq)
            {
                state.lastSeq = seq;
            }
            state.epoch = c.epoch();
        }
        listeners.subscribed(state, seq, state.resumeSent);
        if (gapFrom >= 1 && seq >= gapFrom)
        {
            listeners.gap(state, gapFrom, seq); // after "subscribed", in the order a resuming server uses
        }
    }

    private void onError(final SubscriberConnection c, final SubscriptionState state, final String code,
        final String message)
    {
        if (state == null || state.removed || state.sentOn != c || !state.awaitingAnswer)
        {
            listeners.connectionError(code, message);
            return;
        }
        if ("not_supported".equals(code) && state.resumeSent)
        {
            c.resumeUnsupported(true);
            sendSubscribe(c, state);
            return;
        }
        state.awaitingAnswer = false;
        state.removed = true;
        subscriptions.remove(state.spec.id(), state);
        listeners.refused(state, code, message);
    }

    /** Sends (again) one subscription, resuming after its position when it has one and the server can. */
    void sendSubscribe(final SubscriberConnection c, final SubscriptionState state)
    {
        if (state.removed)
        {
            return;
        }
        final boolean resume = state.lastSeq >= 0 && !c.resumeUnsupported();
        state.sentOn = c;
        state.awaitingAnswer = true;
        state.resumeSent = resume;
        c.send(state.subscribeMessage(mapper, resume));
    }
}
