package io.ringcast.engine.assemble;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.ObjIntConsumer;

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
import io.ringcast.engine.journal.JournalPort;
import io.ringcast.engine.metrics.EngineMetrics;
import io.ringcast.engine.policy.RateLimits;
import io.ringcast.engine.policy.UserPolicies;
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
    private final JournalPort journal;
    private final DeliveryPolicies policies;
    private final EngineClock clock;
    private final EngineMetrics metrics;
    private final EventRecordPool records;
    private final int maxPendingEvents;
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
     * A stage without rate limits or a state log (preferences still apply once set).
     *
     * @param maxPendingEvents records (distinct events) open batches may hold before all are flushed early
     */
    public AssembleStage(final DeliveryPort port, final EngineClock clock, final EngineMetrics metrics,
        final CodecLimits limits, final int maxPendingEvents)
    {
        this(port, null, clock, metrics, limits, maxPendingEvents, RateLimits.NONE, 65_536, new UserPolicies());
    }

    /**
     * @param journal          where applied state changes (preferences, server-side subscriptions) are saved, or
     *                         null
     * @param maxPendingEvents records (distinct events) open batches may hold before all are flushed early
     * @param rateLimits       the server's rate limits
     * @param maxHeldEvents    events the delivery policies may hold before more become dead letters
     * @param users            where users' preferences and policy counters are published to other threads
     */
    public AssembleStage(final DeliveryPort port, final JournalPort journal, final EngineClock clock,
        final EngineMetrics metrics, final CodecLimits limits, final int maxPendingEvents, final RateLimits rateLimits,
        final int maxHeldEvents, final UserPolicies users)
    {
        this.port = port;
        this.journal = journal;
        this.clock = clock;
        this.metrics = metrics;
        // held events keep their records: room for them beside the open batches', so a forced flush always frees some
        this.records = new EventRecordPool(limits, maxPendingEvents + maxHeldEvents);
        this.maxPendingEvents = maxPendingEvents;
        this.wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, clock.nanoTime(), TICK_NANOS, 1024);
        this.policies = new DeliveryPolicies(this, clock, rateLimits, users, maxHeldEvents);
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
        policies.shutdown();
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
            if (policies.active(handle) && policies.intercept(handle, record, critical))
            {
                continue; // dropped by a preference, or held by a policy (which retained the record)
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
            else if (batch.size() >= policies.batchOf(s).maxSize())
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
        // the records policies hold have their own room in the pool: only the open batches' count toward the flush
        EventRecord record = records.inUse() - policies.held() >= maxPendingEvents ? null : records.acquire();
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
            if (batch != null && policies.batchOf(batch.subscription()).lingerNanos() == 0)
            {
                close(batch, Batch.Trigger.END_OF_BATCH, true);
            }
        }
        closeAtEndOfBatch.clear();
    }

    private void pollTimers()
    {
        policies.poll();
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
        final long policy = policies.nanosUntilWake();
        if (nextWakeNanos == Long.MAX_VALUE)
        {
            return policy;
        }
        return Math.min(policy, Math.max(0, nextWakeNanos - clock.nanoTime()));
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
                    policies.onSubscribe(s);
                    s.stats().touch(clock.epochMillis());
                    break;
                }
                case PREFERENCES:
                    policies.setPreferences(slot.clientId(), slot.preferences());
                    break;
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
        CommandStatus answer = status;
        if (status == CommandStatus.OK && slot.stateRecord() != null && journal != null)
        {
            try
            {
                journal.appendState(slot.stateRecord());
            }
            catch (final RuntimeException ex)
            {
                metrics.stageErrors.incrementShared();
                answer = CommandStatus.NOT_SAVED;
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
                listener.onCommandResult(slot.kind(), clientId, id, answer, slot.seq());
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
            policies.onRemove(handle);
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

    /** Adds a record a policy held to the subscription's open batch (opening one), closing it when full. */
    void addReleased(final int handle, final EventRecord record)
    {
        final Subscription s = subscriptions[handle];
        if (s == null)
        {
            return;
        }
        Batch batch = open[handle];
        if (batch == null)
        {
            batch = openBatch(s, handle);
        }
        batch.add(record);
        record.retain();
        if (batch.size() >= policies.batchOf(s).maxSize())
        {
            close(batch, Batch.Trigger.SIZE, true);
        }
    }

    /** Closes the subscription's open batch (if any) with {@code trigger}: released events go out at once. */
    void closeReleased(final int handle, final Batch.Trigger trigger)
    {
        final Batch batch = open[handle];
        if (batch != null)
        {
            close(batch, trigger, true);
        }
    }

    /**
     * Delivers a digest: the subscription's pending batch first, then {@code records[0..kept)} in one batch that
     * says it sums up {@code count} events.
     */
    void deliverDigest(final int handle, final EventRecord[] digest, final int kept, final long count)
    {
        final Subscription s = subscriptions[handle];
        if (s == null)
        {
            return;
        }
        closeReleased(handle, Batch.Trigger.DIGEST);
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

    /** A policy keeps a reference to {@code record}. */
    void retainRecord(final EventRecord record)
    {
        record.retain();
    }

    /** A policy lets go of its reference to {@code record}; the last reference returns it to the pool. */
    void releaseRecord(final EventRecord record)
    {
        if (record.releaseOne() == 0)
        {
            port.release(record);
            records.release(record);
        }
    }

    /** Hands an event the policies cannot hold to the port as undeliverable (a dead letter). */
    void undeliverable(final int handle, final EventRecord record, final String reason, final String detail)
    {
        final Subscription s = subscriptions[handle];
        if (s == null)
        {
            return;
        }
        try
        {
            port.undeliverable(s, record, reason, detail);
        }
        catch (final RuntimeException ex)
        {
            s.stats().recordError();
        }
    }

    /** Calls {@code action} with the handle of each live subscription of {@code user}. Control path. */
    <T> void forEachSubscriptionOf(final String user, final ObjIntConsumer<T> action, final T target)
    {
        for (int h = 0; h < subscriptions.length; h++)
        {
            final Subscription s = subscriptions[h];
            if (s != null && s.user().equals(user))
            {
                action.accept(target, h);
            }
        }
    }

    /** Events held by open batches right now. Assemble thread (tests read after draining). */
    int pendingEvents()
    {
        return records.inUse();
    }
}
