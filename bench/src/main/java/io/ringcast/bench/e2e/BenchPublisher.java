package io.ringcast.bench.e2e;

/**
 * A publisher connection of one system under test, over the system's native TCP protocol. {@link #publish} hands
 * the message to the client library and returns without waiting for any answer (open loop: the next send is never
 * held back by this one). One thread per instance.
 */
public interface BenchPublisher extends AutoCloseable
{
    /**
     * Sends {@code payload} on topic {@code topic} (see {@link SystemUnderTest} for the topic model). The payload
     * holds the message's scheduled send time ({@link Payloads}); the caller may reuse the array after the call.
     */
    void publish(int topic, byte[] payload) throws Exception;

    /** Sends that failed or were refused so far (counted, never retried). */
    long errors();

    /**
     * What the first counted failure was (e.g. the server's refusal), for the report, or null when none was kept.
     * Any thread.
     */
    default String firstError()
    {
        return null;
    }

    /** Flushes what is buffered and closes the connection. */
    @Override
    void close() throws Exception;
}
