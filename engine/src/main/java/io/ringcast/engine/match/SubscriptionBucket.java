package io.ringcast.engine.match;

import org.agrona.collections.IntArrayList;
import org.agrona.collections.Long2ObjectHashMap;

import io.ringcast.engine.filter.FilterInput;
import io.ringcast.engine.subscription.Subscription;

/**
 * The subscriptions of one topic pattern: an equality index from
 * {@link io.ringcast.engine.filter.ValueKeys#indexKey index key} (field id and value) to the subscriptions whose
 * filter requires that value, plus a scan list of subscriptions whose filter offers no equality to index by.
 * <p>
 * A subscription with an {@code in} hint sits under each of its keys; since an event has one value per
 * attribute, at most one of those keys is hit per event, so it is still collected at most once.
 * <p>
 * Owned by the match stage's thread. {@link #add}/{@link #remove} run on the control path and drop index
 * lists as they empty; {@link #collect} runs per event and never allocates.
 */
final class SubscriptionBucket
{
    private final Long2ObjectHashMap<SubscriptionList> index = new Long2ObjectHashMap<>();
    private final SubscriptionList scan = new SubscriptionList();
    private int size;

    /** Subscriptions in the bucket (each counted once, whatever its number of index keys). */
    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    /** Number of index lists (distinct index keys in use). */
    int indexListCount()
    {
        return index.size();
    }

    int scanSize()
    {
        return scan.size();
    }

    /**
     * Adds {@code subscription} under each of {@code indexKeys} (distinct), or to the scan list when null.
     */
    void add(final Subscription subscription, final long[] indexKeys)
    {
        if (indexKeys == null)
        {
            scan.add(subscription);
        }
        else
        {
            for (final long key : indexKeys)
            {
                SubscriptionList list = index.get(key);
                if (list == null)
                {
                    list = new SubscriptionList();
                    index.put(key, list);
                }
                list.add(subscription);
            }
        }
        size++;
    }

    /** Removes {@code subscription}, which was added with the same {@code indexKeys}. */
    void remove(final Subscription subscription, final long[] indexKeys)
    {
        if (indexKeys == null)
        {
            scan.remove(subscription);
        }
        else
        {
            for (final long key : indexKeys)
            {
                final SubscriptionList list = index.get(key);
                if (list != null && list.remove(subscription) && list.isEmpty())
                {
                    index.remove(key);
                }
            }
        }
        size--;
    }

    /**
     * Collects the bucket's accepting, unpaused subscriptions for the event bound to {@code input}: the index
     * lists under the event's own keys, then the scan list. Hot path: no allocation.
     *
     * @param eventKeys     index keys of the event's attributes that some filter names
     * @param eventKeyCount how many of {@code eventKeys} are set
     * @return how many handles were appended to {@code out}.
     */
    int collect(final FilterInput input, final long[] eventKeys, final int eventKeyCount, final IntArrayList out)
    {
        int added = 0;
        if (!index.isEmpty())
        {
            for (int i = 0; i < eventKeyCount; i++)
            {
                final SubscriptionList candidates = index.get(eventKeys[i]);
                if (candidates != null)
                {
                    added += candidates.collect(input, out);
                }
            }
        }
        if (!scan.isEmpty())
        {
            added += scan.collect(input, out);
        }
        return added;
    }
}
