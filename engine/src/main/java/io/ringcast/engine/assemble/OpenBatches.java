package io.ringcast.engine.assemble;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2ObjectHashMap;

import io.ringcast.engine.delivery.DeliveryPort;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.metrics.EngineMetrics;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.engine.util.EngineClock;

/**
 * The assemble stage's open batches, one per subscription handle, and the records they hold: opening a batch, adding
 * events, closing it on size, linger (timers on Agrona's {@link DeadlineTimerWheel}), a CRITICAL event, the end of
 * the ring batch (linger 0) or a forced flush, and handing it to the {@link DeliveryPort}. Records are
 * reference-counted by the batches (and the policies) that hold them and go back to the pool with the last.
 * <p>
 * Assemble thread only. Nothing here allocates in steady state: batches and records are pooled.
 */
final class OpenBatches implements DeadlineTimerWheel.TimerHandler
{
    private static final long TICK_NANOS = 1L << 17; // 131 µs: how late a linger may close at most

    private final DeliveryPort port;
    private final EngineClock clock;
    private final EngineMetrics metrics;
    private final DeliveryPolicies policies;
    private final EventRecordPool records;
    private final int maxPendingEvents;
    private final DeadlineTimerWheel wheel;
    private final Long2ObjectHashMap<Batch> batchByTimer = new Long2ObjectHashMap<>();
    private final IntArrayList closeAtEndOfBatch = new IntArrayList();
    private long nextWakeNanos = Long.MAX_VALUE;
    private Batch[] freeBatches = new Batch[64];
    private int freeBatchCount;
    private Batch[] open = new Batch[1024];
    private int openCount;

