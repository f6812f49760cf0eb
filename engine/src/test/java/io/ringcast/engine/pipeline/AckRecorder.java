package io.ringcast.engine.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ringcast.engine.event.PublishCallback;

/** Records every publish outcome, for tests; waits on them. */
final class AckRecorder implements PublishCallback
{
    record Ack(long correlationId, long seq, String outcome, String reason)
    {
    }

    private final List<Ack> acks = new ArrayList<>();

    @Override
    public synchronized void onAccepted(final long correlationId, final long seq)
    {
        acks.add(new Ack(correlationId, seq, "accepted", null));
        notifyAll();
    }

    @Override
    public synchronized void onDuplicate(final long correlationId, final long originalSeq)
    {
        acks.add(new Ack(correlationId, originalSeq, "duplicate", null));
        notifyAll();
    }

    @Override
    public synchronized void onFailed(final long correlationId, final String reason)
    {
        acks.add(new Ack(correlationId, -1, "failed", reason));
        notifyAll();
    }

    synchronized List<Ack> awaitCount(final int n) throws InterruptedException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (acks.size() < n)
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                throw new AssertionError("timed out waiting for " + n + " acks, have " + acks.size() + ": " + acks);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return new ArrayList<>(acks);
    }
}
