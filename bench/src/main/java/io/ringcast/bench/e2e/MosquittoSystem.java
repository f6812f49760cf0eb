package io.ringcast.bench.e2e;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Mosquitto as a system under test: started as a child process with an MQTT TCP listener (the publishers, Eclipse
 * Paho) and a {@code websockets} listener (the subscribers, MQTT 3.1.1 in binary WebSocket frames, subprotocol
 * {@code mqtt}), both on loopback, everything at QoS 0.
 * <p>
 * Topic model: harness topic {@code k} is the MQTT topic {@code bench/t<k>}, subscribed with that exact filter (no
 * wildcards), so one published message reaches every connection that subscribed it, which is how Ringcast's topic
 * with an always-true filter behaves.
 * <p>
 * Config, where it differs from Mosquitto's defaults and why:
 * <ul>
 *     <li>{@code allow_anonymous true}: 2.0 refuses anonymous clients once a listener is configured; the benchmark
 *     uses no authentication on any system.</li>
 *     <li>{@code set_tcp_nodelay true} (default false): Nagle's algorithm off, as nats-server and Ringcast have it,
 *     so Mosquitto is not measured with delayed-ACK stalls the others do not have.</li>
 *     <li>{@code max_queued_messages}: written out even at its default of 1,000, the limit on QoS 0 messages waiting
 *     in one client's outgoing queue; beyond it Mosquitto drops them silently, and the harness counts them as missing
 *     deliveries. At 1,000 connections and 100k deliveries/s that is 10 s of backlog per connection, so a drop means
 *     the broker is far behind, never that the limit was tight; {@link #MosquittoSystem(int)} runs another limit (0
 *     for none) to show what the default costs.</li>
 *     <li>{@code persistence false} (the default, written out): QoS 0 needs none, and it would write files.</li>
 * </ul>
 * <p>
 * Threads: {@link #start} and {@link #close} on the harness's main thread; the rest from any thread.
 */
public final class MosquittoSystem extends PeerSystem
{
    /** Mosquitto's own default for {@code max_queued_messages}. */
    public static final int DEFAULT_MAX_QUEUED_MESSAGES = 1000;

    private static final String BINARY = "mosquitto";

    private final int maxQueuedMessages;
    private final AtomicInteger publishers = new AtomicInteger();
    private volatile int topics;
    private String version;

    /** Mosquitto with its default {@code max_queued_messages} of 1,000 per client. */
    public MosquittoSystem()
    {
        this(DEFAULT_MAX_QUEUED_MESSAGES);
    }

    /**
     * Mosquitto with {@code max_queued_messages} set to {@code maxQueuedMessages} (0: no limit).
     *
     * @throws IllegalArgumentException when negative
     */
    public MosquittoSystem(final int maxQueuedMessages)
    {
        super(BINARY, "mosquitto.conf");
        if (maxQueuedMessages < 0)
        {
            throw new IllegalArgumentException("max_queued_messages must be >= 0 (0: no limit), was " +
                maxQueuedMessages);
        }
        this.maxQueuedMessages = maxQueuedMessages;
    }

    /**
     * {@code mosquitto} with the default queue limit, else {@code mosquitto-q<N>} or {@code mosquitto-unbounded},
     * so runs with different limits stay apart in reports and plots.
     */
    @Override
    public String name()
    {
        if (maxQueuedMessages == DEFAULT_MAX_QUEUED_MESSAGES)
        {
            return "mosquitto";
        }
        return maxQueuedMessages == 0 ? "mosquitto-unbounded" : "mosquitto-q" + maxQueuedMessages;
    }

    /** Server version, protocols, client libraries, queue limit. Runs {@code mosquitto -h} the first time. */
    @Override
    public synchronized String describe()
    {
        if (version == null)
        {
            version = PeerProcess.isInstalled(BINARY) ?
                PeerProcess.firstOutputLine(PeerProcess.findBinary(BINARY), "-h") : BINARY + " (not installed)";
        }
        return version + "; publishers: MQTT 3.1.1 over TCP, QoS 0, Eclipse Paho mqttv3 " +
            MqttPublisher.pahoVersion() + "; subscribers: MQTT 3.1.1 over WebSocket (subprotocol mqtt), QoS 0, " +
            "Netty; topics bench/t<k>; " +
            "max_queued_messages " + (maxQueuedMessages == 0 ? "unlimited" : Integer.toString(maxQueuedMessages));
    }

    @Override
    void prepare(final LoadSpec spec)
    {
        topics = spec.topics();
    }

    /** The Mosquitto config for these ports. */
    @Override
    String config(final int port, final int webSocketPort)
    {
        return "# written by the Ringcast benchmark harness\n" +
            "per_listener_settings false\n" +
            "allow_anonymous true\n" +
            "persistence false\n" +
            "set_tcp_nodelay true\n" +
            "max_queued_messages " + maxQueuedMessages + "\n" +
            "log_dest stderr\n" +
            "log_type error\n" +
            "log_type warning\n" +
            "log_type notice\n" +
            "connection_messages true\n" +
            "listener " + port + " 127.0.0.1\n" +
            "protocol mqtt\n" +
            "listener " + webSocketPort + " 127.0.0.1\n" +
            "protocol websockets\n";
    }

    /** A new Paho connection over TCP (see {@link MqttPublisher}). */
    @Override
    public BenchPublisher newPublisher() throws Exception
    {
        return new MqttPublisher(started().port(0), topics, "bench-publisher-" + publishers.incrementAndGet());
    }

    /** MQTT over WebSocket at {@code ws://127.0.0.1:<port>/mqtt}, subprotocol {@code mqtt}. */
    @Override
    public SubscriberProtocol subscriberProtocol()
    {
        final URI uri = URI.create("ws://127.0.0.1:" + started().port(1) + "/mqtt");
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
                return "mqtt";
            }

            @Override
            public SubscriberSession open(final int connection, final int[] topics)
            {
                return new MqttSubscriberSession(connection, topics);
            }
        };
    }
}
