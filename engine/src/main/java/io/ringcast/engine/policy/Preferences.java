package io.ringcast.engine.policy;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;

import org.agrona.DirectBuffer;

import io.ringcast.engine.event.Priority;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.subscription.BatchPolicy;

/**
 * One user's delivery preferences, applied by the assemble stage to every subscription of the user. Immutable; built
 * on any thread (the transport parses them from JSON) and carried to the engine in a preferences command.
 *
 * @param minPriority lowest priority delivered (CRITICAL always passes this)
 * @param topics      enabled event types as topic patterns; empty enables every topic
 * @param zone        the user's time zone, for quiet hours and digest times
 * @param quietHours  do-not-disturb schedule ({@link QuietHours#NONE} for none): events are held and released at
 *                    its end, merged into one batch per subscription
 * @param digest      immediate, or an hourly / daily digest per subscription
 * @param digestAt    local time of the daily digest (its minute for hourly)
 * @param digestMax   events carried in one digest, 1..1000; the rest are counted
 * @param maxPerHour  notifications per hour for this user, 0 for no limit beyond the server's
 * @param batch       the user's batching (size 1..1000, linger ≤ 5 min), or null for each subscription's own
 * @param fallback    webhook that receives the user's server-side subscriptions while no live session is open, or
 *                    null
 */
public record Preferences(Priority minPriority, List<TopicPattern> topics, ZoneId zone, QuietHours quietHours,
    DigestMode digest, LocalTime digestAt, int digestMax, int maxPerHour, BatchPolicy batch, WebhookEndpoint fallback)
{
    /** Most events in one digest. */
    public static final int MAX_DIGEST_EVENTS = 1000;
    /** Most enabled topic patterns. */
    public static final int MAX_TOPICS = 64;
    /** Everything delivered at once, no limits: what a user without preferences gets. */
    public static final Preferences DEFAULT = new Preferences(Priority.LOW, List.of(), ZoneOffset.UTC,
        QuietHours.NONE, DigestMode.IMMEDIATE, LocalTime.of(9, 0), 50, 0, null, null);

    /** Validates with precise messages. */
    public Preferences
    {
        Objects.requireNonNull(minPriority, "minPriority");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(quietHours, "quietHours");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(digestAt, "digestAt");
        topics = List.copyOf(topics);
        if (topics.size() > MAX_TOPICS)
        {
            throw new IllegalArgumentException("at most " + MAX_TOPICS + " enabled topic patterns, was " +
                topics.size());
        }
        if (digestMax < 1 || digestMax > MAX_DIGEST_EVENTS)
        {
            throw new IllegalArgumentException("digestMax must be in 1.." + MAX_DIGEST_EVENTS + ", was " + digestMax);
        }
        if (maxPerHour < 0 || maxPerHour > 1_000_000)
        {
            throw new IllegalArgumentException("maxPerHour must be in 0..1000000 (0: no limit), was " + maxPerHour);
        }
    }

    /** True when the topic in {@code buffer[offset, offset + length)} is enabled. Any thread; no allocation. */
    public boolean enables(final DirectBuffer buffer, final int offset, final int length)
    {
        if (topics.isEmpty())
        {
            return true;
        }
        for (int i = 0, n = topics.size(); i < n; i++)
        {
            if (topics.get(i).matches(buffer, offset, length))
            {
                return true;
            }
        }
        return false;
    }
}
