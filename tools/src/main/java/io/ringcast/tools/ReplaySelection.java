package io.ringcast.tools;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.DirectBuffer;

import io.ringcast.engine.event.EventView;
import io.ringcast.engine.filter.FieldTable;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.filter.FilterInput;
import io.ringcast.engine.match.TopicPattern;

/**
 * Which replayed events are printed: an optional topic pattern and an optional filter, tested on the event's
 * bytes as the match stage tests them. One thread (the filter keeps per-node scratch); allocation free per
 * event.
 */
public final class ReplaySelection
{
    private static final byte DOT = '.';

    private final byte[][] segments;
    private final boolean tail;
    private final Filter filter;
    private final FilterInput input;

    /**
     * A selection of events whose topic matches {@code pattern} (null: any topic) and that pass {@code filter}
     * (null: any event). Allocates the pattern's segment bytes and the filter's field table.
     */
    public ReplaySelection(final TopicPattern pattern, final Filter filter)
    {
        if (pattern == null)
        {
            segments = null;
            tail = false;
        }
        else
        {
            final List<String> parts = pattern.segments();
            tail = TopicPattern.TAIL.equals(parts.get(parts.size() - 1));
            final int n = tail ? parts.size() - 1 : parts.size();
            segments = new byte[n][];
            for (int i = 0; i < n; i++)
            {
                // null stands for '*', any one segment
                segments[i] = TopicPattern.ONE.equals(parts.get(i)) ? null : parts.get(i).getBytes(StandardCharsets.US_ASCII);
            }
        }
        if (filter == null || filter.isMatchAll())
        {
            this.filter = null;
            this.input = null;
        }
        else
        {
            final FieldTable fields = new FieldTable();
            filter.bind(fields);
            this.filter = filter;
            this.input = new FilterInput(fields);
        }
    }

    /** True when the event {@code view} wraps is selected. Allocation free. */
    public boolean test(final EventView view)
    {
        if (segments != null && !topicMatches(view.buffer(), view.topicOffset(), view.topicLength()))
        {
            return false;
        }
        if (filter != null)
        {
            input.bind(view);
            return filter.test(input);
        }
        return true;
    }

    // walks topic segments against pattern segments in one pass over the bytes, as TopicPattern.matches does on strings
    private boolean topicMatches(final DirectBuffer buffer, final int offset, final int length)
    {
        final int end = offset + length;
        int start = offset;
        for (final byte[] segment : segments)
        {
            if (start > end)
            {
                return false;
            }
            int stop = start;
            while (stop < end && buffer.getByte(stop) != DOT)
            {
                stop++;
            }
            if (segment != null && !segmentEquals(buffer, start, stop - start, segment))
            {
                return false;
            }
            start = stop + 1;
        }
        // start == end + 1 when the topic was used up exactly; '>' needs at least one more segment
        return tail ? start <= end : start == end + 1;
    }

    private static boolean segmentEquals(final DirectBuffer buffer, final int offset, final int length,
        final byte[] segment)
    {
        if (length != segment.length)
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != segment[i])
            {
                return false;
            }
        }
        return true;
    }
}
