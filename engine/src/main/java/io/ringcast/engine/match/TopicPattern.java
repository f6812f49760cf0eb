package io.ringcast.engine.match;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.DirectBuffer;

/**
 * A subscription's topic pattern: dot-separated segments where {@code *} matches exactly one segment
 * and a final {@code >} matches one or more trailing segments (as in NATS). Immutable; any thread.
 * <p>
 * {@code models.*.gpt} matches {@code models.openai.gpt}; {@code models.>} matches {@code models.openai}
 * and {@code models.openai.gpt-x} but not {@code models}.
 */
public final class TopicPattern
{
    /** Wildcard for one segment. */
    public static final String ONE = "*";
    /** Wildcard for one or more trailing segments. */
    public static final String TAIL = ">";

    private final String text;
    private final List<String> segments;
    // the segments as bytes (printable ASCII), so a topic in an event's buffer is matched without decoding it
    private final byte[][] segmentBytes;

    private TopicPattern(final String text, final List<String> segments)
    {
        this.text = text;
        this.segments = segments;
        this.segmentBytes = new byte[segments.size()][];
        for (int i = 0; i < segmentBytes.length; i++)
        {
            segmentBytes[i] = segments.get(i).getBytes(StandardCharsets.US_ASCII);
        }
    }

    /**
     * Parses and validates a pattern.
     *
     * @throws IllegalArgumentException with a precise message (which segment, what is wrong).
     */
    public static TopicPattern parse(final String text, final int maxLength, final int maxSegments)
    {
        if (text == null || text.isEmpty())
        {
            throw new IllegalArgumentException("topic pattern is empty");
        }
        if (text.length() > maxLength)
        {
            throw new IllegalArgumentException("topic pattern is longer than " + maxLength + " characters");
        }
        final String[] parts = text.split("\\.", -1);
        if (parts.length > maxSegments)
        {
            throw new IllegalArgumentException("topic pattern has " + parts.length + " segments, max " + maxSegments);
        }
        for (int i = 0; i < parts.length; i++)
        {
            final String s = parts[i];
            if (s.isEmpty())
            {
                throw new IllegalArgumentException("topic pattern '" + text + "' has an empty segment #" + (i + 1));
            }
            if (s.equals(TAIL))
            {
                if (i != parts.length - 1)
                {
                    throw new IllegalArgumentException("'>' may only be the last segment of '" + text + "'");
                }
                continue;
            }
            if (s.equals(ONE))
            {
                continue;
            }
            for (int k = 0; k < s.length(); k++)
            {
                final char c = s.charAt(k);
                if (c < 0x21 || c > 0x7E || c == '*' || c == '>')
                {
                    throw new IllegalArgumentException("topic pattern '" + text + "' has invalid character '" + c +
                        "' in segment #" + (i + 1) + " ('*' and '>' must stand alone as a whole segment)");
                }
            }
        }
        return new TopicPattern(text, List.of(parts));
    }

    /** Parses with default limits (256 characters, 16 segments). */
    public static TopicPattern parse(final String text)
    {
        return parse(text, 256, 16);
    }

    /** Segments, wildcards included. */
    public List<String> segments()
    {
        return segments;
    }

    /** True when the pattern has no wildcard. */
    public boolean isLiteral()
    {
        return !segments.contains(ONE) && !segments.contains(TAIL);
    }

    /** Reference semantics on a topic string (allocates; for tests, tools and brute-force checks). */
    public boolean matches(final String topic)
    {
        final String[] t = topic.split("\\.", -1);
        final int n = segments.size();
        for (int i = 0; i < n; i++)
        {
            final String p = segments.get(i);
            if (p.equals(TAIL))
            {
                return t.length > i;
            }
            if (i >= t.length)
            {
                return false;
            }
            if (!p.equals(ONE) && !p.equals(t[i]))
            {
                return false;
            }
        }
        return t.length == n;
    }

    /**
     * True when the topic held in {@code buffer[offset, offset + length)} (UTF-8, as in an event) matches. Same
     * semantics as {@link #matches(String)}; any thread; allocates nothing.
     */
    public boolean matches(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        int start = offset;
        for (int i = 0, n = segmentBytes.length; i < n; i++)
        {
            final byte[] p = segmentBytes[i];
            if (start > end)
            {
                return false; // the topic has fewer segments than the pattern
            }
            if (p.length == 1 && p[0] == '>')
            {
                return true; // at least one segment remains: start <= end
            }
            int dot = start;
            while (dot < end && buffer.getByte(dot) != '.')
            {
                dot++;
            }
            if (!(p.length == 1 && p[0] == '*'))
            {
                if (dot - start != p.length)
                {
                    return false;
                }
                for (int k = 0; k < p.length; k++)
                {
                    if (buffer.getByte(start + k) != p[k])
                    {
                        return false;
                    }
                }
            }
            start = dot + 1;
        }
        return start == end + 1;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof TopicPattern && ((TopicPattern)o).text.equals(text);
    }

    @Override
    public int hashCode()
    {
        return text.hashCode();
    }

    @Override
    public String toString()
    {
        return text;
    }
}
