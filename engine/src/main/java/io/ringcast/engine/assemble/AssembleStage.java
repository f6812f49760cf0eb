package io.ringcast.engine.assemble;

import java.util.Arrays;
import java.util.function.ObjIntConsumer;

import com.lmax.disruptor.EventHandler;
import org.agrona.collections.IntArrayList;

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
 * restart could forget): runs each matched (event, subscription) through the user's {@link DeliveryPolicies}, puts
 * what they let through into the subscription's open batch ({@link OpenBatches}: closed on size, linger, a CRITICAL
 * event or the end of the ring batch, then handed to the {@link DeliveryPort}), and drives the batches' and the
 * policies' timers at the end of every ring batch and on the wait strategy's timeout.
 * <p>
 * Owns, on its thread alone: the open batches, the policies' state and its own table of subscriptions by handle
 * (kept in step with the match stage by the commands, which it sees in ring order). It applies preference
 * commands, saves applied state changes to the journal's state log, and answers each command's listener after the
 * command has taken effect everywhere.
 */
public final class AssembleStage implements EventHandler<EventSlot>
{
    private final DeliveryPort port;
    private final JournalPort journal;
    private final DeliveryPolicies policies;
    private final OpenBatches batches;
    private final EngineClock clock;
    private final EngineMetrics metrics;
    private Subscription[] subscriptions = new Subscription[1024];

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
        this.policies = new DeliveryPolicies(this, clock, rateLimits, users, maxHeldEvents);
        this.batches = new OpenBatches(port, clock, metrics, limits, maxPendingEvents, maxHeldEvents, policies);
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
            batches.closeEndOfBatch();
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
        batches.flushAll(Batch.Trigger.SHUTDOWN);
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

    private void assemble(final EventSlot slot)
    {
        final EventRecord record = batches.acquire(slot.view(), slot.ingestNanos());
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
            batches.add(s, handle, record, critical);
        }
        batches.release(record);
    }

    private void redrive(final EventSlot slot)
    {
        final Subscription s = slot.subscription();
        final EventRecord record = batches.acquire(slot.view(), slot.ingestNanos());
        batches.deliverAlone(s, s.handle(), record, Batch.Trigger.REDRIVE);
    }

    private void pollTimers()
    {
        policies.poll();
        batches.pollTimers();
    }

    /**
     * How long until a lingering batch or a policy deadline may be due, in nanoseconds (0 when one is due now;
     * {@link Long#MAX_VALUE} when nothing waits). The stage's wait strategy wakes the thread no later than this, so
     * a batch closes at its linger and not at the next idle timeout. The stage's thread only; no allocation.
     */
    public long nanosUntilWake()
    {
        return Math.min(policies.nanosUntilWake(), batches.nanosUntilWake());
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
                    batches.ensureCapacity(s.handle());
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
                    batches.drop(handles.getInt(0));
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
            batches.drop(handle);
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
            subscriptions = Arrays.copyOf(subscriptions, Math.max(handle + 1, subscriptions.length * 2));
        }
    }

    /** Adds a record a policy held to the subscription's open batch (opening one), closing it when full. */
    void addReleased(final int handle, final EventRecord record)
    {
        final Subscription s = subscriptions[handle];
        if (s != null)
        {
            batches.add(s, handle, record, false);
        }
    }

    /** Closes the subscription's open batch (if any) with {@code trigger}: released events go out at once. */
    void closeReleased(final int handle, final Batch.Trigger trigger)
    {
        batches.closeOpen(handle, trigger);
    }

    /** Delivers a digest of {@code digest[0..kept)} summing up {@code count} events (see {@link OpenBatches}). */
    void deliverDigest(final int handle, final EventRecord[] digest, final int kept, final long count)
    {
        final Subscription s = subscriptions[handle];
        if (s != null)
        {
            batches.deliverDigest(s, handle, digest, kept, count);
        }
    }

    /** A policy keeps a reference to {@code record}. */
    void retainRecord(final EventRecord record)
    {
        batches.retain(record);
    }

    /** A policy lets go of its reference to {@code record}; the last reference returns it to the pool. */
    void releaseRecord(final EventRecord record)
    {
        batches.release(record);
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
        return batches.recordsInUse();
    }
}
