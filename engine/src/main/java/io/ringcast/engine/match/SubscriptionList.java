package io.ringcast.engine.match;

import java.util.Arrays;

import org.agrona.collections.IntArrayList;

import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.filter.FilterInput;
import io.ringcast.engine.subscription.Subscription;

/**
 * An unordered array of subscriptions: one index list or scan list of a {@link SubscriptionBucket}.
 * <p>
 * Owned by the match stage's thread. {@link #add} and {@link #remove} run on the control path (add may grow
 * the array; remove is a linear search plus swap with the last element); {@link #collect} runs per event and
 * never allocates.
 */
final class SubscriptionList
{
    private static final int INITIAL_CAPACITY = 2;
    private static final int SHRINK_ABOVE_CAPACITY = 16;

    private Subscription[] items = new Subscription[INITIAL_CAPACITY];
    private int size;

    int size()
    {
        return size;
    }

    boolean isEmpty()
    {
        return size == 0;
    }

    Subscription get(final int i)
    {
        return items[i];
    }

    void add(final Subscription subscription)
    {
        if (size == items.length)
        {
            items = Arrays.copyOf(items, size * 2);
        }
        items[size++] = subscription;
    }

    /** Removes {@code subscription} (by identity). @return false when it was not in the list. */
    boolean remove(final Subscription subscription)
    {
        final Subscription[] items = this.items;
        for (int i = 0; i < size; i++)
        {
            if (items[i] == subscription)
            {
                final int last = --size;
                items[i] = items[last];
                items[last] = null;
                // Give memory back after churn, with hysteresis so add/remove at a boundary does not thrash.
                if (items.length > SHRINK_ABOVE_CAPACITY && size < items.length / 4)
                {
                    this.items = Arrays.copyOf(items, items.length / 2);
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Appends to {@code out} the handle of each subscription that is not paused and whose filter accepts the
     * event bound to {@code input}. Hot path: no allocation (indexed loop, no iterator).
     *
     * @return how many handles were appended.
     */
    int collect(final FilterInput input, final IntArrayList out)
    {
        final Subscription[] items = this.items; // local copy: the loop reads it once per iteration otherwise
        int added = 0;
        for (int i = 0, n = size; i < n; i++)
        {
            final Subscription s = items[i];
            if (!s.paused())
            {
                final Filter filter = s.filter();
                if (filter == null || filter.test(input))
                {
                    out.addInt(s.handle());
                    added++;
                }
            }
        }
        return added;
    }
}
