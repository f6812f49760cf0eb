package io.ringcast.engine.assemble;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.EventHandler;
import org.agrona.DeadlineTimerWheel;
import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2ObjectHashMap;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.event.EventSlot;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.delivery.CloseReason;
import io.ringcast.engine.delivery.DeliveryPort;
import io.ringcast.engine.metrics.EngineMetrics;
import io.ringcast.engine.subscription.CommandListener;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.engine.util.EngineClock;

/**
 * Assemble stage, last on the ring (after both journal and match, so nothing reaches a subscriber that a
 * restart could forget): puts each matched event into its subscriptions' open batches and hands closed
 * batches to the {@link DeliveryPort}. A batch closes on its size, its linger (timers on Agrona's
 * {@link DeadlineTimerWheel}, driven from this thread at the end of every ring batch and on the wait
 * strategy's timeout), at once for a CRITICAL event, or at the end of the ring batch when linger is 0.
 * <p>
 * Owns, on its thread alone: the open batches, the record pool, the timer wheel and its own table of
 * subscriptions by handle (kept in step with the match stage by the commands, which it sees in ring order).
 * It also answers each command's listener, after the command has taken effect everywhere.
 */
public final class AssembleStage implements EventHandler<EventSlot>, DeadlineTimerWheel.TimerHandler
{
    // 2^18 ns = 262 µs ticks: lingers fire within a quarter millisecond of their deadline
    private static final long TICK_NANOS = 1L << 17; // 131 µs: how late a linger may close at most

    private final DeliveryPort port;
    private final EngineClock clock;
    private final EngineMetrics metrics;
    private final EventRecordPool records;
    private long nextWakeNanos = Long.MAX_VALUE;
    private final DeadlineTimerWheel wheel;
    private final Long2ObjectHashMap<Batch> batchByTimer = new Long2ObjectHashMap<>();
    private final IntArrayList closeAtEndOfBatch = new IntArrayList();
    private Batch[] freeBatches = new Batch[64];
    private int freeBatchCount;
    private Subscription[] subscriptions = new Subscription[1024];
    private Batch[] open = new Batch[1024];
    private int openCount;

