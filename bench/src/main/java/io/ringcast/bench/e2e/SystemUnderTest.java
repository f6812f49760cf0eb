package io.ringcast.bench.e2e;

/**
 * One server the harness measures: Ringcast, nats-server or Mosquitto. It starts the server (its own process, on free
 * loopback ports), makes publishers that speak the server's native TCP protocol, and says how subscribers speak to it
 * over WebSocket. The measuring itself (open-loop schedule, timestamps in the payload, HdrHistogram) is shared and
 * never knows which system it drives.
 * <p>
 * Topic model: the harness numbers topics 0..n-1; each system maps topic {@code k} to its own name (Ringcast topic
 * {@code bench.t<k>}, NATS subject {@code bench.t<k>}, MQTT topic {@code bench/t<k>}).
 * <p>
 * Threads: {@link #start} and {@link #close} on the harness's main thread; the rest from any thread.
 */
public interface SystemUnderTest extends AutoCloseable
{
    /** Short name for reports and plots: {@code ringcast}, {@code nats}, {@code mosquitto}. */
    String name();

    /** One line saying what runs: server version, protocols, client libraries. */
    String describe();

    /** Starts the server for this load (e.g. batch linger) and returns once it accepts connections. */
    void start(LoadSpec spec) throws Exception;

    /** The server's process id (for CPU from /proc), or -1 when it runs inside the harness. */
    long serverPid();

    /** A new publisher connection; each publisher thread gets its own. */
    BenchPublisher newPublisher() throws Exception;

    /** How WebSocket subscribers speak to this system. */
    SubscriberProtocol subscriberProtocol();

    /** Stops the server and removes what it wrote. Idempotent. */
    @Override
    void close();
}
