package io.ringcast.transport.webhook;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ringcast.engine.util.ManualClock;

import static org.junit.jupiter.api.Assertions.fail;

/** A {@link WebhookTimer} on a {@link ManualClock}: due tasks run, on the test's thread, when the test advances. */
final class ManualWebhookTimer implements WebhookTimer
{
    private record Entry(long dueNanos, long order, Runnable task)
    {
    }

    private final ManualClock clock;
    private final List<Entry> pending = new ArrayList<>();
    private long order;

    ManualWebhookTimer(final ManualClock clock)
    {
        this.clock = clock;
    }

    @Override
    public synchronized void schedule(final long delayMillis, final Runnable task)
    {
        pending.add(new Entry(clock.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMillis), order++, task));
        notifyAll();
    }

    /** Moves the clock forward and runs the tasks now due, earliest first. */
    void advance(final long millis)
    {
        final List<Entry> due = new ArrayList<>();
        synchronized (this)
        {
            clock.advance(millis, TimeUnit.MILLISECONDS);
            final long now = clock.nanoTime();
            pending.removeIf(e ->
            {
                if (e.dueNanos <= now)
                {
                    due.add(e);
                    return true;
                }
                return false;
            });
        }
        due.sort(Comparator.comparingLong(Entry::dueNanos).thenComparingLong(Entry::order));
        for (final Entry e : due)
        {
            e.task.run();
        }
    }

    /** Waits (up to 10 s) until at least {@code count} tasks are pending. */
    synchronized void awaitPending(final int count) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (pending.size() < count)
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                fail("expected " + count + " pending timer tasks within 10 s, have " + pending.size());
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /** Tasks pending now. */
    synchronized int pending()
    {
        return pending.size();
    }

    /** Milliseconds until the earliest pending task is due. */
    synchronized long millisUntilNext()
    {
        final long next = pending.stream().mapToLong(Entry::dueNanos).min().orElseThrow();
        return TimeUnit.NANOSECONDS.toMillis(next - clock.nanoTime());
    }
}
