package io.ringcast.transport.ws;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.netty.buffer.ByteBuf;

import io.ringcast.engine.assemble.Batch;
import io.ringcast.engine.assemble.EventRecord;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.policy.UserPolicies;
import io.ringcast.engine.policy.WebhookEndpoint;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.journal.deadletter.DeadLetterReason;
import io.ringcast.transport.webhook.WebhookDispatcher;

/**
 * Where the batches of server-side subscriptions go (those created over the HTTP API, which belong to a user rather
 * than to a connection): to the subscription's webhook; or, without one, to every live WebSocket session of its user
 * (as an {@code events} or {@code digest} message with the subscription's id), and while the user has none, to the
 * user's fallback webhook from their preferences; with no fallback either, the events become {@code user_offline}
 * dead letters, which can be re-driven. Also records the events the engine's policies could not hold.
 * <p>
 * Webhook bodies are the WebSocket messages' JSON with the user added,
 * {@code {"type":"events","id":..,"user":..,"events":[..]}} or {@code {"type":"digest","id":..,"user":..,"count":N,
 * "events":[..]}}, built from the events' shared encodings.
 * <p>
 * Threads: the assemble thread (called from {@link WebSocketDelivery}); counters readable from any thread. Allocates
 * per batch (the body, the seqs' copy): server-side delivery is off the WebSocket fan-out's hot path.
 */
final class ServerSideDelivery
{
    private static final System.Logger LOG = System.getLogger(ServerSideDelivery.class.getName());

    private final UserSessions sessions;
    private final WebhookDispatcher webhooks;
    private final DeadLetterWriter deadLetters;
    private final UserPolicies users;
    private long[] seqs = new long[64];
    private volatile long toSessions;
    private volatile long toWebhooks;
    private volatile long toFallback;
    private volatile long offline;
    private volatile long lost;

    ServerSideDelivery(final UserSessions sessions, final WebhookDispatcher webhooks, final DeadLetterWriter deadLetters,
        final UserPolicies users)
    {
        this.sessions = sessions;
        this.webhooks = webhooks;
        this.deadLetters = deadLetters;
        this.users = users;
    }

    /** Routes one batch of a server-side subscription. Assemble thread. */
    void deliver(final Batch batch, final WebSocketDelivery delivery)
    {
        final Subscription s = batch.subscription();
        final int size = batch.size();
        if (seqs.length < size)
        {
            seqs = new long[Math.max(size, seqs.length * 2)];
        }
        for (int i = 0; i < size; i++)
        {
            seqs[i] = batch.get(i).seq();
        }
        WebhookEndpoint endpoint = s.webhook();
        if (endpoint == null)
        {
            boolean reached = false;
            final List<WebSocketConnection> live = sessions.of(s.user());
            for (int i = 0, n = live.size(); i < n; i++)
            {
                final WebSocketConnection c = live.get(i);
                if (!c.closing() && c.channel().isActive())
                {
                    delivery.deliverTo(c.serverSideSink(s.id()), batch);
                    reached = true;
                }
            }
            if (reached)
            {
                toSessions++;
                return;
            }
            final Preferences prefs = users.preferences(s.user());
            endpoint = prefs == null ? null : prefs.fallback();
            if (endpoint == null)
            {
                offline++;
                deadLetter(s, size, DeadLetterReason.USER_OFFLINE, "user '" + s.user() +
                    "' had no live WebSocket session and no fallback webhook in their preferences");
                return;
            }
            toFallback++;
        }
        else
        {
            toWebhooks++;
        }
        if (webhooks == null)
        {
            deadLetter(s, size, DeadLetterReason.NON_RETRYABLE, "webhooks are not enabled on this server");
            return;
        }
        webhooks.submit(endpoint, s.clientId(), s.id(), seqs, size, body(batch, delivery));
    }

    /** The engine could not hold this event for {@code subscription}: a dead letter with the engine's reason. */
    void undeliverable(final Subscription subscription, final EventRecord record, final String reason,
        final String detail)
    {
        seqs[0] = record.seq();
        DeadLetterReason r;
        try
        {
            r = DeadLetterReason.fromCode(reason);
        }
        catch (final IllegalArgumentException ex)
        {
            r = DeadLetterReason.HOLD_CAPACITY;
        }
        deadLetter(subscription, 1, r, detail);
    }

    private void deadLetter(final Subscription s, final int count, final DeadLetterReason reason, final String error)
    {
        if (deadLetters == null)
        {
            lost += count;
            LOG.log(System.Logger.Level.WARNING, "no dead-letter store: " + count + " event(s) of " + s.clientId() +
                "/" + s.id() + " dropped (" + reason.code() + ": " + error + ")");
            return;
        }
        deadLetters.record(s.id(), s.clientId(), seqs, count, reason, error);
    }

    private static byte[] body(final Batch batch, final WebSocketDelivery delivery)
    {
        final Subscription s = batch.subscription();
        final StringBuilder head = new StringBuilder(96).append("{\"type\":\"")
            .append(batch.digest() ? "digest" : "events").append("\",\"id\":").append(JsonQuoting.quote(s.id()))
            .append(",\"user\":").append(JsonQuoting.quote(s.user()));
        if (batch.digest())
        {
            head.append(",\"count\":").append(batch.digestCount());
        }
        final byte[] prefix = head.append(",\"events\":[").toString().getBytes(StandardCharsets.UTF_8);
        final int size = batch.size();
        int length = prefix.length + 2 + Math.max(0, size - 1);
        for (int i = 0; i < size; i++)
        {
            length += delivery.encodedFor(batch.get(i)).readableBytes();
        }
        final byte[] body = new byte[length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        int at = prefix.length;
        for (int i = 0; i < size; i++)
        {
            if (i > 0)
            {
                body[at++] = ',';
            }
            final ByteBuf encoded = delivery.encodedFor(batch.get(i));
            final int n = encoded.readableBytes();
            encoded.getBytes(encoded.readerIndex(), body, at, n);
            at += n;
        }
        body[at++] = ']';
        body[at] = '}';
        return body;
    }

    /**
     * Batches so far by where they went: {@code session} (a live WebSocket session of the user), {@code webhook}
     * (the subscription's own), {@code fallback} (the user's, while offline), {@code offline} (dead-lettered:
     * no session, no fallback), {@code dropped} (events that could not even be dead-lettered: no store). Any thread.
     */
    Map<String, Long> routes()
    {
        final Map<String, Long> out = new LinkedHashMap<>();
        out.put("session", toSessions);
        out.put("webhook", toWebhooks);
        out.put("fallback", toFallback);
        out.put("offline", offline);
        out.put("dropped", lost);
        return out;
    }
}
