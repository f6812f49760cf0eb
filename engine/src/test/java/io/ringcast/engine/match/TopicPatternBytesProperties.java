package io.ringcast.engine.match;

import java.nio.charset.StandardCharsets;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The in-buffer topic match (used per event by the users' enabled-topic preferences) agrees with the reference. */
class TopicPatternBytesProperties
{
    @Property(tries = 3000)
    void shouldAgreeWithTheStringMatch(@ForAll("patterns") final String pattern, @ForAll("topics") final String topic)
    {
        final TopicPattern p = TopicPattern.parse(pattern);
        final byte[] bytes = ("xx" + topic + "yy").getBytes(StandardCharsets.US_ASCII);
        assertEquals(p.matches(topic), p.matches(new UnsafeBuffer(bytes), 2, topic.length()), pattern + " ~ " + topic);
    }

    @Provide
    Arbitrary<String> patterns()
    {
        final Arbitrary<String> segment = Arbitraries.of("a", "b", "ab", "*", "users", "42");
        return Combinators.combine(segment.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(true, false))
            .as((parts, tail) -> String.join(".", parts) + (tail ? ".>" : ""));
    }

    @Provide
    Arbitrary<String> topics()
    {
        return Arbitraries.of("a", "b", "ab", "users", "42", "abc").list().ofMinSize(1).ofMaxSize(5)
            .map(parts -> String.join(".", parts));
    }
}