    /**
     * @param maxPendingEvents records (distinct events) open batches may hold before all are flushed early
     * @param maxHeldEvents    records the policies may hold besides (room kept for them in the pool)
     * @param policies         each subscription's batching (its user's preference or its own) and the held count
     */
    OpenBatches(final DeliveryPort port, final EngineClock clock, final EngineMetrics metrics, final CodecLimits limits,
        final int maxPendingEvents, final int maxHeldEvents, final DeliveryPolicies policies)
    {
        this.port = port;
        this.clock = clock;
        this.metrics = metrics;
        this.policies = policies;
        // held events keep their records: room for them beside the open batches', so a forced flush always frees some
        this.records = new EventRecordPool(limits, maxPendingEvents + maxHeldEvents);
        this.maxPendingEvents = maxPendingEvents;
        this.wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, clock.nanoTime(), TICK_NANOS, 1024);
    }

    /** A record holding a copy of {@code view}, flushing every open batch first when the pool is at its bound. */
    EventRecord acquire(final EventView view, final long ingestNanos)
    {
        // the records policies hold have their own room in the pool: only the open batches' count toward the flush
        EventRecord record = records.inUse() - policies.held() >= maxPendingEvents ? null : records.acquire();
        if (record == null)
        {
            // every record is held by an open batch: flushing them all returns them to the pool
            metrics.forcedFlushes.increment();
            flushAll(Batch.Trigger.FORCED);
            record = records.acquire();
        }
        record.copyOf(view, ingestNanos);
        return record;
    }

    /**
     * Adds {@code record} to the subscription's open batch (opening one), closing it at once for a CRITICAL event
     * or when it is full.
     */
    void add(final Subscription s, final int handle, final EventRecord record, final boolean critical)
    {
        Batch batch = open[handle];
        if (batch == null)
        {
            batch = openBatch(s, handle);
        }
        batch.add(record);
        record.retain();
        if (critical)
        {
            close(batch, Batch.Trigger.CRITICAL, true);
        }
        else if (batch.size() >= policies.batchOf(s).maxSize())
        {
            close(batch, Batch.Trigger.SIZE, true);
        }
    }

    /** Delivers {@code record} alone in a batch closed with {@code trigger}, after the subscription's open batch. */
    void deliverAlone(final Subscription s, final int handle, final EventRecord record, final Batch.Trigger trigger)
    {
        closeOpen(handle, trigger);
        final Batch batch = openBatch(s, handle);
        batch.add(record);
        record.retain();
        close(batch, trigger, true);
    }

    /**
     * Delivers a digest: the subscription's open batch first, then {@code digest[0..kept)} in one batch that says
     * it sums up {@code count} events.
     */
    void deliverDigest(final Subscription s, final int handle, final EventRecord[] digest, final int kept,
        final long count)
    {
        closeOpen(handle, Batch.Trigger.DIGEST);
        final Batch batch = freeBatchCount > 0 ? freeBatches[--freeBatchCount] : new Batch();
        batch.open(s);
        open[handle] = batch;
        openCount++;
        for (int i = 0; i < kept; i++)
        {
            batch.add(digest[i]);
            digest[i].retain();
        }
        batch.digestCount(count);
        close(batch, Batch.Trigger.DIGEST, true);
    }

    /** Closes and delivers the subscription's open batch, if any, with {@code trigger}. */
    void closeOpen(final int handle, final Batch.Trigger trigger)
    {
        final Batch batch = open[handle];
        if (batch != null)
        {
            close(batch, trigger, true);
        }
    }

    /** Drops the subscription's open batch undelivered (it is gone or paused). */
    void drop(final int handle)
    {
        final Batch batch = open[handle];
        if (batch != null)
        {
            close(batch, null, false);
        }
    }

    /** Takes one more reference to {@code record}. */
    void retain(final EventRecord record)
    {
        record.retain();
    }

    /** Lets go of one reference to {@code record}; the last returns it to the pool. */
    void release(final EventRecord record)
    {
        if (record.releaseOne() == 0)
        {
            port.release(record);
            records.release(record);
        }
    }

    /** Closes the linger-0 batches opened in this ring batch. */
    void closeEndOfBatch()
    {
        for (int i = 0, n = closeAtEndOfBatch.size(); i < n; i++)
        {
            final int handle = closeAtEndOfBatch.getInt(i);
            final Batch batch = open[handle];
            // the handle may since have been flushed and reused by a subscription that lingers
            if (batch != null && policies.batchOf(batch.subscription()).lingerNanos() == 0)
            {
                close(batch, Batch.Trigger.END_OF_BATCH, true);
            }
        }
        closeAtEndOfBatch.clear();
    }

    /** Closes the batches whose linger ran out. */
    void pollTimers()
    {
        if (batchByTimer.isEmpty())
        {
            nextWakeNanos = Long.MAX_VALUE;
            return;
        }
        final long now = clock.nanoTime();
        if (now < nextWakeNanos && now - wheel.currentTickTime() < TICK_NANOS)
        {
            return; // nothing can be due yet
        }
        // poll advances at most one tick per call: catch up with the clock
        long guard = (now - wheel.currentTickTime()) / TICK_NANOS + 2;
        while (guard-- > 0)
        {
            wheel.poll(now, this, Integer.MAX_VALUE);
            if (wheel.currentTickTime() > now || batchByTimer.isEmpty())
            {
                break;
            }
        }
        // the earliest deadline left is not known without a scan: look again one tick on while batches linger
        nextWakeNanos = batchByTimer.isEmpty() ? Long.MAX_VALUE : now + TICK_NANOS;
    }

    /** Nanoseconds until a lingering batch may be due (0: now; {@link Long#MAX_VALUE}: none lingers). */
    long nanosUntilWake()
    {
        if (nextWakeNanos == Long.MAX_VALUE)
        {
            return Long.MAX_VALUE;
        }
        return Math.max(0, nextWakeNanos - clock.nanoTime());
    }

    /** Closes every open batch with {@code trigger}. */
    void flushAll(final Batch.Trigger trigger)
    {
        for (int h = 0; h < open.length && openCount > 0; h++)
        {
            final Batch batch = open[h];
            if (batch != null)
            {
                close(batch, trigger, true);
            }
        }
        closeAtEndOfBatch.clear();
    }

    /** Makes room for handles up to {@code handle}. */
    void ensureCapacity(final int handle)
    {
        if (handle >= open.length)
        {
            open = Arrays.copyOf(open, Math.max(handle + 1, open.length * 2));
        }
    }

    /** Records in use (open batches and policies). */
    int recordsInUse()
    {
        return records.inUse();
    }

    @Override
    public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId)
    {
        final Batch batch = batchByTimer.remove(timerId);
        if (batch != null)
        {
            batch.timerId = -1;
            close(batch, Batch.Trigger.LINGER, true);
        }
        return true;
    }

    private Batch openBatch(final Subscription s, final int handle)
    {
        final Batch batch = freeBatchCount > 0 ? freeBatches[--freeBatchCount] : new Batch();
        batch.open(s);
        open[handle] = batch;
        openCount++;
        final long linger = policies.batchOf(s).lingerNanos();
        if (linger == 0)
        {
            closeAtEndOfBatch.addInt(handle);
        }
        else
        {
            final long now = clock.nanoTime();
            if (batchByTimer.isEmpty())
            {
                // after an idle spell the wheel's tick time lags the clock: polling would walk every idle tick
                wheel.resetStartTime(now);
            }
            final long deadline = now + linger;
            final long timerId = wheel.scheduleTimer(deadline);
            batch.timerId = timerId;
            batchByTimer.put(timerId, batch);
            nextWakeNanos = Math.min(nextWakeNanos, deadline);
        }
        return batch;
    }

    private void close(final Batch batch, final Batch.Trigger trigger, final boolean deliver)
    {
        final Subscription s = batch.subscription();
        if (batch.timerId != -1)
        {
            wheel.cancelTimer(batch.timerId);
            batchByTimer.remove(batch.timerId);
            batch.timerId = -1;
        }
        open[s.handle()] = null;
        openCount--;
        final int size = batch.size();
        if (deliver)
        {
            batch.close(trigger);
            final long now = clock.nanoTime();
            long totalNanos = 0;
            for (int i = 0; i < size; i++)
            {
                final long latency = now - batch.get(i).ingestNanos();
                totalNanos += latency;
                metrics.recordLatency(latency);
            }
            // counted before the hand-off, so whoever the port wakes sees the batch in the statistics
            s.stats().recordBatch(size, totalNanos, clock.epochMillis());
            metrics.batches.increment();
            metrics.eventsDelivered.add(size);
            try
            {
                port.deliver(batch);
            }
            catch (final RuntimeException ex)
            {
                s.stats().recordError();
            }
        }
        for (int i = 0; i < size; i++)
        {
            release(batch.get(i));
        }
        batch.clear();
        if (freeBatchCount == freeBatches.length)
        {
            freeBatches = Arrays.copyOf(freeBatches, freeBatchCount * 2);
        }
        freeBatches[freeBatchCount++] = batch;
    }
}
