package io.ringcast.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * The checks both peer systems share: a clean start and stop, and a tiny end-to-end run through a real server with
 * the system's own publisher and subscriber sessions.
 */
final class PeerEndToEnd
{
    /** Two connections, two subscriptions each, fan-out 1: four topics (0..3). */
    static final LoadSpec SPEC = new LoadSpec(100, Duration.ofSeconds(1), Duration.ZERO, 2, 2, 1,
        Payloads.MIN_SIZE + 64, 0, 1);

    private static final long FENCE = 9_000_000_000_000_000_000L;
    private static final long WAIT_SECONDS = 10;

    private PeerEndToEnd()
    {
    }

    /** Starts, checks the server runs and its ports accept connections, closes twice, checks all is gone. */
    static void startsAndStopsCleanly(final SystemUnderTest system, final PeerProcess peerAfterStart)
        throws Exception
    {
        assertNotNull(peerAfterStart, "started");
        final long pid = system.serverPid();
        assertEquals(peerAfterStart.pid(), pid);
        assertTrue(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "server process runs");
        for (final int port : new int[]{peerAfterStart.port(0), peerAfterStart.port(1)})
        {
            try (Socket socket = new Socket())
            {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            }
        }
        final Path directory = peerAfterStart.directory();
        assertTrue(Files.isDirectory(directory));
        final Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        system.close();
        system.close();
        assertEquals(-1, system.serverPid());
        assertFalse(peerAfterStart.isAlive(), "server process stopped");
        handle.ifPresent(h -> assertFalse(h.isAlive()));
        assertFalse(Files.exists(directory), "temporary directory deleted");
    }

    /**
     * Connection 0 subscribes topics 0 and 1, connection 1 topics 1 and 2; ten messages go round topics 0..3 (3 has
     * no subscriber), then a fence message on topic 1 that both see last. Each connection must have received
     * exactly the timestamps of its topics, found by {@link Payloads#scan} in the raw frames.
     */
    static void deliversEachSubscriberExactlyItsMessages(final SystemUnderTest system) throws Exception
    {
        final int[][] subscriptions = {{0, 1}, {1, 2}};
        try (PeerWebSocketClient client = new PeerWebSocketClient())
        {
            final SubscriberProtocol protocol = system.subscriberProtocol();
            final List<PeerWebSocketClient.Connection> connections = new ArrayList<>();
            for (int c = 0; c < subscriptions.length; c++)
            {
                connections.add(client.connect(protocol, c, subscriptions[c]));
            }
            for (final PeerWebSocketClient.Connection connection : connections)
            {
                connection.ready.get(WAIT_SECONDS, TimeUnit.SECONDS);
            }
            final List<TreeSet<Long>> expected = List.of(new TreeSet<>(), new TreeSet<>());
            final byte[] payload = Payloads.template(SPEC.payloadBytes());
            try (BenchPublisher publisher = system.newPublisher())
            {
                for (int i = 0; i < 10; i++)
                {
                    final int topic = i % 4;
                    final long timestamp = 1_000_000L + i;
                    Payloads.stamp(payload, timestamp);
                    publisher.publish(topic, payload);
                    for (int c = 0; c < subscriptions.length; c++)
                    {
                        if (topic == subscriptions[c][0] || topic == subscriptions[c][1])
                        {
                            expected.get(c).add(timestamp);
                        }
                    }
                }
                Payloads.stamp(payload, FENCE);
                publisher.publish(1, payload);
                for (int c = 0; c < subscriptions.length; c++)
                {
                    final TreeSet<Long> received = new TreeSet<>();
                    int count = 0;
                    while (true)
                    {
                        final Long timestamp = connections.get(c).timestamps.poll(WAIT_SECONDS, TimeUnit.SECONDS);
                        assertNotNull(timestamp, "connection " + c + " got the fence; had " + received + ", failure " +
                            connections.get(c).failure);
                        if (timestamp == FENCE)
                        {
                            break;
                        }
                        received.add(timestamp);
                        count++;
                    }
                    assertEquals(expected.get(c), received, "connection " + c);
                    assertEquals(expected.get(c).size(), count, "connection " + c + " got no duplicates");
                }
                assertEquals(0, publisher.errors());
            }
        }
    }
}
