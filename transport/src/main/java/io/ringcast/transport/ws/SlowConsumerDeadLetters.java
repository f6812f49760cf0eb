package io.ringcast.transport.ws;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.ringcast.journal.deadletter.DeadLetterReason;
import io.ringcast.journal.deadletter.DeadLetterStore;

/**
 * Records the events a slow subscriber could not take as dead letters (reason {@code slow_consumer}) under
 * {@link SlowConsumerPolicy#DEAD_LETTER}. The store writes files, so the assemble thread only copies the seqs and
 * hands them to one writer thread.
 * <p>
 * Threads: {@link #record} from the assemble thread; the writes on this object's own thread.
 */
final class SlowConsumerDeadLetters implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(SlowConsumerDeadLetters.class.getName());

    private final DeadLetterStore store;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r ->
    {
        final Thread t = new Thread(r, "ringcast-slow-consumer-dead-letters");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong recorded = new AtomicLong();

    SlowConsumerDeadLetters(final DeadLetterStore store)
    {
        this.store = store;
    }

    /**
     * Dead-letters events {@code seqs[0..count)} of the subscription. Assemble thread; allocates a copy of the seqs
     * and the task (the slow path only).
     */
    void record(final String subscriptionId, final String clientId, final long[] seqs, final int count,
        final long bytesOverLimit)
    {
        final long[] copy = Arrays.copyOf(seqs, count);
        final long now = System.currentTimeMillis();
        writer.execute(() ->
        {
            final String error = "the subscriber read too slowly: its outbound buffer was full (" + bytesOverLimit +
                " bytes to drain before it could take more)";
            for (final long seq : copy)
            {
                try
                {
                    store.add(subscriptionId, clientId, seq, DeadLetterReason.SLOW_CONSUMER, 1, now, now, error);
                    recorded.incrementAndGet();
                }
                catch (final RuntimeException ex)
                {
                    LOG.log(System.Logger.Level.ERROR, "could not dead-letter seq " + seq + " of " + clientId + "/" +
                        subscriptionId, ex);
                }
            }
        });
    }

    /** Events dead-lettered so far. Any thread. */
    long recorded()
    {
        return recorded.get();
    }

    /** Writes what is queued (up to 5 s), then stops the writer thread. */
    @Override
    public void close()
    {
        writer.shutdown();
        try
        {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
