package io.ringcast.engine.match;

import java.util.List;

import org.agrona.DirectBuffer;

import io.ringcast.engine.util.ByteStringTable;

/**
 * The topic trie: every topic pattern in use maps to exactly one {@link TopicNode}, reached by its segments
 * (literal segments interned to ints, {@code *} and {@code >} as their own children).
 * <p>
 * Per event, {@link #walk} splits the topic bytes at '.', looks each segment up without allocating (a
 * segment no pattern names can only be matched by wildcards) and follows literal, {@code *} and {@code >}
 * branches, visiting the bucket of every matching pattern exactly once: each trie node is one distinct
 * pattern prefix, and the walk reaches a node through at most one path.
 * <p>
 * Owned by the match stage's thread. {@link #nodeFor} and {@link #prune} run on the control path;
 * {@link #walk} never allocates. Every literal node holds a reference to its segment in the segment table,
 * so a segment is forgotten when the last node using it is pruned: per-user topics do not pile up.
 */
final class TopicTrie
{
    private final ByteStringTable segments = new ByteStringTable(256);
    private final TopicNode root = new TopicNode(null, TopicNode.ROOT);
    private final int[] eventSegments;
    private int nodeCount = 1;

    /** A trie for topics of at most {@code maxTopicSegments} segments. */
    TopicTrie(final int maxTopicSegments)
    {
        eventSegments = new int[maxTopicSegments];
    }

    /** Nodes in the trie, the root included. */
    int nodeCount()
    {
        return nodeCount;
    }

    /** Distinct literal segments held by live nodes. */
    int segmentCount()
    {
        return segments.size();
    }

    TopicNode root()
    {
        return root;
    }

    /** The node of {@code pattern}, created with its path if missing. Control path; allocates. */
    TopicNode nodeFor(final TopicPattern pattern)
    {
        final List<String> parts = pattern.segments();
        TopicNode node = root;
        for (int i = 0, n = parts.size(); i < n; i++)
        {
            final String part = parts.get(i);
            final int segment;
            if (TopicPattern.TAIL.equals(part))
            {
                segment = TopicNode.TAIL;
            }
            else if (TopicPattern.ONE.equals(part))
            {
                segment = TopicNode.ONE;
            }
            else
            {
                segment = segments.find(part);
            }
            TopicNode child = segment == ByteStringTable.MISSING ? null : node.child(segment);
            if (child == null)
            {
                // each literal node holds one reference to its segment, released when the node is pruned
                final int id = segment == TopicNode.ONE || segment == TopicNode.TAIL ? segment : segments.acquire(part);
                child = node.addChild(id);
                nodeCount++;
            }
            node = child;
        }
        return node;
    }

    /** Unlinks {@code node} and then its ancestors for as long as they are empty. Control path. */
    void prune(final TopicNode node)
    {
        TopicNode current = node;
        while (current != root && current.isEmpty())
        {
            final TopicNode parent = current.parent;
            parent.removeChild(current);
            if (current.segment >= 0)
            {
                segments.release(current.segment);
            }
            nodeCount--;
            current = parent;
        }
    }

    /**
     * Visits the bucket of every pattern matching the topic in {@code buffer[offset, offset + length)}, which
     * must be a valid topic (non-empty segments). Hot path: no allocation.
     *
     * @return the sum of what {@code visitor} returned.
     * @throws IllegalArgumentException when the topic has more segments than this trie was built for.
     */
    int walk(final DirectBuffer buffer, final int offset, final int length, final BucketVisitor visitor)
    {
        final int[] ids = eventSegments;
        final int end = offset + length;
        int count = 0;
        int start = offset;
        for (int i = offset; i <= end; i++)
        {
            if (i == end || buffer.getByte(i) == '.')
            {
                if (count == ids.length)
                {
                    throw new IllegalArgumentException("topic has more than " + ids.length + " segments");
                }
                ids[count++] = segments.lookup(buffer, start, i - start);
                start = i + 1;
            }
        }
        return walk(root, 0, count, visitor);
    }

    private int walk(final TopicNode node, final int depth, final int count, final BucketVisitor visitor)
    {
        if (depth == count)
        {
            final SubscriptionBucket bucket = node.bucket;
            return bucket == null ? 0 : visitor.visit(bucket);
        }
        int added = 0;
        final TopicNode tail = node.tail;
        if (tail != null && tail.bucket != null)
        {
            // '>' takes the remaining segments, of which there is at least one here; a '>' node is a leaf.
            added += visitor.visit(tail.bucket);
        }
        final int segment = eventSegments[depth];
        if (segment != ByteStringTable.MISSING)
        {
            final TopicNode literal = node.literal(segment);
            if (literal != null)
            {
                added += walk(literal, depth + 1, count, visitor);
            }
        }
        final TopicNode one = node.one;
        if (one != null)
        {
            added += walk(one, depth + 1, count, visitor);
        }
        return added;
    }
}
