package io.ringcast.engine.pipeline;

import java.util.concurrent.locks.LockSupport;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;

/**
 * Spinning, yielding or sleeping wait that gives up after a timeout, so the stage's {@code onTimeout}
 * runs (the Disruptor's own spinning strategies never time out, and assemble needs its timer wheel polled).
 */
final class TimeoutWaitStrategy implements WaitStrategy
{
    private static final int SPINS_BEFORE_YIELD = 100;
    private static final int YIELDS_BEFORE_SLEEP = 100;
    private static final long SLEEP_NANOS = 50_000;

    private final WaitStrategyKind kind;
    private final long timeoutNanos;

    TimeoutWaitStrategy(final WaitStrategyKind kind, final long timeoutNanos)
    {
        this.kind = kind;
        this.timeoutNanos = timeoutNanos;
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
        final SequenceBarrier barrier) throws AlertException, TimeoutException
    {
        long available;
        long deadline = 0;
        int idle = 0;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            idle++;
            if ((idle & 63) == 0)
            {
                final long now = System.nanoTime();
                if (deadline == 0)
                {
                    deadline = now + timeoutNanos;
                }
                else if (now - deadline > 0)
                {
                    throw TimeoutException.INSTANCE;
                }
            }
            switch (kind)
            {
                case BUSY_SPIN:
                    Thread.onSpinWait();
                    break;
                case YIELDING:
                    if (idle > SPINS_BEFORE_YIELD)
                    {
                        Thread.yield();
                    }
                    else
                    {
                        Thread.onSpinWait();
                    }
                    break;
                default:
                    if (idle > SPINS_BEFORE_YIELD + YIELDS_BEFORE_SLEEP)
                    {
                        LockSupport.parkNanos(SLEEP_NANOS);
                    }
                    else if (idle > SPINS_BEFORE_YIELD)
                    {
                        Thread.yield();
                    }
                    else
                    {
                        Thread.onSpinWait();
                    }
                    break;
            }
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
    }
}
