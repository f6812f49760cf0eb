package io.ringcast.engine.pipeline;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;

/**
 * The default wait: block on the ring's cursor like {@code LiteTimeoutBlockingWaitStrategy} (parking the waiting
 * stage threads, which publishers unpark only when one signalled it waits), but when the
 * cursor is ahead and the stage waits on an upstream stage, back off (spin, yield, then short parks)
 * instead of spinning. The Disruptor's blocking strategies busy-spin on upstream stages, and on a
 * two-core machine that spin takes the very core the upstream stage needs.
 * <p>
 * Times out after {@code timeoutNanos} in either phase, so an idle stage's {@code onTimeout} runs, or sooner when
 * the waiting thread registered a wake source ({@link #wakeThisThreadFor}) that asks for it: the assemble stage's
 * lingering batches close at their deadline instead of at the next idle timeout.
 */
final class BlockingBackoffWaitStrategy implements WaitStrategy
{
    private static final int SPINS = 64;
    private static final int YIELDS = 64;
    private static final long PARK_NANOS = 1_000; // the OS rounds this up to its timer slack (~50 µs on Linux)

    private static final ThreadLocal<LongSupplier> WAKE = new ThreadLocal<>();

    private static final int MAX_WAITERS = 16; // stage threads of one ring: a handful

    private final AtomicReferenceArray<Thread> waiters = new AtomicReferenceArray<>(MAX_WAITERS);
    private final AtomicBoolean signalNeeded = new AtomicBoolean(false);
    private final long timeoutNanos;

    BlockingBackoffWaitStrategy(final long timeoutNanos)
    {
        this.timeoutNanos = timeoutNanos;
    }

    /**
     * Registers, for the calling stage thread, how long until its stage wants to run even without events
     * ({@link Long#MAX_VALUE}: no wish); waits time out no later than that. Call from the stage's {@code onStart}.
     */
    static void wakeThisThreadFor(final LongSupplier nanosUntilWake)
    {
        WAKE.set(nanosUntilWake);
    }

    @Override
    public long waitFor(final long sequence, final Sequence cursor, final Sequence dependentSequence,
        final SequenceBarrier barrier) throws AlertException, InterruptedException, TimeoutException
    {
        long deadline = 0;
        if (cursor.get() < sequence)
        {
            deadline = System.nanoTime() + timeout();
            final int slot = register(Thread.currentThread());
            try
            {
                while (cursor.get() < sequence)
                {
                    signalNeeded.set(true); // before the re-check: a publisher that misses it cannot miss us
                    barrier.checkAlert();
                    final long remaining = deadline - System.nanoTime();
                    if (remaining <= 0)
                    {
                        throw TimeoutException.INSTANCE;
                    }
                    if (cursor.get() >= sequence)
                    {
                        break;
                    }
                    // parkNanos waits to the nanosecond (Object.wait rounds up to whole milliseconds, which made a
                    // 1 ms batch linger close at about 2 ms) and, unlike a Condition, allocates nothing per wait
                    LockSupport.parkNanos(this, remaining);
                }
            }
            finally
            {
                waiters.set(slot, null);
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
                    deadline = System.nanoTime() + timeout();
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

    private long timeout()
    {
        final LongSupplier wake = WAKE.get(); // only when about to wait: the ring's busy path never comes here
        return wake == null ? timeoutNanos : Math.min(timeoutNanos, wake.getAsLong());
    }

    /** Takes a free waiter slot for {@code thread}; the ring has far fewer stage threads than slots. */
    private int register(final Thread thread)
    {
        while (true)
        {
            for (int i = 0; i < MAX_WAITERS; i++)
            {
                if (waiters.get(i) == null && waiters.compareAndSet(i, null, thread))
                {
                    return i;
                }
            }
            Thread.onSpinWait(); // more than MAX_WAITERS stage threads would wait here: not a layout the engine builds
        }
    }

    @Override
    public void signalAllWhenBlocking()
    {
        if (signalNeeded.getAndSet(false))
        {
            for (int i = 0; i < MAX_WAITERS; i++)
            {
                final Thread waiter = waiters.get(i);
                if (waiter != null)
                {
                    LockSupport.unpark(waiter);
                }
            }
        }
    }

    @Override
    public String toString()
    {
        return "BlockingBackoffWaitStrategy{timeoutNanos=" + timeoutNanos + "}";
    }
}
