package io.ringcast.tools;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import io.ringcast.client.PublishRejectedException;
import io.ringcast.client.RingcastPublisher;
import io.ringcast.engine.event.EventView;

/**
 * {@code replay --republish}: sends each replayed event to a running server over the binary TCP protocol, at most
 * {@code rate} events a second (0: as fast as the server takes them), pipelined, and counts the answers. The
 * events keep their ids and dedup keys, so republishing into a server that already holds them answers
 * "duplicate" instead of storing them twice; the target assigns its own seqs. Command line's thread.
 */
final class RepublishWriter implements EventWriter
{
    private final RingcastPublisher publisher;
    private final long nanosPerEvent;
    private final LongSupplier nanoTime;
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private byte[] scratch = new byte[1024];
    private long sent;
    private long startNanos = Long.MIN_VALUE;

    /** Pacing uses the real monotonic clock: a rate is a promise about real time, whatever clock tests inject. */
    RepublishWriter(final RingcastPublisher publisher, final long ratePerSecond)
    {
        this(publisher, ratePerSecond, System::nanoTime);
    }

    RepublishWriter(final RingcastPublisher publisher, final long ratePerSecond, final LongSupplier nanoTime)
    {
        this.publisher = publisher;
        this.nanosPerEvent = ratePerSecond <= 0 ? 0 : 1_000_000_000L / ratePerSecond;
        this.nanoTime = nanoTime;
    }

    @Override
    public void write(final EventView view)
    {
        pace();
        if (scratch.length < view.length())
        {
            scratch = new byte[Math.max(view.length(), scratch.length * 2)];
        }
        view.buffer().getBytes(view.offset(), scratch, 0, view.length());
        sent++;
        // the publisher copies the bytes into its frame before returning, so the scratch array is reused
        publisher.publish(scratch, 0, view.length()).whenComplete((ack, failure) ->
        {
            if (failure == null)
            {
                (ack.duplicate() ? duplicates : accepted).incrementAndGet();
                return;
            }
            rejected.incrementAndGet();
            final Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            firstError.compareAndSet(null, cause instanceof PublishRejectedException ? cause.getMessage() :
                cause.getClass().getSimpleName() + ": " + cause.getMessage());
        });
    }

    private void pace()
    {
        if (nanosPerEvent == 0)
        {
            return;
        }
        final long now = nanoTime.getAsLong();
        if (startNanos == Long.MIN_VALUE)
        {
            startNanos = now;
        }
        final long due = startNanos + sent * nanosPerEvent;
        for (long wait = due - nanoTime.getAsLong(); wait > 0; wait = due - nanoTime.getAsLong())
        {
            LockSupport.parkNanos(wait);
        }
    }

    @Override
    public void flush()
    {
    }

    /**
     * Waits until every event sent has its answer, or {@code timeoutMillis} passed without progress.
     *
     * @return true when every event was answered
     */
    boolean awaitAnswers(final long timeoutMillis) throws InterruptedException
    {
        long answered = answered();
        long lastProgress = System.currentTimeMillis();
        while (answered < sent)
        {
            Thread.sleep(1);
            final long now = answered();
            if (now != answered)
            {
                answered = now;
                lastProgress = System.currentTimeMillis();
            }
            else if (System.currentTimeMillis() - lastProgress > timeoutMillis)
            {
                return false;
            }
        }
        return true;
    }

    /** Events that got a NACK or were lost with the connection. */
    long rejected()
    {
        return rejected.get();
    }

    /** One line for stderr: what was sent and what came back. */
    void printSummary(final PrintStream err)
    {
        err.println("republish: " + sent + " sent, " + accepted.get() + " accepted, " + duplicates.get() +
            " duplicates, " + rejected.get() + " rejected" +
            (firstError.get() == null ? "" : " (first: " + firstError.get() + ")"));
    }

    private long answered()
    {
        return accepted.get() + duplicates.get() + rejected.get();
    }
}
