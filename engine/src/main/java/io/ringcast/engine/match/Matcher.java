package io.ringcast.engine.match;

import java.util.Arrays;

import org.agrona.collections.IntArrayList;
import org.agrona.collections.Int2ObjectHashMap;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.filter.FieldTable;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.filter.FilterInput;
import io.ringcast.engine.filter.IndexHint;
import io.ringcast.engine.filter.ValueKeys;
import io.ringcast.engine.subscription.Subscription;

/**
 * Finds the subscriptions an event is for, without scanning every subscription: a {@link TopicTrie} leads
 * from the event's topic to the buckets of the matching patterns, and inside each {@link SubscriptionBucket}
 * an equality index (one {@code field == value} or {@code field in [...]} conjunct per filter, from
 * {@link Filter#indexHint()}) picks the candidates whose full filter is then evaluated; filters without such
 * a conjunct sit in the bucket's scan list.
 * <p>
 * Owned by the match stage's thread: every method must be called on it. {@link #add}, {@link #remove} and
 * {@link #updateFilter} are the control path and allocate as structures grow; {@link #match} is the hot path
 * and allocates nothing (beyond growth of the caller's {@code out} list).
 */
public final class Matcher
{
    private static final int INITIAL_HANDLES = 64;
    private static final int COUNT_BUCKETS = 0;
    private static final int COUNT_INDEX_LISTS = 1;
    private static final int COUNT_SCANNED = 2;

    private final FieldTable fields;
    private final FilterInput input;
    private final TopicTrie trie;
    private final long[] eventKeys;
    private final Collector collector = new Collector();

    // Indexed by handle: where each live subscription was placed, so removal needs no search of the trie.
    private Subscription[] subscriptions = new Subscription[INITIAL_HANDLES];
    private TopicNode[] nodes = new TopicNode[INITIAL_HANDLES];
    private long[][] indexKeys = new long[INITIAL_HANDLES][];
    private int[] indexFields = new int[INITIAL_HANDLES];
    private int size;

    // Per field id: how many subscriptions are indexed by it. Events only compute keys for such fields.
    private int[] indexedFieldCounts = new int[64];

    /**
     * A matcher for events within {@code limits} (topic segments, attributes). Filters are bound to, and event
     * attribute names resolved through, {@code fields}, which must be the match stage's one field table.
     */
    public Matcher(final FieldTable fields, final CodecLimits limits)
    {
        this.fields = fields;
        this.input = new FilterInput(fields);
        this.trie = new TopicTrie(limits.maxTopicSegments());
        this.eventKeys = new long[Math.max(1, limits.maxAttributes())];
    }

    /**
     * Adds a subscription whose {@link Subscription#handle()} is assigned (a dense int, at least 0) and binds
     * its filter to the field table. Control path; allocates.
     *
     * @throws IllegalArgumentException when the handle is unassigned.
     * @throws IllegalStateException    when a live subscription already has that handle.
     */
    public void add(final Subscription subscription)
    {
        final int handle = subscription.handle();
        if (handle < 0)
        {
            throw new IllegalArgumentException("subscription has no handle: " + subscription);
        }
        if (handle < subscriptions.length && subscriptions[handle] != null)
        {
            throw new IllegalStateException("handle " + handle + " is already used by " + subscriptions[handle]);
        }
        final Filter filter = subscription.filter();
        if (filter != null)
        {
            filter.bind(fields);
        }
        final IndexHint hint = usableHint(filter);
        final int indexField = hint == null ? -1 : fields.intern(hint.field());
        final long[] keys = indexKeys(indexField, hint);
        ensureHandleCapacity(handle);

        final TopicNode node = trie.nodeFor(subscription.pattern());
        if (node.bucket == null)
        {
            node.bucket = new SubscriptionBucket();
        }
        node.bucket.add(subscription, keys);
        subscriptions[handle] = subscription;
        nodes[handle] = node;
        indexKeys[handle] = keys;
        indexFields[handle] = indexField;
        countIndexField(indexField, 1);
        size++;
    }

