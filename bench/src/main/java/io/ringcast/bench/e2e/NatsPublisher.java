package io.ringcast.bench.e2e;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.Nats;
import io.nats.client.Options;

/**
 * A jnats publisher connection over the NATS TCP protocol. {@link #publish} queues the message in jnats's outgoing
 * queue, which jnats's writer thread flushes on its own; nothing waits for the server. No reconnect: a lost connection
 * turns the following sends into errors rather than buffering them out of sight.
 * <p>
 * Threads: {@link #publish} and {@link #close} from one publisher thread; {@link #errors} from any.
 */
public final class NatsPublisher implements BenchPublisher
{
    /**
     * jnats's outgoing queue, in messages (its default is 5,000): deep enough that a burst does not make
     * {@code publish} wait, bounded so a dead server shows as errors ("Output queue is full") instead of memory.
     */
    static final int OUTGOING_QUEUE_MESSAGES = 65_536;

    private static final Duration CLOSE_FLUSH = Duration.ofSeconds(10);

    private final Connection connection;
    private final String[] subjects;
    private final AtomicLong errors = new AtomicLong();

    /**
     * Connects to {@code nats://127.0.0.1:port} and prepares the subjects of topics {@code 0..topics-1}.
     *
     * @throws IOException when the server cannot be reached
     */
    public NatsPublisher(final int port, final int topics, final String name) throws IOException, InterruptedException
    {
        final Options options = new Options.Builder()
            .server("nats://127.0.0.1:" + port)
            .connectionName(name)
            .noReconnect()
            .maxMessagesInOutgoingQueue(OUTGOING_QUEUE_MESSAGES)
            .errorListener(new ErrorListener()
            {
                @Override
                public void errorOccurred(final Connection conn, final String error)
                {
                    errors.incrementAndGet();
                }

                @Override
                public void exceptionOccurred(final Connection conn, final Exception exp)
                {
                    errors.incrementAndGet();
                }
            })
            .build();
        this.connection = Nats.connect(options);
        // subject strings built once, so a send builds none
        this.subjects = new String[topics];
        for (int k = 0; k < topics; k++)
        {
            subjects[k] = NatsSubscriberSession.subject(k);
        }
    }

    /**
     * Queues {@code payload} for subject {@code bench.t<topic>}. jnats keeps a reference to the array it is given
     * until its writer thread sends it, so the payload is copied (the caller reuses its array); jnats allocates its
     * message object as well. A refused send (closed connection, full queue) is counted, not thrown.
     *
     * @throws IllegalArgumentException when {@code topic} is outside the topics of the load
     */
    @Override
    public void publish(final int topic, final byte[] payload)
    {
        if (topic < 0 || topic >= subjects.length)
        {
            throw new IllegalArgumentException("topic " + topic + " outside 0.." + (subjects.length - 1));
        }
        try
        {
            connection.publish(subjects[topic], payload.clone());
        }
        catch (final IllegalStateException ex)
        {
            errors.incrementAndGet();
        }
    }

    /** Refused sends plus errors the server or jnats reported asynchronously. */
    @Override
    public long errors()
    {
        return errors.get();
    }

    /** Flushes what jnats still holds (waits for the server's answer to a {@code PING}, at most 10 s) and closes. */
    @Override
    public void close() throws Exception
    {
        try
        {
            if (connection.getStatus() == Connection.Status.CONNECTED)
            {
                connection.flush(CLOSE_FLUSH);
            }
        }
        finally
        {
            connection.close();
        }
    }
}
