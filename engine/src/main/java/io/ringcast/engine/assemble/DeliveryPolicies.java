package io.ringcast.engine.assemble;

import java.util.Arrays;

import org.agrona.collections.IntArrayList;
import org.agrona.collections.Object2ObjectHashMap;

import io.ringcast.engine.event.EventView;
import io.ringcast.engine.policy.DigestSchedule;
import io.ringcast.engine.policy.PolicyTimers;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.policy.RateLimiter;
import io.ringcast.engine.policy.RateLimits;
import io.ringcast.engine.policy.UserPolicies;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.engine.util.EngineClock;

/**
 * The per-user delivery policies of the assemble stage: minimum priority, enabled topics, digests, quiet hours and
 * rate limits (per user and global). For each matched (event, subscription) the stage asks {@link #intercept}; an
 * event the policies do not take goes into the subscription's batch as before. Held events wait in their user's
 * {@link HeldEvents} (in arrival order) and digests in per-subscription buffers, until the user's deadline on the
 * {@link PolicyTimers} releases them through the stage.
 * <p>
 * Order of the rules for a non-critical event: priority and topic preferences drop it; a digest user collects it;
 * quiet hours hold it; a user with events already waiting queues it behind them; a rate limit over its budget
 * defers it. A CRITICAL event passes the preferences' priority floor and skips every hold, but is charged to the
 * rate limits. Events held through quiet hours are released together at its end (merged into one batch per
 * subscription, charged to the limits but not deferred by them: one notification); deferred events leave as the
 * limits allow.
 * <p>
 * Assemble thread only. Users without preferences, when no rate limit is on, get no state at all: their events never
 * enter this class beyond one array read. Per event nothing is allocated.
 */
final class DeliveryPolicies
{
    private final AssembleStage stage;
    private final EngineClock clock;
    private final RateLimits limits;
    private final RateLimiter global;
    private final UserPolicies directory;
    private final int maxHeld;
    private final String overflowDetail;
    private final Object2ObjectHashMap<String, UserPolicy> users = new Object2ObjectHashMap<>();
    private final PolicyTimers<UserPolicy> timers = new PolicyTimers<>();
    private final IntArrayList touched = new IntArrayList();
    private UserPolicy[] byHandle = new UserPolicy[1024];
    private int held;

    DeliveryPolicies(final AssembleStage stage, final EngineClock clock, final RateLimits limits,
        final UserPolicies directory, final int maxHeld)
    {
        this.stage = stage;
        this.clock = clock;
        this.limits = limits;
        this.global = RateLimiter.global(limits);
        this.directory = directory;
        this.maxHeld = maxHeld;
        this.overflowDetail = "the delivery policies already hold " + maxHeld + " events (deferred, quiet hours, " +
            "digests); raise maxHeldEvents or re-drive this letter";
    }

    /** True when a policy applies to the subscription with {@code handle}. */
    boolean active(final int handle)
    {
        return handle < byHandle.length && byHandle[handle] != null;
    }

    /**
     * Applies the user's policies to one matched event. True when the policies took it (dropped by a preference,
     * collected for a digest, held, deferred or dead-lettered); false when it goes into the batch now (CRITICAL
     * events always do, charged to the limits).
     */
    boolean intercept(final int handle, final EventRecord record, final boolean critical)
    {
        final UserPolicy u = byHandle[handle];
        final Preferences prefs = u.prefs;
        final EventView view = record.view();
        if (!critical && view.priorityCode() < prefs.minPriority().ordinal())
        {
            u.stats.countFilteredPriority();
            return true;
        }
        if (!prefs.enables(view.buffer(), view.topicOffset(), view.topicLength()))
        {
            u.stats.countFilteredTopic();
            return true;
        }
        final long nowNanos = clock.nanoTime();
        final long nowMillis = clock.epochMillis();
        if (critical)
        {
            charge(u, nowNanos, nowMillis);
            u.stats.countCriticalBypass();
            return false;
        }
        if (u.digesting())
        {
            collect(u, handle, record, nowNanos, nowMillis);
            return true;
        }
        final long quietUntil = u.quietUntil(nowMillis);
        if (quietUntil > 0)
        {
            if (hold(u, handle, record, HeldEvents.QUIET))
            {
                u.stats.heldQuiet(u.held.quietCount());
                timers.scheduleNoLaterThan(u, toNanos(quietUntil, nowNanos, nowMillis));
            }
            return true;
        }
        if (u.held.isEmpty())
        {
            final long delay = delayNanos(u, nowNanos, nowMillis);
            if (delay == 0)
            {
                charge(u, nowNanos, nowMillis);
                return false;
            }
            timers.scheduleNoLaterThan(u, nowNanos + delay);
        }
        if (hold(u, handle, record, HeldEvents.DEFERRED))
        {
            u.stats.deferred(u.held.deferredCount());
        }
        return true;
    }

