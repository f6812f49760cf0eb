package io.ringcast.engine.assemble;

import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import io.ringcast.engine.event.Priority;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.policy.DigestMode;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.policy.QuietHours;
import io.ringcast.engine.subscription.BatchPolicy;

/** A test builder of {@link Preferences}, starting from the defaults. */
final class Prefs
{
    private Priority minPriority = Priority.LOW;
    private List<TopicPattern> topics = List.of();
    private ZoneId zone = ZoneId.of("UTC");
    private QuietHours quiet = QuietHours.NONE;
    private DigestMode digest = DigestMode.IMMEDIATE;
    private LocalTime digestAt = LocalTime.of(9, 0);
    private int digestMax = 50;
    private int maxPerHour;
    private BatchPolicy batch;

    static Prefs builder()
    {
        return new Prefs();
    }

    Prefs minPriority(final Priority p)
    {
        minPriority = p;
        return this;
    }

    Prefs topics(final String... patterns)
    {
        topics = java.util.Arrays.stream(patterns).map(TopicPattern::parse).toList();
        return this;
    }

    Prefs zone(final String id)
    {
        zone = ZoneId.of(id);
        return this;
    }

    Prefs quiet(final QuietHours q)
    {
        quiet = q;
        return this;
    }

    Prefs digest(final DigestMode mode, final String at, final int max)
    {
        digest = mode;
        digestAt = LocalTime.parse(at);
        digestMax = max;
        return this;
    }

    Prefs maxPerHour(final int max)
    {
        maxPerHour = max;
        return this;
    }

    Prefs batch(final BatchPolicy policy)
    {
        batch = policy;
        return this;
    }

    Preferences build()
    {
        return new Preferences(minPriority, topics, zone, quiet, digest, digestAt, digestMax, maxPerHour, batch, null);
    }
}