    /**
     * Removes a subscription from every structure, dropping buckets, index lists and trie nodes it leaves
     * empty. A subscription that is not in the matcher is ignored. Control path; O(size of its bucket lists).
     */
    public void remove(final Subscription subscription)
    {
        if (!contains(subscription))
        {
            return;
        }
        final int handle = subscription.handle();
        final TopicNode node = nodes[handle];
        final SubscriptionBucket bucket = node.bucket;
        bucket.remove(subscription, indexKeys[handle]);
        if (bucket.isEmpty())
        {
            node.bucket = null;
            trie.prune(node);
        }
        countIndexField(indexFields[handle], -1);
        subscriptions[handle] = null;
        nodes[handle] = null;
        indexKeys[handle] = null;
        indexFields[handle] = -1;
        size--;
    }

    /**
     * Replaces the subscription's filter ({@code null} for none), binds it and re-indexes the subscription
     * under the new filter's hint. On a subscription not in the matcher it only sets the filter.
     * Control path; allocates.
     */
    public void updateFilter(final Subscription subscription, final Filter newFilter)
    {
        if (newFilter != null)
        {
            newFilter.bind(fields);
        }
        if (!contains(subscription))
        {
            subscription.filter(newFilter);
            return;
        }
        final IndexHint hint = usableHint(newFilter);
        final int newIndexField = hint == null ? -1 : fields.intern(hint.field());
        final long[] newKeys = indexKeys(newIndexField, hint);
        final int handle = subscription.handle();
        final SubscriptionBucket bucket = nodes[handle].bucket;
        bucket.remove(subscription, indexKeys[handle]);
        countIndexField(indexFields[handle], -1);
        subscription.filter(newFilter);
        bucket.add(subscription, newKeys);
        indexKeys[handle] = newKeys;
        indexFields[handle] = newIndexField;
        countIndexField(newIndexField, 1);
    }

    /**
     * Appends to {@code out} the handle of every subscription that is not paused, whose pattern matches the
     * event's topic and whose filter accepts the event; each at most once, in no particular order.
     * Hot path: allocates nothing and builds no strings.
     *
     * @param view an event view that has wrapped successfully, with limits no larger than this matcher's.
     * @param out  where handles are appended; it is not cleared first.
     * @return how many handles were appended.
     */
    public int match(final EventView view, final IntArrayList out)
    {
        final Collector collector = this.collector;
        collector.reset(view, out);
        return trie.walk(view.buffer(), view.topicOffset(), view.topicLength(), collector);
    }

    /** Number of subscriptions in the matcher. */
    public int size()
    {
        return size;
    }

    /** True when this very subscription was added and not removed since. */
    boolean contains(final Subscription subscription)
    {
        final int handle = subscription.handle();
        return handle >= 0 && handle < subscriptions.length && subscriptions[handle] == subscription;
    }

    /** Trie nodes, the root included. */
    int nodeCount()
    {
        return trie.nodeCount();
    }

    int segmentCount()
    {
        return trie.segmentCount();
    }

    /** Non-empty buckets (patterns in use). */
    int bucketCount()
    {
        return count(trie.root(), COUNT_BUCKETS);
    }

    /** Index lists over all buckets. */
    int indexListCount()
    {
        return count(trie.root(), COUNT_INDEX_LISTS);
    }

    /** Subscriptions in scan lists over all buckets. */
    int scanListSize()
    {
        return count(trie.root(), COUNT_SCANNED);
    }

    private static int count(final TopicNode node, final int what)
    {
        int count = 0;
        final SubscriptionBucket bucket = node.bucket;
        if (bucket != null)
        {
            count = what == COUNT_BUCKETS ? 1 : what == COUNT_INDEX_LISTS ? bucket.indexListCount() : bucket.scanSize();
        }
        final Int2ObjectHashMap<TopicNode> literals = node.literals;
        if (literals != null)
        {
            for (final TopicNode child : literals.values())
            {
                count += count(child, what);
            }
        }
        if (node.one != null)
        {
            count += count(node.one, what);
        }
        if (node.tail != null)
        {
            count += count(node.tail, what);
        }
        return count;
    }