    /** The batching the subscription gets: its user's preference if set, else its own. */
    BatchPolicy batchOf(final Subscription s)
    {
        final int handle = s.handle();
        final UserPolicy u = handle >= 0 && handle < byHandle.length ? byHandle[handle] : null;
        return u != null && u.prefs.batch() != null ? u.prefs.batch() : s.batch();
    }

    /** A subscription was added: attach its user's policies, if any apply. Allocates per new user. */
    void onSubscribe(final Subscription s)
    {
        UserPolicy u = users.get(s.user());
        if (u == null)
        {
            if (!limits.any())
            {
                return;
            }
            u = newUser(s.user(), null);
        }
        final int handle = s.handle();
        if (handle >= byHandle.length)
        {
            byHandle = Arrays.copyOf(byHandle, Math.max(handle + 1, byHandle.length * 2));
        }
        byHandle[handle] = u;
        u.handles.addInt(handle);
    }

    /** The subscription with {@code handle} is gone: what its user held for it is let go. */
    void onRemove(final int handle)
    {
        final UserPolicy u = handle < byHandle.length ? byHandle[handle] : null;
        if (u == null)
        {
            return;
        }
        byHandle[handle] = null;
        u.handles.removeInt(handle);
        final int before = u.held.size();
        u.held.removeHandle(handle, stage::releaseRecord);
        held -= before - u.held.size();
        final UserPolicy.DigestBuffer digest = u.digests.remove(handle);
        if (digest != null)
        {
            for (int i = 0; i < digest.kept; i++)
            {
                stage.releaseRecord(digest.records[i]);
            }
            held -= digest.kept;
            u.digestPending -= digest.kept;
        }
        u.stats.deferredNow(u.held.deferredCount());
        u.stats.heldQuietNow(u.held.quietCount());
        forgetIfIdle(u);
    }

    /** Sets (null: clears) {@code user}'s preferences and applies what changes at once (a digest turned off...). */
    void setPreferences(final String user, final Preferences prefs)
    {
        UserPolicy u = users.get(user);
        if (u == null)
        {
            if (prefs == null)
            {
                directory.put(user, null);
                return;
            }
            u = newUser(user, prefs);
            // the user's live subscriptions get the policies from now on
            stage.forEachSubscriptionOf(user, this::attach, u);
        }
        else
        {
            u.preferences(prefs, limits, clock.epochMillis());
        }
        directory.put(user, prefs);
        release(u, clock.nanoTime(), true);
        forgetIfIdle(u);
    }

    private void attach(final UserPolicy u, final int handle)
    {
        if (handle >= byHandle.length)
        {
            byHandle = Arrays.copyOf(byHandle, Math.max(handle + 1, byHandle.length * 2));
        }
        if (byHandle[handle] == null)
        {
            byHandle[handle] = u;
            u.handles.addInt(handle);
        }
    }

