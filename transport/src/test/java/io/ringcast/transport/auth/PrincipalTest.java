package io.ringcast.transport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.match.TopicPattern;

class PrincipalTest
{
    // "z" never appears in a generated pattern: it stands for every segment a wildcard admits and no literal names
    private static final String[] ALPHABET = {"a", "b", "z"};

    private static Principal subscriber(final String... patterns)
    {
        final List<TopicPattern> parsed = new ArrayList<>();
        for (final String p : patterns)
        {
            parsed.add(TopicPattern.parse(p));
        }
        return new Principal("u", Principal.NO_EXPIRY, parsed, parsed, false);
    }

    private static boolean maySubscribe(final Principal p, final String pattern)
    {
        return p.maySubscribe(TopicPattern.parse(pattern));
    }

    @Test
    void shouldAdmitSubscriptionsInsideAnAllowedPattern()
    {
        final Principal p = subscriber("models.>", "users.*.tasks");
        assertTrue(maySubscribe(p, "models.openai"));
        assertTrue(maySubscribe(p, "models.*.high"));
        assertTrue(maySubscribe(p, "models.>"));
        assertTrue(maySubscribe(p, "users.42.tasks"));
        assertTrue(maySubscribe(p, "users.*.tasks"));
        assertFalse(maySubscribe(p, "models"), "models.> needs one more segment");
        assertFalse(maySubscribe(p, ">"));
        assertFalse(maySubscribe(p, "*.openai"));
        assertFalse(maySubscribe(p, "users.42.>"));
        assertFalse(maySubscribe(p, "users.42.tasks.done"));
        assertFalse(maySubscribe(p, "users.42"));
        assertTrue(maySubscribe(subscriber(">"), ">"));
        assertFalse(maySubscribe(subscriber("*.>"), ">"), "> also matches one-segment topics");
        assertTrue(maySubscribe(subscriber("*.>"), "a.>"));
        assertFalse(maySubscribe(subscriber("a.*"), "a.>"));
    }

    @Test
    void shouldMatchPublishTopicsAsTopicPatternDoes()
    {
        final Principal p = subscriber("models.>", "users.*.tasks", "alerts");
        assertTrue(p.mayPublish("models.openai.gpt-x"));
        assertTrue(p.mayPublish("users.42.tasks"));
        assertTrue(p.mayPublish("alerts"));
        assertFalse(p.mayPublish("models"));
        assertFalse(p.mayPublish("users.42.tasks.x"));
        assertFalse(p.mayPublish("alerts.x"));
        assertFalse(p.mayPublish("alert"));
        final byte[] topic = "xxusers.7.tasksyy".getBytes(StandardCharsets.US_ASCII);
        assertTrue(p.mayPublish(new UnsafeBuffer(topic), 2, topic.length - 4));
        assertFalse(p.mayPublish(new UnsafeBuffer(topic), 2, topic.length - 3));
    }

    /** Containment of one pattern in another agrees with checking every topic of a small universe. */
    @Property(tries = 400)
    void coversAgreesWithBruteForce(@ForAll("patterns") final String allowed,
        @ForAll("patterns") final String requested)
    {
        final TopicPattern a = TopicPattern.parse(allowed);
        final TopicPattern r = TopicPattern.parse(requested);
        boolean contained = true;
        for (final String topic : universe(Math.max(a.segments().size(), r.segments().size()) + 1))
        {
            if (r.matches(topic) && !a.matches(topic))
            {
                contained = false;
                break;
            }
        }
        assertEquals(contained, subscriber(allowed).maySubscribe(r), allowed + " covers " + requested);
    }

    /** With several allowed patterns, an admitted subscription never reaches a topic none of them allows. */
    @Property(tries = 300)
    void maySubscribeIsSound(@ForAll("patternLists") final List<String> allowed,
        @ForAll("patterns") final String requested)
    {
        final Principal p = subscriber(allowed.toArray(new String[0]));
        final TopicPattern r = TopicPattern.parse(requested);
        if (p.maySubscribe(r))
        {
            for (final String topic : universe(6))
            {
                if (r.matches(topic))
                {
                    assertTrue(p.mayPublish(topic), allowed + " admitted " + requested + " but not " + topic);
                }
            }
        }
    }

    /** The compiled matcher (string and bytes) answers as TopicPattern.matches, odd topics included. */
    @Property(tries = 500)
    void publishMatchAgreesWithTopicPattern(@ForAll("patternLists") final List<String> allowed,
        @ForAll("topics") final String topic)
    {
        final Principal p = subscriber(allowed.toArray(new String[0]));
        boolean expected = false;
        for (final String pattern : allowed)
        {
            expected |= TopicPattern.parse(pattern).matches(topic);
        }
        assertEquals(expected, p.mayPublish(topic), allowed + " / '" + topic + "'");
        final byte[] bytes = ("#" + topic + "#").getBytes(StandardCharsets.US_ASCII);
        assertEquals(expected, p.mayPublish(new UnsafeBuffer(bytes), 1, bytes.length - 2), "bytes");
    }

    @Provide
    Arbitrary<String> patterns()
    {
        final Arbitrary<String> segment = Arbitraries.of("a", "b", "*");
        return Combinators.combine(segment.list().ofMinSize(1).ofMaxSize(4), Arbitraries.of(false, true))
            .as((segments, tail) -> String.join(".", segments) + (tail ? ".>" : ""))
            .edgeCases(e -> e.add(">"));
    }

    @Provide
    Arbitrary<List<String>> patternLists()
    {
        return patterns().list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> topics()
    {
        return Arbitraries.strings().withChars("ab.z").ofMinLength(0).ofMaxLength(9);
    }

    private static List<String> universe(final int maxSegments)
    {
        final List<String> topics = new ArrayList<>();
        List<String> level = List.of("");
        for (int n = 1; n <= maxSegments; n++)
        {
            final List<String> next = new ArrayList<>();
            for (final String prefix : level)
            {
                for (final String s : ALPHABET)
                {
                    next.add(prefix.isEmpty() ? s : prefix + "." + s);
                }
            }
            topics.addAll(next);
            level = next;
        }
        return topics;
    }
}
