package io.ringcast.engine.subscription;

import java.util.Objects;

import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.policy.WebhookEndpoint;

/**
 * One subscription: who ({@code clientId}), the client's name for it ({@code id}), what it wants
 * (topic pattern and filter) and how it wants it batched.
 * <p>
 * Built on any thread and carried to the engine in a subscribe command. From then on the match stage's
 * thread owns {@link #handle}, the filter and the paused flag; the assemble stage's thread writes
 * {@link #stats()}. A delivery adapter may hang its connection on {@link #attachment}.
 */
public final class Subscription
{
    private final String clientId;
    private final String id;
    private final TopicPattern pattern;
    private final BatchPolicy batch;
    private final SubscriptionStats stats;
    private final String user;
    private final boolean durable;
    private final WebhookEndpoint webhook;
    private volatile Filter filter;
    private volatile int handle = -1;
    private volatile boolean paused;
    private volatile Object attachment;
    private long lastMatchNanos;

    /**
     * @param clientId the client (user or connection) the subscription belongs to
     * @param id       the client's id for it, unique per client
     * @param pattern  topic pattern
     * @param filter   compiled filter, or null for none
     * @param batch    batching policy
     * @param createdMillis epoch millis of creation
     */
    public Subscription(final String clientId, final String id, final TopicPattern pattern, final Filter filter,
        final BatchPolicy batch, final long createdMillis)
    {
        this(clientId, id, pattern, filter, batch, createdMillis, false, null);
    }

    /**
     * A subscription that may be server-side ({@code durable}: it belongs to the user {@code clientId}, not to a
     * connection, and survives restarts) and may deliver to a webhook instead of a live session.
     *
     * @param durable server-side: delivered to the webhook, or else to the user's live sessions (and to the user's
     *                fallback webhook while none is open)
     * @param webhook where its batches are posted, or null
     */
    public Subscription(final String clientId, final String id, final TopicPattern pattern, final Filter filter,
        final BatchPolicy batch, final long createdMillis, final boolean durable, final WebhookEndpoint webhook)
    {
        this.durable = durable;
        this.webhook = webhook;
        final int hash = clientId == null ? -1 : clientId.indexOf('#');
        // a connection's client id is "user#session": policies are per user, across the user's connections
        this.user = hash < 0 ? clientId : clientId.substring(0, hash);
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.id = Objects.requireNonNull(id, "id");
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.filter = filter;
        this.batch = Objects.requireNonNull(batch, "batch");
        this.stats = new SubscriptionStats(createdMillis);
    }

    public String clientId()
    {
        return clientId;
    }

    public String id()
    {
        return id;
    }

    /** The user the subscription's policies (rate limits, preferences) count against: the client id up to '#'. */
    public String user()
    {
        return user;
    }

    /** True for a server-side subscription (created over the HTTP API; it survives restarts). */
    public boolean durable()
    {
        return durable;
    }

    /** The webhook its batches are posted to, or null (delivered to a live session). */
    public WebhookEndpoint webhook()
    {
        return webhook;
    }

    public TopicPattern pattern()
    {
        return pattern;
    }

    /** The filter, or null when every event on the topic matches. */
    public Filter filter()
    {
        return filter;
    }

    /** Replaces the filter. Match stage thread only. */
    public void filter(final Filter filter)
    {
        this.filter = filter;
    }

    public BatchPolicy batch()
    {
        return batch;
    }

    public SubscriptionStats stats()
    {
        return stats;
    }

    /** Engine-assigned dense handle, -1 until the subscription is applied; unique among live subscriptions. */
    public int handle()
    {
        return handle;
    }

    /** Assigns the handle. Match stage thread only. */
    public void handle(final int handle)
    {
        this.handle = handle;
    }

    public boolean paused()
    {
        return paused;
    }

    /** Pauses or resumes. Match stage thread only. */
    public void paused(final boolean paused)
    {
        this.paused = paused;
    }

    /** Monotonic nanos of the last match or command; drives idle expiry. Match stage thread only. */
    public long lastMatchNanos()
    {
        return lastMatchNanos;
    }

    /** Match stage thread only. */
    public void lastMatchNanos(final long nanos)
    {
        lastMatchNanos = nanos;
    }

    /** The delivery adapter's object for this subscription (its connection, say), or null. */
    public Object attachment()
    {
        return attachment;
    }

    public void attachment(final Object attachment)
    {
        this.attachment = attachment;
    }

    @Override
    public String toString()
    {
        return "Subscription{" + clientId + "/" + id + " " + pattern + (filter == null ? "" : " [" + filter + "]") +
            (durable ? " durable" : "") + (webhook == null ? "" : " -> " + webhook.url()) +
            " handle=" + handle + (paused ? " paused" : "") + "}";
    }
}