    /** Releases whatever is due now. */
    void poll()
    {
        final long now = clock.nanoTime();
        if (timers.earliestNanos() > now)
        {
            return;
        }
        UserPolicy u;
        while ((u = timers.pollDue(now)) != null)
        {
            release(u, timers.firedDeadline(), false);
        }
    }

    /** Nanoseconds until the earliest policy deadline (0 when due), or {@link Long#MAX_VALUE}. */
    long nanosUntilWake()
    {
        final long earliest = timers.earliestNanos();
        return earliest == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(0, earliest - clock.nanoTime());
    }

    /** Events held (deferred, quiet hours, digests) now. */
    int held()
    {
        return held;
    }

    /** The engine stops: everything held is delivered now (a stop must not lose accepted events). */
    void shutdown()
    {
        for (final UserPolicy u : users.values())
        {
            sendDigests(u, clock.nanoTime(), clock.epochMillis());
            while (!u.held.isEmpty())
            {
                releaseFirst(u);
            }
            closeTouched(Batch.Trigger.SHUTDOWN);
        }
    }

    /**
     * Releases what is due for {@code u}. Deferred events are released as the limits allowed them since
     * {@code dueNanos} (when the user's deadline fell; a poll may come later than that), each charged at the moment
     * it became allowed, so a late poll catches up instead of releasing one event per poll.
     */
    private void release(final UserPolicy u, final long dueNanos, final boolean preferencesChanged)
    {
        final long nowNanos = clock.nanoTime();
        final long nowMillis = clock.epochMillis();
        if (u.digestPending > 0 && (!u.digesting() || nowMillis >= u.nextDigestMillis))
        {
            sendDigests(u, nowNanos, nowMillis);
        }
        if (u.digesting() && nowMillis >= u.nextDigestMillis)
        {
            u.nextDigestMillis = DigestSchedule.next(u.prefs.digest(), u.prefs.digestAt(),
                u.prefs.zone(), nowMillis);
        }
        final long quietUntil = u.quietUntil(nowMillis);
        long next = u.digestPending > 0 ? toNanos(u.nextDigestMillis, nowNanos, nowMillis) : Long.MAX_VALUE;
        if (!u.held.isEmpty())
        {
            if (quietUntil > 0)
            {
                next = Math.min(next, toNanos(quietUntil, nowNanos, nowMillis));
            }
            else
            {
                final boolean quietEnded = u.held.quietCount() > 0;
                // the quiet period's events go out together: one notification, charged but not deferred
                while (u.held.quietCount() > 0)
                {
                    charge(u, nowNanos, nowMillis);
                    releaseFirst(u);
                }
                if (quietEnded)
                {
                    closeTouched(Batch.Trigger.QUIET_END);
                }
                long virtualNanos = Math.min(dueNanos, nowNanos);
                while (!u.held.isEmpty())
                {
                    final long delay = delayNanos(u, virtualNanos, nowMillis);
                    if (delay > 0)
                    {
                        virtualNanos += delay;
                        if (virtualNanos > nowNanos)
                        {
                            next = Math.min(next, virtualNanos);
                            break;
                        }
                        continue;
                    }
                    charge(u, virtualNanos, nowMillis);
                    releaseFirst(u);
                }
                closeTouched(Batch.Trigger.RATE_RELEASE);
            }
        }
        u.stats.deferredNow(u.held.deferredCount());
        u.stats.heldQuietNow(u.held.quietCount());
        if (next != Long.MAX_VALUE)
        {
            timers.schedule(u, next);
        }
        else if (preferencesChanged)
        {
            timers.cancel(u);
        }
    }

    private void releaseFirst(final UserPolicy u)
    {
        final int handle = u.held.peekHandle();
        final EventRecord record = u.held.peekRecord();
        u.held.removeFirst();
        held--;
        stage.addReleased(handle, record);
        stage.releaseRecord(record);
        if (!touched.containsInt(handle))
        {
            touched.addInt(handle);
        }
    }

