package io.ringcast.client;

import java.util.Objects;

import io.ringcast.engine.subscription.BatchPolicy;

/**
 * What one subscription of a {@link RingcastSubscriber} asks for. Immutable; start from {@link #of} and add with
 * the {@code with*} methods. The server checks the topic pattern and the filter (a refusal fails the future
 * {@link RingcastSubscriber#subscribe} returned); this record checks the rest.
 *
 * @param id        the client's name for the subscription, 1..128 characters, unique per subscriber
 * @param topic     the topic pattern ({@code models.>}, {@code users.*.tasks})
 * @param filter    the filter, or null for every event on the topic: the string form
 *                  ({@code severity == "high"}), or the JSON form when the text is a JSON object
 *                  ({@code {"operator":"AND","conditions":[..]}})
 * @param batchMax  events per {@code events} message, 1..1000, or 0 for the server's default
 * @param lingerMs  how long the first event of a batch may wait for more, 0..300000 ms, or -1 for the server's
 *                  default
 * @param since     the first subscribe resumes after this seq (the last one the application saw, 0 for the whole
 *                  journal), or -1 to start live; reconnects always resume after the last seq delivered
 * @param epoch     the journal epoch {@code since} belongs to, or null when unknown
 */
public record SubscriptionSpec(
    String id,
    String topic,
    String filter,
    int batchMax,
    long lingerMs,
    long since,
    String epoch)
{
    /** Longest subscription id the server accepts. */
    public static final int MAX_ID_LENGTH = 128;
    /** Longest linger the server accepts, in milliseconds. */
    public static final long MAX_LINGER_MS = 300_000;

    /** Checks the ranges. */
    public SubscriptionSpec
    {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(topic, "topic");
        if (id.isEmpty() || id.length() > MAX_ID_LENGTH)
        {
            throw new IllegalArgumentException("subscription id must be 1.." + MAX_ID_LENGTH + " characters, was " +
                id.length());
        }
        if (topic.isEmpty())
        {
            throw new IllegalArgumentException("topic must not be empty");
        }
        if (batchMax < 0 || batchMax > BatchPolicy.MAX_SIZE)
        {
            throw new IllegalArgumentException("batch max must be in 1.." + BatchPolicy.MAX_SIZE +
                " (0: the server's default), was " + batchMax);
        }
        if (lingerMs < -1 || lingerMs > MAX_LINGER_MS)
        {
            throw new IllegalArgumentException("linger must be in 0.." + MAX_LINGER_MS +
                " ms (-1: the server's default), was " + lingerMs);
        }
        if (since < -1)
        {
            throw new IllegalArgumentException("since must be a seq >= 0 (-1: start live), was " + since);
        }
        if (epoch != null && since < 0)
        {
            throw new IllegalArgumentException("epoch '" + epoch + "' needs a since seq to belong to");
        }
    }

    /** A live subscription to {@code topic} with no filter and the server's batch defaults. */
    public static SubscriptionSpec of(final String id, final String topic)
    {
        return new SubscriptionSpec(id, topic, null, 0, -1, -1, null);
    }

    /** A copy with another filter (null: none). */
    public SubscriptionSpec withFilter(final String newFilter)
    {
        return new SubscriptionSpec(id, topic, newFilter, batchMax, lingerMs, since, epoch);
    }

    /** A copy with another batch policy (0 / -1: the server's default for that field). */
    public SubscriptionSpec withBatch(final int max, final long linger)
    {
        return new SubscriptionSpec(id, topic, filter, max, linger, since, epoch);
    }

    /** A copy that resumes after {@code seq} of journal epoch {@code journalEpoch} (null: unknown). */
    public SubscriptionSpec withSince(final long seq, final String journalEpoch)
    {
        return new SubscriptionSpec(id, topic, filter, batchMax, lingerMs, seq, journalEpoch);
    }
}
