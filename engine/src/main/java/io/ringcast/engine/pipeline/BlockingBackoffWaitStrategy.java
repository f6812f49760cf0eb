package io.ringcast.engine.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;

/**
 * The default wait: block on the ring's cursor like {@code LiteTimeoutBlockingWaitStrategy}, but when the
 * cursor is ahead and the stage waits on an upstream stage, back off (spin, yield, then short parks)
 * instead of spinning. The Disruptor's blocking strategies busy-spin on upstream stages, and on a
 * two-core machine that spin takes the very core the upstream stage needs.
 * <p>
 * Times out after {@code timeoutNanos} in either phase, so an idle stage's {@code onTimeout} runs.
 */
final class BlockingBackoffWaitStrategy implements WaitStrategy
{
    private static final int SPINS = 64;
    private static final int YIELDS = 64;
    private static final long PARK_NANOS = 1_000; // the OS rounds this up to its timer slack (~50 µs on Linux)

    private final Object mutex = new Object();
    private final AtomicBoolean signalNeeded = new AtomicBoolean(false);
    private final long timeoutNanos;

    BlockingBackoffWaitStrategy(final long timeoutNanos)
    {
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
        final SequenceBarrier barrier) throws AlertException, InterruptedException, TimeoutException
    {
        long deadline = 0;
        if (cursor.get() < sequence)
        {
            deadline = System.nanoTime() + timeoutNanos;
            synchronized (mutex)
            {
                while (cursor.get() < sequence)
                {
                    signalNeeded.getAndSet(true);
                    barrier.checkAlert();
                    final long remaining = deadline - System.nanoTime();
                    if (remaining <= 0)
                    {
                        throw TimeoutException.INSTANCE;
                    }
                    TimeUnit.NANOSECONDS.timedWait(mutex, remaining);
                }
            }
        }

        long available;
        int tries = 0;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            tries++;
            if (tries <= SPINS)
            {
                Thread.onSpinWait();
            }
            else if (tries <= SPINS + YIELDS)
            {
                Thread.yield();
            }
            else
            {
                if (deadline == 0)
                {
                    deadline = System.nanoTime() + timeoutNanos;
                }
                else if (System.nanoTime() - deadline > 0)
                {
                    throw TimeoutException.INSTANCE;
                }
                LockSupport.parkNanos(PARK_NANOS);
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        if (signalNeeded.getAndSet(false))
        {
            synchronized (mutex)
            {
                mutex.notifyAll();
            }
        }
    }

    @Override
    public String toString()
    {
        return "BlockingBackoffWaitStrategy{timeoutNanos=" + timeoutNanos + "}";
    }
}
