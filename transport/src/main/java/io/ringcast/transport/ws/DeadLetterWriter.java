package io.ringcast.transport.ws;

import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.ringcast.journal.deadletter.DeadLetterReason;
import io.ringcast.journal.deadletter.DeadLetterStore;

/**
 * Records deliveries the server gives up on as dead letters from the engine's assemble thread: the events a slow
 * subscriber could not take (reason {@code slow_consumer}, under {@link SlowConsumerPolicy#DEAD_LETTER}), the events
 * the delivery policies could not hold ({@code hold_capacity}) and a server-side subscription's batches while its
 * user had no live session and no fallback webhook ({@code user_offline}). The store writes files, so the assemble
 * thread only copies the seqs and hands them to one writer thread.
 * <p>
 * Threads: {@link #record} from the assemble thread; the writes on this object's own thread.
 */
final class DeadLetterWriter implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(DeadLetterWriter.class.getName());

    private final DeadLetterStore store;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r ->
    {
        final Thread t = new Thread(r, "ringcast-dead-letter-writer");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong recorded = new AtomicLong();

    DeadLetterWriter(final DeadLetterStore store)
    {
        this.store = store;
    }

    /**
     * Dead-letters the events a slow subscriber could not take, {@code seqs[0..count)}. Assemble thread; allocates a
     * copy of the seqs and the task (the slow path only).
     */
    void recordSlowConsumer(final String subscriptionId, final String clientId, final long[] seqs, final int count,
        final long bytesOverLimit)
    {
        record(subscriptionId, clientId, seqs, count, DeadLetterReason.SLOW_CONSUMER,
            "the subscriber read too slowly: its outbound buffer was full (" + bytesOverLimit +
            " bytes to drain before it could take more)");
    }

    /**
     * Dead-letters events {@code seqs[0..count)} of the subscription with {@code reason} and {@code error}. Any
     * thread (the assemble thread in practice); allocates a copy of the seqs and the task.
     */
    void record(final String subscriptionId, final String clientId, final long[] seqs, final int count,
        final DeadLetterReason reason, final String error)
    {
        final long[] copy = Arrays.copyOf(seqs, count);
        final long now = System.currentTimeMillis();
        try
        {
            writer.execute(() -> write(subscriptionId, clientId, copy, reason, error, now));
        }
        catch (final RejectedExecutionException ex)
        {
            // closed with the WebSocket server, while the engine still flushes what its policies held at its stop:
            // write here rather than lose them (the store outlives both)
            write(subscriptionId, clientId, copy, reason, error, now);
        }
    }

    private void write(final String subscriptionId, final String clientId, final long[] seqs,
        final DeadLetterReason reason, final String error, final long now)
    {
        for (final long seq : seqs)
        {
            try
            {
                store.add(subscriptionId, clientId, seq, reason, 1, now, now, error);
                recorded.incrementAndGet();
            }
            catch (final RuntimeException ex)
            {
                LOG.log(System.Logger.Level.ERROR, "could not dead-letter seq " + seq + " of " + clientId + "/" +
                    subscriptionId, ex);
            }
        }
    }

    /** Events dead-lettered so far. Any thread. */
    long recorded()
    {
        return recorded.get();
    }

    /** Writes what is queued (up to 5 s), then stops the writer thread; later records are written by the caller. */
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
