package io.ringcast.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.match.TopicPattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ReplaySelectionProperties
{
    private static final List<String> WORDS = List.of("a", "b", "models", "x-1");

    @Property(tries = 2000)
    void topicTestOnBytesAgreesWithTopicPattern(@ForAll("patterns") final String pattern,
        @ForAll("topics") final String topic)
    {
        final TopicPattern parsed = TopicPattern.parse(pattern);
        final ReplaySelection selection = new ReplaySelection(parsed, null);

        assertEquals(parsed.matches(topic), selection.test(view(topic, Map.of())), pattern + " vs " + topic);
    }

    @Test
    void shouldApplyTopicAndFilterTogether() throws Exception
    {
        final ReplaySelection selection = new ReplaySelection(TopicPattern.parse("models.>"), Filter.parse("n > 1"));

        assertTrue(selection.test(view("models.a", Map.of("n", 2L))));
        assertFalse(selection.test(view("models.a", Map.of("n", 1L))));
        assertFalse(selection.test(view("users.a", Map.of("n", 2L))));
        assertTrue(new ReplaySelection(null, Filter.MATCH_ALL).test(view("users.a", Map.of())));
    }

    @Provide
    Arbitrary<String> patterns()
    {
        final Arbitrary<String> segment = Arbitraries.oneOf(Arbitraries.of(WORDS), Arbitraries.just("*"));
        return Combinators.combine(segment.list().ofMinSize(0).ofMaxSize(4), Arbitraries.of(true, false))
            .as((segments, tail) -> tail ? String.join(".", append(segments, ">")) :
                segments.isEmpty() ? "models" : String.join(".", segments));
    }

    @Provide
    Arbitrary<String> topics()
    {
        return Arbitraries.of(WORDS).list().ofMinSize(1).ofMaxSize(5).map(segments -> String.join(".", segments));
    }

    private static List<String> append(final List<String> list, final String last)
    {
        final ArrayList<String> copy = new ArrayList<>(list);
        copy.add(last);
        return copy;
    }

    private static EventView view(final String topic, final Map<String, Object> attrs)
    {
        final byte[] bytes = new Event(1, "e", "", topic, Priority.NORMAL, 0, attrs, ContentType.OPAQUE, new byte[0])
            .toBytes();
        final EventView view = new EventView(CodecLimits.DEFAULT);
        view.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        return view;
    }
}