    /**
     * @param maxPendingEvents records (distinct events) open batches may hold before all are flushed early
     */
    public AssembleStage(final DeliveryPort port, final EngineClock clock, final EngineMetrics metrics,
        final CodecLimits limits, final int maxPendingEvents)
    {
        this.port = port;
        this.clock = clock;
        this.metrics = metrics;
        this.records = new EventRecordPool(limits, maxPendingEvents);
        this.wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, clock.nanoTime(), TICK_NANOS, 1024);
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        final EventKind kind = slot.kind();
        if (kind == EventKind.PUBLISH)
        {
            if (!slot.duplicate() && !slot.journalFailed() && !slot.matched().isEmpty())
            {
                assemble(slot);
            }
        }
        else if (kind != EventKind.NOOP)
        {
            applyCommand(slot);
        }
        if (endOfBatch)
        {
            closeEndOfBatch();
            pollTimers();
            endOfRound();
        }
    }

    @Override
    public void onTimeout(final long sequence)
    {
        pollTimers();
        endOfRound();
    }

    @Override
    public void onShutdown()
    {
        flushAll(Batch.Trigger.SHUTDOWN);
        endOfRound();
    }

    private void endOfRound()
    {
        try
        {
            port.endOfRound();
        }
        catch (final RuntimeException ex)
        {
            metrics.stageErrors.incrementShared();
        }
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

    private void assemble(final EventSlot slot)
    {
        final EventRecord record = acquireRecord(slot);
        final boolean critical = slot.view().priorityCode() == Priority.CRITICAL.ordinal();
        final IntArrayList matched = slot.matched();
        // this loop's own reference: a batch closed inside the loop releases its reference at once, and without
        // this one the record would go back to the pool while later subscriptions still add it to their batches
        record.retain();
        for (int i = 0, n = matched.size(); i < n; i++)
        {
            final int handle = matched.getInt(i);
            final Subscription s = subscriptions[handle];
            if (s == null)
            {
                continue;
            }
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
            else if (batch.size() >= s.batch().maxSize())
            {
                close(batch, Batch.Trigger.SIZE, true);
            }
        }
        if (record.releaseOne() == 0)
        {
            port.release(record);
            records.release(record);
        }
    }

    private EventRecord acquireRecord(final EventSlot slot)
    {
        EventRecord record = records.acquire();
        if (record == null)
        {
            // every record is held by an open batch: flushing them all returns them to the pool
            metrics.forcedFlushes.increment();
            flushAll(Batch.Trigger.FORCED);
            record = records.acquire();
        }
        record.copyOf(slot.view(), slot.ingestNanos());
        return record;
    }

    private void redrive(final EventSlot slot)
    {
        final Subscription s = slot.subscription();
        final int handle = s.handle();
        if (open[handle] != null)
        {
            close(open[handle], Batch.Trigger.REDRIVE, true);
        }
        final EventRecord record = acquireRecord(slot);
        final Batch batch = openBatch(s, handle);
        batch.add(record);
        record.retain();
        close(batch, Batch.Trigger.REDRIVE, true);
    }

    private Batch openBatch(final Subscription s, final int handle)
    {
        final Batch batch = freeBatchCount > 0 ? freeBatches[--freeBatchCount] : new Batch();
        batch.open(s);
        open[handle] = batch;
        openCount++;
        final long linger = s.batch().lingerNanos();
        if (linger == 0)
        {
            closeAtEndOfBatch.addInt(handle);
        }
        else
        {
            final long deadline = clock.nanoTime() + linger;
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
            final EventRecord record = batch.get(i);
            if (record.releaseOne() == 0)
            {
                port.release(record);
                records.release(record);
            }
        }
        batch.clear();
        if (freeBatchCount == freeBatches.length)
        {
            freeBatches = Arrays.copyOf(freeBatches, freeBatchCount * 2);
        }
        freeBatches[freeBatchCount++] = batch;
    }

    private void closeEndOfBatch()
    {
        for (int i = 0, n = closeAtEndOfBatch.size(); i < n; i++)
        {
            final int handle = closeAtEndOfBatch.getInt(i);
            final Batch batch = open[handle];
            // the handle may since have been flushed and reused by a subscription that lingers
            if (batch != null && batch.subscription().batch().lingerNanos() == 0)
            {
                close(batch, Batch.Trigger.END_OF_BATCH, true);
            }
        }
        closeAtEndOfBatch.clear();
    }

    private void pollTimers()
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

    /**
     * How long until a lingering batch may be due, in nanoseconds (0 when one is due now; {@link Long#MAX_VALUE}
     * when no batch lingers). The stage's wait strategy wakes the thread no later than this, so a batch closes at
     * its linger and not at the next idle timeout. The stage's thread only; no allocation.
     */
    public long nanosUntilWake()
    {
        if (nextWakeNanos == Long.MAX_VALUE)
        {
            return Long.MAX_VALUE;
        }
        return Math.max(0, nextWakeNanos - clock.nanoTime());
    }

    private void flushAll(final Batch.Trigger trigger)
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

    private void drop(final int handle)
    {
        final Batch batch = open[handle];
        if (batch != null)
        {
            close(batch, null, false);
        }
    }

    private void applyCommand(final EventSlot slot)
    {
        final CommandStatus status = slot.status();
        if (status == CommandStatus.OK)
        {
            final IntArrayList handles = slot.matched();
            switch (slot.kind())
            {
                case SUBSCRIBE:
                {
                    final Subscription s = slot.subscription();
                    ensureCapacity(s.handle());
                    subscriptions[s.handle()] = s;
                    s.stats().touch(clock.epochMillis());
                    break;
                }
                case UNSUBSCRIBE:
                    closeSubscriptions(handles, CloseReason.UNSUBSCRIBED);
                    break;
                case UNSUBSCRIBE_CLIENT:
                    closeSubscriptions(handles, CloseReason.CLIENT_GONE);
                    break;
                case EXPIRE_IDLE:
                    closeSubscriptions(handles, CloseReason.EXPIRED);
                    break;
                case REDRIVE:
                    redrive(slot);
                    break;
                case PAUSE:
                    drop(handles.getInt(0));
                    slot.subscription().stats().touch(clock.epochMillis());
                    break;
                default: // RESUME, UPDATE_FILTER: nothing held here changes
                    if (slot.subscription() != null)
                    {
                        slot.subscription().stats().touch(clock.epochMillis());
                    }
                    break;
            }
        }
        final CommandListener listener = slot.listener();
        if (listener != null)
        {
            endOfRound(); // batches delivered before the command reach the subscriber before its answer
            final Subscription s = slot.subscription();
            final String clientId = slot.clientId() != null ? slot.clientId() : s == null ? null : s.clientId();
            final String id = slot.subscriptionId() != null ? slot.subscriptionId() :
                s != null && slot.kind() == EventKind.SUBSCRIBE ? s.id() : null;
            try
            {
                listener.onCommandResult(slot.kind(), clientId, id, status, slot.seq());
            }
            catch (final RuntimeException ex)
            {
                metrics.stageErrors.incrementShared();
            }
        }
    }

    private void closeSubscriptions(final IntArrayList handles, final CloseReason reason)
    {
        for (int i = 0, n = handles.size(); i < n; i++)
        {
            final int handle = handles.getInt(i);
            drop(handle);
            final Subscription s = subscriptions[handle];
            subscriptions[handle] = null;
            if (s != null)
            {
                try
                {
                    port.onSubscriptionClosed(s, reason);
                }
                catch (final RuntimeException ex)
                {
                    metrics.stageErrors.incrementShared();
                }
            }
        }
    }

    private void ensureCapacity(final int handle)
    {
        if (handle >= subscriptions.length)
        {
            final int n = Math.max(handle + 1, subscriptions.length * 2);
            subscriptions = Arrays.copyOf(subscriptions, n);
            open = Arrays.copyOf(open, n);
        }
    }

    /** Events held by open batches right now. Assemble thread (tests read after draining). */
    int pendingEvents()
    {
        return records.inUse();
    }
}
