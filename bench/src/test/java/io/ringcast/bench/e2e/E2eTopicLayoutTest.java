package io.ringcast.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The subscriber layout: every topic on exactly fan-out distinct connections, no topic twice on a connection. */
class E2eTopicLayoutTest
{
    @Test
    void shouldPutEveryTopicOnFanOutDistinctConnections()
    {
        final int[][] layouts = {{1000, 1, 10}, {20, 1, 2}, {10, 3, 10}, {7, 4, 2}, {5, 5, 5}, {3, 2, 1}, {12, 5, 6}};
        for (final int[] l : layouts)
        {
            final LoadSpec spec = new LoadSpec(1000, Duration.ofSeconds(1), Duration.ZERO, l[0], l[1], l[2],
                Payloads.MIN_SIZE, 0, 1);
            final int[] subscribers = new int[spec.topics()];
            final Set<Long> topicOnConnection = new HashSet<>();
            for (int c = 0; c < spec.connections(); c++)
            {
                final int[] topics = TopicLayout.topicsOf(spec, c);
                assertEquals(spec.subscriptionsPerConnection(), topics.length);
                for (final int k : topics)
                {
                    subscribers[k]++;
                    assertEquals(true, topicOnConnection.add((long)c << 32 | k),
                        "topic " + k + " twice on connection " + c + " of " + spec);
                }
            }
            for (int k = 0; k < subscribers.length; k++)
            {
                assertEquals(spec.fanOut(), subscribers[k], "subscribers of topic " + k + " in " + spec);
            }
        }
    }
}
