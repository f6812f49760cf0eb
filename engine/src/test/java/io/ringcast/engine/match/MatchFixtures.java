package io.ringcast.engine.match;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import io.ringcast.engine.event.CodecError;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.filter.FilterException;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.Subscription;

/** Builders shared by the matcher tests: subscriptions, encoded events and sorted match results. */
final class MatchFixtures
{
    private MatchFixtures()
    {
    }

    static Subscription subscription(final int handle, final String pattern, final Filter filter)
    {
        final Subscription s = new Subscription("client", "sub-" + handle, TopicPattern.parse(pattern), filter,
            BatchPolicy.DEFAULT, 0L);
        s.handle(handle);
        return s;
    }

    static Filter filter(final String expression)
    {
        try
        {
            return Filter.parse(expression);
        }
        catch (final FilterException ex)
        {
            throw new IllegalArgumentException(expression, ex);
        }
    }

    /** Attributes from alternating names and values (String, Long/Integer, Double, Boolean). */
    static Map<String, Object> attributes(final Object... nameValues)
    {
        final Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2)
        {
            attributes.put((String)nameValues[i], nameValues[i + 1]);
        }
        return attributes;
    }

    static byte[] encode(final String topic, final Map<String, Object> attributes)
    {
        return new Event(0, "id-1", "", topic, Priority.NORMAL, 0L, attributes, ContentType.OPAQUE, null).toBytes();
    }

    /** A view wrapped (successfully) around a fresh encoding of the event. */
    static EventView view(final String topic, final Object... nameValues)
    {
        final byte[] bytes = encode(topic, attributes(nameValues));
        final EventView view = new EventView(CodecLimits.DEFAULT);
        final CodecError error = view.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        if (error != CodecError.NONE)
        {
            throw new IllegalArgumentException(view.errorMessage());
        }
        return view;
    }

    /** The sorted handles {@code matcher} finds for the event, checking the returned count against the list. */
    static int[] match(final Matcher matcher, final EventView view)
    {
        final IntArrayList out = new IntArrayList();
        final int count = matcher.match(view, out);
        if (count != out.size())
        {
            throw new AssertionError("match returned " + count + " but appended " + out.size());
        }
        final int[] handles = out.toIntArray();
        Arrays.sort(handles);
        return handles;
    }
}
