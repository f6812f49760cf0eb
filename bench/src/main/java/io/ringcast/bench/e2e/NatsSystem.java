package io.ringcast.bench.e2e;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.Nats;

/**
 * nats-server as a system under test: started as a child process with a NATS TCP listener (the publishers, jnats)
 * and a WebSocket listener (the subscribers, NATS protocol in binary WebSocket frames), both on loopback.
 * <p>
 * Topic model: harness topic {@code k} is the subject {@code bench.t<k>}; each subscription is a plain
 * {@code SUB bench.t<k>} (no wildcards, no queue groups), so one published message reaches every connection that
 * subscribed its subject, which is how Ringcast's topic with an always-true filter behaves.
 * <p>
 * Config: only what the benchmark needs is set; everything else is nats-server's default ({@code write_deadline},
 * {@code ping_interval}, no auth, ...). {@code max_pending} is written out at its default of 64 MiB because the
 * subscribers' WebSocket client depends on it: nats-server sends everything pending for a connection as one
 * WebSocket frame (it splits frames only for clients whose User-Agent says they are browsers), so a subscriber
 * that fell behind gets frames up to {@link #MAX_PENDING_BYTES}, and a client with a smaller frame limit would drop
 * the connection exactly when the server is under pressure. A subscriber more than that behind is cut off as a slow
 * consumer, which the harness sees as missing deliveries. Whole protocol messages go into a frame, so a payload
 * timestamp never straddles two frames.
 * <p>
 * Threads: {@link #start} and {@link #close} on the harness's main thread; the rest from any thread.
 */
public final class NatsSystem extends PeerSystem
{
    /**
     * nats-server's {@code max_pending} (its default), the largest WebSocket frame it sends a subscriber: the
     * subscriber's WebSocket client must accept frames of this size.
     */
    public static final int MAX_PENDING_BYTES = 64 << 20;

    private static final String BINARY = "nats-server";
    private static final int DEFAULT_MAX_PAYLOAD = 1 << 20;

    private final AtomicInteger publishers = new AtomicInteger();
    private volatile int topics;
    private volatile int maxPayload = DEFAULT_MAX_PAYLOAD;
    private String version;

    /** A system that starts nats-server on {@link #start}. */
    public NatsSystem()
    {
        super(BINARY, "nats-server.conf");
    }

    /** {@code nats}. */
    @Override
    public String name()
    {
        return "nats";
    }

    /** Server version, protocols and client libraries. Runs {@code nats-server --version} the first time. */
    @Override
    public synchronized String describe()
    {
        if (version == null)
        {
            version = PeerProcess.isInstalled(BINARY) ?
                PeerProcess.firstOutputLine(PeerProcess.findBinary(BINARY), "--version") : BINARY + " (not installed)";
        }
        return version + "; publishers: NATS TCP protocol, jnats " + Nats.CLIENT_VERSION +
            "; subscribers: NATS protocol over WebSocket (binary frames, no compression), Netty; subjects bench.t<k>";
    }

    @Override
    void prepare(final LoadSpec spec)
    {
        topics = spec.topics();
        maxPayload = Math.max(DEFAULT_MAX_PAYLOAD, spec.payloadBytes());
    }

    @Override
    String config(final int port, final int webSocketPort)
    {
        return config(port, webSocketPort, maxPayload);
    }

    /** The nats-server config for these ports. */
    static String config(final int port, final int webSocketPort, final int maxPayload)
    {
        return "# written by the Ringcast benchmark harness\n" +
            "listen: 127.0.0.1:" + port + "\n" +
            "max_payload: " + maxPayload + "\n" +
            "max_pending: " + MAX_PENDING_BYTES + "\n" +
            "websocket {\n" +
            "  listen: \"127.0.0.1:" + webSocketPort + "\"\n" +
            "  no_tls: true\n" +
            "  compression: false\n" +
            "}\n";
    }

    /** A new jnats connection over TCP (see {@link NatsPublisher}). */
    @Override
    public BenchPublisher newPublisher() throws Exception
    {
        return new NatsPublisher(started().port(0), topics, "bench-publisher-" + publishers.incrementAndGet());
    }

    /** NATS over WebSocket at {@code ws://127.0.0.1:<port>/}, no subprotocol. */
    @Override
    public SubscriberProtocol subscriberProtocol()
    {
        final URI uri = URI.create("ws://127.0.0.1:" + started().port(1) + "/");
        return new SubscriberProtocol()
        {
            @Override
            public URI uri(final int connection)
            {
                return uri;
            }

            @Override
            public String subprotocol()
            {
                return null;
            }

            @Override
            public SubscriberSession open(final int connection, final int[] topics)
            {
                return new NatsSubscriberSession(connection, topics);
            }
        };
    }
}
