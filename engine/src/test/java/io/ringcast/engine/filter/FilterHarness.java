package io.ringcast.engine.filter;

import java.util.LinkedHashMap;
import java.util.Map;

import org.agrona.ExpandableArrayBuffer;

import io.ringcast.engine.event.CodecError;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventEncoder;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Runs filters against real encoded events the way the match stage does: the filter is bound to a
 * {@link FieldTable}, the event is encoded with {@link EventEncoder} (at a non-zero offset, behind junk
 * bytes), wrapped by an {@link EventView} and bound to a {@link FilterInput}.
 */
final class FilterHarness
{
    static final int OFFSET = 5;

    final FieldTable fields = new FieldTable();
    final FilterInput input = new FilterInput(fields);
    final EventView view = new EventView(CodecLimits.DEFAULT);
    final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
    private final EventEncoder encoder = new EventEncoder();

    /** Binds {@code filter}, encodes and binds {@code event}, and tests. */
    boolean test(final Filter filter, final Event event)
    {
        filter.bind(fields);
        load(event);
        return filter.test(input);
    }

    /** Encodes {@code event} into the buffer and binds it to the input. */
    void load(final Event event)
    {
        for (int i = 0; i < OFFSET; i++)
        {
            buffer.putByte(i, (byte)0x7E);
        }
        final int length = event.encode(encoder, buffer, OFFSET);
        assertEquals(CodecError.NONE, view.wrap(buffer, OFFSET, length), view::errorMessage);
        input.bind(view);
    }

    /** An event on {@code topic} with NORMAL priority, id "e-1", ts 0 and the given name/value pairs. */
    static Event attrs(final Object... namesAndValues)
    {
        return event("models.openai.gpt-4", Priority.NORMAL, 0L, namesAndValues);
    }

    static Event event(final String topic, final Priority priority, final long ts, final Object... namesAndValues)
    {
        return event(topic, "e-1", priority, ts, namesAndValues);
    }

    static Event event(final String topic, final String id, final Priority priority, final long ts,
        final Object... namesAndValues)
    {
        final Map<String, Object> attrs = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2)
        {
            attrs.put((String)namesAndValues[i], namesAndValues[i + 1]);
        }
        return new Event(0, id, "", topic, priority, ts, attrs, ContentType.OPAQUE, new byte[0]);
    }

    static Filter parse(final String expression)
    {
        try
        {
            return Filter.parse(expression);
        }
        catch (final FilterException ex)
        {
            throw new AssertionError(expression + ": " + ex.getMessage(), ex);
        }
    }
}
