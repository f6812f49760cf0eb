package io.ringcast.journal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ringcast.engine.event.PublishCallback;

/** Records publish outcomes for tests and waits on them: accepted seqs, or -1 with a reason for anything else. */
final class Acks implements PublishCallback
{
    private final List<Long> seqs = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    @Override
    public synchronized void onAccepted(final long correlationId, final long seq)
    {
        seqs.add(seq);
        notifyAll();
    }

    @Override
    public synchronized void onDuplicate(final long correlationId, final long originalSeq)
    {
        problems.add("duplicate " + correlationId);
        notifyAll();
    }

    @Override
    public synchronized void onFailed(final long correlationId, final String reason)
    {
        problems.add("failed " + correlationId + ": " + reason);
        notifyAll();
    }

    /** Waits for {@code n} answers and returns the accepted seqs; fails on any other answer. */
    synchronized List<Long> await(final int n) throws InterruptedException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (seqs.size() + problems.size() < n)
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                throw new AssertionError("timed out waiting for " + n + " acks, have " + seqs.size());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (!problems.isEmpty())
        {
            throw new AssertionError("not all accepted: " + problems);
        }
        return new ArrayList<>(seqs);
    }
}
