package io.ringcast.engine.subscription;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.agrona.collections.IntArrayList;

/**
 * Every live subscription: its handle, its client, and the limits on how many there may be.
 * <p>
 * The match stage's thread is the only writer (commands arrive there in ring order) and assigns dense
 * handles, reusing freed ones. Other threads may read {@link #size()}, {@link #client}, {@link #ofClient}
 * and {@link #all()} at any time: the per-client maps are concurrent and the count is volatile.
 */
public final class SubscriptionRegistry
{
    private final int maxPerClient;
    private final int maxTotal;
    private final Map<String, Map<String, Subscription>> clients = new ConcurrentHashMap<>();
    private final IntArrayList freeHandles = new IntArrayList();
    private Subscription[] byHandle = new Subscription[1024];
    private int nextHandle;
    private volatile int size;

    /** A registry allowing {@code maxPerClient} subscriptions per client and {@code maxTotal} in all. */
    public SubscriptionRegistry(final int maxPerClient, final int maxTotal)
    {
        if (maxPerClient < 1 || maxTotal < 1)
        {
            throw new IllegalArgumentException("subscription limits must be at least 1");
        }
        this.maxPerClient = maxPerClient;
        this.maxTotal = maxTotal;
    }

    /** Adds {@code s} and assigns its handle, or says why not. Match stage thread. */
    public CommandStatus add(final Subscription s)
    {
        final Map<String, Subscription> own = clients.get(s.clientId());
        if (own != null && own.containsKey(s.id()))
        {
            return CommandStatus.DUPLICATE_SUBSCRIPTION;
        }
        if (own != null && own.size() >= maxPerClient)
        {
            return CommandStatus.CLIENT_LIMIT;
        }
        if (size >= maxTotal)
        {
            return CommandStatus.TOTAL_LIMIT;
        }
        final int handle = freeHandles.isEmpty() ? nextHandle++ : freeHandles.popInt();
        if (handle >= byHandle.length)
        {
            byHandle = Arrays.copyOf(byHandle, byHandle.length * 2);
        }
        byHandle[handle] = s;
        s.handle(handle);
        clients.computeIfAbsent(s.clientId(), k -> new ConcurrentHashMap<>()).put(s.id(), s);
        size = size + 1;
        return CommandStatus.OK;
    }

    /** The subscription {@code clientId} calls {@code id}, or null. Any thread. */
    public Subscription find(final String clientId, final String id)
    {
        final Map<String, Subscription> own = clients.get(clientId);
        return own == null ? null : own.get(id);
    }

    /** Removes {@code s} and frees its handle. Match stage thread. */
    public void remove(final Subscription s)
    {
        final Map<String, Subscription> own = clients.get(s.clientId());
        if (own == null || own.remove(s.id()) == null)
        {
            return;
        }
        if (own.isEmpty())
        {
            clients.remove(s.clientId(), own);
        }
        byHandle[s.handle()] = null;
        freeHandles.addInt(s.handle());
        size = size - 1;
    }

    /** The live subscription with {@code handle}, or null. Match stage thread. */
    public Subscription byHandle(final int handle)
    {
        return handle >= 0 && handle < byHandle.length ? byHandle[handle] : null;
    }

    /** One past the highest handle ever assigned. Match stage thread. */
    public int handleLimit()
    {
        return nextHandle;
    }

    /** Live subscriptions. Any thread. */
    public int size()
    {
        return size;
    }

    /** Subscriptions of {@code clientId} (a snapshot; empty when none). Any thread. */
    public List<Subscription> ofClient(final String clientId)
    {
        final Map<String, Subscription> own = clients.get(clientId);
        return own == null ? List.of() : new ArrayList<>(own.values());
    }

    /** Every live subscription (a snapshot). Any thread; allocates. */
    public List<Subscription> all()
    {
        final List<Subscription> out = new ArrayList<>(size);
        for (final Map<String, Subscription> own : clients.values())
        {
            out.addAll(own.values());
        }
        return out;
    }

    /** Ids of clients holding subscriptions (a live view). Any thread. */
    public Collection<String> clientIds()
    {
        return clients.keySet();
    }

    /** Statistics of {@code clientId}, or null when it holds no subscriptions. Any thread. */
    public ClientStats client(final String clientId)
    {
        final Map<String, Subscription> own = clients.get(clientId);
        if (own == null)
        {
            return null;
        }
        int count = 0;
        int active = 0;
        long delivered = 0;
        long batches = 0;
        long errors = 0;
        long last = 0;
        for (final Subscription s : own.values())
        {
            count++;
            active += s.paused() ? 0 : 1;
            final SubscriptionStats st = s.stats();
            delivered += st.eventsDelivered();
            batches += st.batches();
            errors += st.errors();
            last = Math.max(last, st.lastActivityMillis());
        }
        return new ClientStats(clientId, count, active, delivered, batches, errors, last);
    }

    public int maxPerClient()
    {
        return maxPerClient;
    }

    public int maxTotal()
    {
        return maxTotal;
    }
}
