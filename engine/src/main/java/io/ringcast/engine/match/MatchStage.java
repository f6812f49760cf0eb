package io.ringcast.engine.match;

import java.util.List;

import com.lmax.disruptor.EventHandler;
import org.agrona.collections.IntArrayList;

import io.ringcast.engine.event.EventSlot;
import io.ringcast.engine.metrics.EngineMetrics;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.engine.subscription.SubscriptionRegistry;
import io.ringcast.engine.util.EngineClock;

/**
 * Match stage: finds the subscriptions each accepted event reaches, and applies every subscription command
 * to the registry and the matcher. Runs in parallel with the journal stage, after dedup.
 * <p>
 * The only thread that mutates the {@link SubscriptionRegistry}, the {@link Matcher} and a subscription's
 * handle, filter and paused flag. Results go into the slot for the assemble stage: matched handles for an
 * event; the command's status and the handles it removed for a command.
 */
public final class MatchStage implements EventHandler<EventSlot>
{
    private final Matcher matcher;
    private final SubscriptionRegistry registry;
    private final EngineClock clock;
    private final EngineMetrics metrics;
    private final long idleExpiryNanos;

    /**
     * @param idleExpiryNanos subscriptions with no match or command for this long are expired on the next
     *                        EXPIRE_IDLE command; 0 disables expiry (and the per-match bookkeeping it needs)
     */
    public MatchStage(final Matcher matcher, final SubscriptionRegistry registry, final EngineClock clock,
        final EngineMetrics metrics, final long idleExpiryNanos)
    {
        this.matcher = matcher;
        this.registry = registry;
        this.clock = clock;
        this.metrics = metrics;
        this.idleExpiryNanos = idleExpiryNanos;
    }

    @Override
    public void onEvent(final EventSlot slot, final long sequence, final boolean endOfBatch)
    {
        switch (slot.kind())
        {
            case PUBLISH:
                if (!slot.duplicate())
                {
                    match(slot);
                }
                break;
            case NOOP:
                break;
            default:
                metrics.commands.increment();
                slot.status(apply(slot));
                break;
        }
    }

    private void match(final EventSlot slot)
    {
        final IntArrayList matched = slot.matched();
        final int n = matcher.match(slot.view(), matched);
        metrics.matchedDeliveries.add(n);
        if (idleExpiryNanos > 0 && n > 0)
        {
            final long now = clock.nanoTime();
            for (int i = 0; i < n; i++)
            {
                registry.byHandle(matched.getInt(i)).lastMatchNanos(now);
            }
        }
    }

    private CommandStatus apply(final EventSlot slot)
    {
        final long now = clock.nanoTime();
        switch (slot.kind())
        {
            case SUBSCRIBE:
            {
                final Subscription s = slot.subscription();
                final CommandStatus status = registry.add(s);
                if (status == CommandStatus.OK)
                {
                    s.lastMatchNanos(now);
                    matcher.add(s);
                }
                return status;
            }
            case UNSUBSCRIBE:
            {
                final Subscription s = find(slot);
                if (s == null)
                {
                    return CommandStatus.UNKNOWN_SUBSCRIPTION;
                }
                remove(slot, s);
                return CommandStatus.OK;
            }
            case UNSUBSCRIBE_CLIENT:
            {
                final List<Subscription> own = registry.ofClient(slot.clientId());
                if (own.isEmpty())
                {
                    return CommandStatus.UNKNOWN_CLIENT;
                }
                for (final Subscription s : own)
                {
                    // a server-side subscription belongs to the user, not to the connection that closed
                    if (!s.durable())
                    {
                        remove(slot, s);
                    }
                }
                return CommandStatus.OK;
            }
            case PAUSE:
            case RESUME:
            {
                final Subscription s = find(slot);
                if (s == null)
                {
                    return CommandStatus.UNKNOWN_SUBSCRIPTION;
                }
                final boolean pause = slot.kind() == io.ringcast.engine.event.EventKind.PAUSE;
                if (s.paused() == pause)
                {
                    return pause ? CommandStatus.ALREADY_PAUSED : CommandStatus.NOT_PAUSED;
                }
                s.paused(pause);
                s.lastMatchNanos(now);
                slot.subscription(s);
                slot.matched().addInt(s.handle());
                return CommandStatus.OK;
            }
            case UPDATE_FILTER:
            {
                final Subscription s = find(slot);
                if (s == null)
                {
                    return CommandStatus.UNKNOWN_SUBSCRIPTION;
                }
                matcher.updateFilter(s, slot.filter());
                s.lastMatchNanos(now);
                slot.subscription(s);
                return CommandStatus.OK;
            }
            case EXPIRE_IDLE:
                expireIdle(slot, now);
                return CommandStatus.OK;
            case PREFERENCES:
                return CommandStatus.OK; // the assemble stage owns preferences
            case REDRIVE:
            {
                // an operator's explicit re-drive reaches the subscription even while it is paused
                final Subscription s = registry.find(slot.clientId(), slot.subscriptionId());
                if (s == null)
                {
                    return CommandStatus.UNKNOWN_SUBSCRIPTION;
                }
                slot.subscription(s);
                slot.matched().addInt(s.handle());
                return CommandStatus.OK;
            }
            default:
                throw new IllegalStateException("not a command: " + slot.kind());
        }
    }

    /**
     * The subscription a by-id command names; a server-side subscription only for the server-side API's commands (a
     * connection whose client id equals the user's must not unsubscribe or pause it).
     */
    private Subscription find(final EventSlot slot)
    {
        final Subscription s = registry.find(slot.clientId(), slot.subscriptionId());
        return s != null && s.durable() && !slot.serverSide() ? null : s;
    }

    private void expireIdle(final EventSlot slot, final long now)
    {
        if (idleExpiryNanos <= 0)
        {
            return;
        }
        for (int h = 0, limit = registry.handleLimit(); h < limit; h++)
        {
            final Subscription s = registry.byHandle(h);
            if (s != null && !s.durable() && now - s.lastMatchNanos() >= idleExpiryNanos)
            {
                remove(slot, s);
                metrics.expiredSubscriptions.increment();
            }
        }
    }

    private void remove(final EventSlot slot, final Subscription s)
    {
        matcher.remove(s);
        slot.matched().addInt(s.handle());
        slot.subscription(s);
        registry.remove(s);
    }
}
