package io.ringcast.transport.auth;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.DirectBuffer;

import io.ringcast.engine.match.TopicPattern;

/**
 * A fixed list of topic patterns compiled to bytes, so a literal topic is matched against all of them without
 * allocating, whether it arrives as encoded bytes (TCP PUBLISH) or as a string (HTTP publish). Same answer as
 * {@link TopicPattern#matches(String)} for every input. Immutable; any thread.
 */
final class TopicMatcher
{
    private static final byte DOT = '.';

    /** Per pattern: its segments before any tail wildcard; a null segment is {@code *}. */
    private final byte[][][] segments;
    /** Per pattern: true when it ends in {@code >}. */
    private final boolean[] tail;

    private TopicMatcher(final byte[][][] segments, final boolean[] tail)
    {
        this.segments = segments;
        this.tail = tail;
    }

    /** Compiles {@code patterns}. Control path: allocates. */
    static TopicMatcher of(final List<TopicPattern> patterns)
    {
        final int n = patterns.size();
        final byte[][][] segments = new byte[n][][];
        final boolean[] tail = new boolean[n];
        for (int i = 0; i < n; i++)
        {
            final List<String> parts = patterns.get(i).segments();
            final int last = parts.size() - 1;
            tail[i] = TopicPattern.TAIL.equals(parts.get(last));
            final int literalCount = tail[i] ? last : last + 1;
            segments[i] = new byte[literalCount][];
            for (int s = 0; s < literalCount; s++)
            {
                final String part = parts.get(s);
                segments[i][s] = TopicPattern.ONE.equals(part) ? null : part.getBytes(StandardCharsets.US_ASCII);
            }
        }
        return new TopicMatcher(segments, tail);
    }

    /** True when the topic in {@code buffer[offset, offset + length)} matches one pattern. Allocation free. */
    boolean matches(final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = 0; i < segments.length; i++)
        {
            if (matchesOne(segments[i], tail[i], buffer, offset, offset + length))
            {
                return true;
            }
        }
        return false;
    }

    /** True when {@code topic} matches one pattern. Allocation free. */
    boolean matches(final CharSequence topic)
    {
        for (int i = 0; i < segments.length; i++)
        {
            if (matchesOne(segments[i], tail[i], topic))
            {
                return true;
            }
        }
        return false;
    }

    // p is where the topic's next segment starts; p == end + 1 once the topic has no segment left (an empty
    // topic still has one empty segment, as String.split(-1) says, which keeps us equal to TopicPattern.matches)
    private static boolean matchesOne(
        final byte[][] pattern, final boolean tail, final DirectBuffer buffer, final int start, final int end)
    {
        int p = start;
        for (final byte[] segment : pattern)
        {
            if (p > end)
            {
                return false;
            }
            int q = p;
            while (q < end && buffer.getByte(q) != DOT)
            {
                q++;
            }
            if (segment != null && !sameBytes(segment, buffer, p, q))
            {
                return false;
            }
            p = q + 1;
        }
        return tail ? p <= end : p > end;
    }

    private static boolean matchesOne(final byte[][] pattern, final boolean tail, final CharSequence topic)
    {
        final int end = topic.length();
        int p = 0;
        for (final byte[] segment : pattern)
        {
            if (p > end)
            {
                return false;
            }
            int q = p;
            while (q < end && topic.charAt(q) != DOT)
            {
                q++;
            }
            if (segment != null && !sameChars(segment, topic, p, q))
            {
                return false;
            }
            p = q + 1;
        }
        return tail ? p <= end : p > end;
    }

    private static boolean sameBytes(final byte[] segment, final DirectBuffer buffer, final int from, final int to)
    {
        if (segment.length != to - from)
        {
            return false;
        }
        for (int k = 0; k < segment.length; k++)
        {
            if (segment[k] != buffer.getByte(from + k))
            {
                return false;
            }
        }
        return true;
    }

    // pattern bytes are printable ASCII, so a char above 0x7E (or a UTF-8 byte of a longer character) never equals one
    private static boolean sameChars(final byte[] segment, final CharSequence topic, final int from, final int to)
    {
        if (segment.length != to - from)
        {
            return false;
        }
        for (int k = 0; k < segment.length; k++)
        {
            if (segment[k] != topic.charAt(from + k))
            {
                return false;
            }
        }
        return true;
    }
}
