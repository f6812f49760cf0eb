package io.ringcast.engine.match;

import org.agrona.collections.Int2ObjectHashMap;

/**
 * One node of the {@link TopicTrie}: a pattern prefix. Children are keyed by interned literal segment id,
 * plus at most one {@code *} child and one {@code >} child (a leaf). The node of a whole pattern holds that
 * pattern's {@link SubscriptionBucket}.
 * <p>
 * Owned by the match stage's thread. Maps and buckets are created on first use and dropped when empty, so
 * a node costs little while it only routes and is pruned once nothing hangs below it.
 */
final class TopicNode
{
    /** Segment value of the root, which stands for no segment. */
    static final int ROOT = -1;
    /** Segment value of a {@code *} node. */
    static final int ONE = -2;
    /** Segment value of a {@code >} node. */
    static final int TAIL = -3;

    final TopicNode parent;
    final int segment;
    Int2ObjectHashMap<TopicNode> literals;
    TopicNode one;
    TopicNode tail;
    SubscriptionBucket bucket;

    TopicNode(final TopicNode parent, final int segment)
    {
        this.parent = parent;
        this.segment = segment;
    }

    /** The literal child for an interned segment id, or null. Hot path: no allocation. */
    TopicNode literal(final int segmentId)
    {
        final Int2ObjectHashMap<TopicNode> literals = this.literals;
        return literals == null ? null : literals.get(segmentId);
    }

    /** The child for {@code segment} (a literal id, {@link #ONE} or {@link #TAIL}), or null. */
    TopicNode child(final int segment)
    {
        switch (segment)
        {
            case ONE: return one;
            case TAIL: return tail;
            default: return literal(segment);
        }
    }

    /** Creates and links the child for {@code segment}, which must not exist yet. Control path. */
    TopicNode addChild(final int segment)
    {
        final TopicNode child = new TopicNode(this, segment);
        switch (segment)
        {
            case ONE: one = child; break;
            case TAIL: tail = child; break;
            default:
                if (literals == null)
                {
                    literals = new Int2ObjectHashMap<>();
                }
                literals.put(segment, child);
                break;
        }
        return child;
    }

    /** Unlinks {@code child}. Control path. */
    void removeChild(final TopicNode child)
    {
        switch (child.segment)
        {
            case ONE: one = null; break;
            case TAIL: tail = null; break;
            default:
                literals.remove(child.segment);
                if (literals.isEmpty())
                {
                    literals = null;
                }
                break;
        }
    }

    /** True when the node holds no subscription and has no child: it can be unlinked. */
    boolean isEmpty()
    {
        return bucket == null && literals == null && one == null && tail == null;
    }
}