    /** The filter's index hint, or null when it has none to index by (it then goes to the scan list). */
    private static IndexHint usableHint(final Filter filter)
    {
        final IndexHint hint = filter == null ? null : filter.indexHint();
        return hint == null || hint.valueKeys() == null || hint.valueKeys().length == 0 ? null : hint;
    }

    /** The distinct index keys of a hint on {@code fieldId}, or null for no hint. */
    private static long[] indexKeys(final int fieldId, final IndexHint hint)
    {
        if (hint == null)
        {
            return null;
        }
        final long[] values = hint.valueKeys();
        final long[] keys = new long[values.length];
        for (int i = 0; i < values.length; i++)
        {
            keys[i] = ValueKeys.indexKey(fieldId, values[i]);
        }
        // Distinct keys: a repeated value ("in [1, 1.0]") must not list the subscription twice under one key.
        Arrays.sort(keys);
        int distinct = 0;
        for (int i = 0; i < keys.length; i++)
        {
            if (i == 0 || keys[i] != keys[distinct - 1])
            {
                keys[distinct++] = keys[i];
            }
        }
        return distinct == keys.length ? keys : Arrays.copyOf(keys, distinct);
    }

    private void countIndexField(final int fieldId, final int delta)
    {
        if (fieldId < 0)
        {
            return;
        }
        if (fieldId >= indexedFieldCounts.length)
        {
            indexedFieldCounts = Arrays.copyOf(indexedFieldCounts, Integer.highestOneBit(fieldId) << 1);
        }
        indexedFieldCounts[fieldId] += delta;
    }

    private void ensureHandleCapacity(final int handle)
    {
        if (handle >= subscriptions.length)
        {
            final int capacity = Math.max(subscriptions.length * 2, Integer.highestOneBit(handle) << 1);
            subscriptions = Arrays.copyOf(subscriptions, capacity);
            nodes = Arrays.copyOf(nodes, capacity);
            indexKeys = Arrays.copyOf(indexKeys, capacity);
            final int oldLength = indexFields.length;
            indexFields = Arrays.copyOf(indexFields, capacity);
            Arrays.fill(indexFields, oldLength, capacity, -1);
        }
    }

    /**
     * Visits matching buckets for one event. Binds the filter input lazily, at the first bucket, so an event
     * no pattern matches costs only the trie walk.
     */
    private final class Collector implements BucketVisitor
    {
        private EventView view;
        private IntArrayList out;
        private int eventKeyCount;
        private boolean bound;

        void reset(final EventView view, final IntArrayList out)
        {
            this.view = view;
            this.out = out;
            this.bound = false;
        }

        @Override
        public int visit(final SubscriptionBucket bucket)
        {
            if (!bound)
            {
                bind();
            }
            return bucket.collect(input, eventKeys, eventKeyCount, out);
        }

        private void bind()
        {
            final EventView view = this.view;
            final int attributes = view.attributeCount();
            if (attributes > eventKeys.length)
            {
                throw new IllegalArgumentException("event has more than " + eventKeys.length + " attributes");
            }
            input.bind(view);
            final int[] indexedFieldCounts = Matcher.this.indexedFieldCounts;
            int count = 0;
            for (int i = 0; i < attributes; i++)
            {
                final int field = input.fieldOfAttribute(i);
                // Only fields some subscription is indexed by: the others cannot hit an index list.
                if (field >= 0 && field < indexedFieldCounts.length && indexedFieldCounts[field] > 0)
                {
                    eventKeys[count++] = ValueKeys.indexKey(field, input.valueKey(i));
                }
            }
            eventKeyCount = count;
            bound = true;
        }
    }
}
