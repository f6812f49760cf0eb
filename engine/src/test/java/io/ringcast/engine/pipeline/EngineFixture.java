package io.ringcast.engine.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;

import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.Subscription;

/** Small builders shared by the engine's pipeline tests. */
final class EngineFixture
{
    private EngineFixture()
    {
    }

    static Event event(final String id, final String topic, final Priority priority, final Map<String, Object> attrs)
    {
        return new Event(0, id, "", topic, priority, 1_700_000_000_000L, attrs, ContentType.JSON,
            ("{\"n\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    static Event event(final String id, final String topic)
    {
        return event(id, topic, Priority.NORMAL, Map.of("providerName", "openai", "severity", 2L));
    }

    static PublishStatus publish(final EnginePublisher publisher, final Event event, final AckRecorder acks,
        final long correlationId)
    {
        final byte[] bytes = event.toBytes();
        return publisher.publish(new UnsafeBuffer(bytes), 0, bytes.length, acks, correlationId);
    }

    static Subscription subscription(final String client, final String id, final String pattern, final Filter filter,
        final BatchPolicy batch)
    {
        return new Subscription(client, id, TopicPattern.parse(pattern), filter, batch, 0);
    }
}