    private void closeTouched(final Batch.Trigger trigger)
    {
        for (int i = 0, n = touched.size(); i < n; i++)
        {
            stage.closeReleased(touched.getInt(i), trigger);
        }
        touched.clear();
    }

    private void collect(final UserPolicy u, final int handle, final EventRecord record, final long nowNanos,
        final long nowMillis)
    {
        UserPolicy.DigestBuffer digest = u.digests.get(handle);
        if (digest == null)
        {
            digest = new UserPolicy.DigestBuffer(); // once per subscription, reused after every digest
            u.digests.put(handle, digest);
        }
        if (held >= maxHeld && digest.kept < u.prefs.digestMax())
        {
            stage.undeliverable(handle, record, "hold_capacity", overflowDetail);
            u.stats.countOverflowDeadLettered();
            return;
        }
        if (nowMillis >= u.nextDigestMillis)
        {
            // nothing was collected since the last digest time passed: the next one is the next in the schedule
            u.nextDigestMillis = DigestSchedule.next(u.prefs.digest(), u.prefs.digestAt(), u.prefs.zone(), nowMillis);
        }
        if (digest.add(record, u.prefs.digestMax()))
        {
            stage.retainRecord(record);
            held++;
            u.digestPending++;
        }
        u.stats.digested(u.digestPending);
        timers.scheduleNoLaterThan(u, toNanos(u.nextDigestMillis, nowNanos, nowMillis));
    }

    private void sendDigests(final UserPolicy u, final long nowNanos, final long nowMillis)
    {
        for (int i = 0, n = u.handles.size(); i < n; i++)
        {
            final int handle = u.handles.getInt(i);
            final UserPolicy.DigestBuffer digest = u.digests.get(handle);
            if (digest == null || digest.count == 0)
            {
                continue;
            }
            stage.deliverDigest(handle, digest.records, digest.kept, digest.count);
            for (int k = 0; k < digest.kept; k++)
            {
                stage.releaseRecord(digest.records[k]);
                digest.records[k] = null;
            }
            held -= digest.kept;
            u.digestPending -= digest.kept;
            digest.kept = 0;
            digest.count = 0;
            u.stats.digestSent(u.digestPending);
        }
    }

    private boolean hold(final UserPolicy u, final int handle, final EventRecord record, final byte reason)
    {
        if (held >= maxHeld)
        {
            stage.undeliverable(handle, record, "hold_capacity", overflowDetail);
            u.stats.countOverflowDeadLettered();
            return false;
        }
        stage.retainRecord(record);
        u.held.add(handle, record, reason);
        held++;
        return true;
    }

    private long delayNanos(final UserPolicy u, final long nowNanos, final long nowMillis)
    {
        long delay = u.limiter == null ? 0 : u.limiter.delayNanos(nowNanos, nowMillis);
        if (global != null)
        {
            delay = Math.max(delay, global.delayNanos(nowNanos, nowMillis));
        }
        return delay;
    }

    private void charge(final UserPolicy u, final long nowNanos, final long nowMillis)
    {
        if (u.limiter != null)
        {
            u.limiter.take(nowNanos, nowMillis);
        }
        if (global != null)
        {
            global.take(nowNanos, nowMillis);
        }
    }

    private UserPolicy newUser(final String user, final Preferences prefs)
    {
        final UserPolicy u = new UserPolicy(user, directory.statsFor(user));
        u.preferences(prefs, limits, clock.epochMillis());
        users.put(user, u);
        return u;
    }

    private void forgetIfIdle(final UserPolicy u)
    {
        // users come and go with their connections: keep no state for one with nothing held and nothing set
        if (u.idle())
        {
            users.remove(u.user);
            timers.cancel(u);
            directory.forget(u.user);
        }
    }

    private static long toNanos(final long epochMillis, final long nowNanos, final long nowMillis)
    {
        if (epochMillis == Long.MAX_VALUE)
        {
            return Long.MAX_VALUE;
        }
        return nowNanos + Math.max(0, epochMillis - nowMillis) * 1_000_000L;
    }
}
