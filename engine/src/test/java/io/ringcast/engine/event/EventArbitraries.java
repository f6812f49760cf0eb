package io.ringcast.engine.event;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * jqwik generators of valid events within given limits, weighted towards edge cases: empty and
 * exactly-at-limit text, payloads and topics, extreme longs and doubles. Test thread only.
 */
final class EventArbitraries
{
    private static final Set<String> RESERVED = Set.of("topic", "priority", "id", "ts");
    private static final char[] NAME_CHARS =
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-".toCharArray();
    private static final char[] TOPIC_CHARS = topicChars();

    private EventArbitraries()
    {
    }

    /** Valid events within {@code limits}. */
    static Arbitrary<Event> events(final CodecLimits limits)
    {
        final Arbitrary<Object[]> text = Combinators.combine(
            text(1, limits.maxIdLength()),
            text(0, limits.maxDedupKeyLength()),
            topics(limits.maxTopicLength(), limits.maxTopicSegments()),
            attributes(limits)).as((id, dedupKey, topic, attributes) -> new Object[] {id, dedupKey, topic, attributes});
        final Arbitrary<Object[]> fixed = Combinators.combine(
            Arbitraries.longs(),
            Arbitraries.longs(),
            Arbitraries.of(Priority.class),
            Arbitraries.of(ContentType.class),
            payloads(limits.maxPayloadLength())).as((seq, ts, priority, type, payload) ->
                new Object[] {seq, ts, priority, type, payload});
        return Combinators.combine(text, fixed).as(EventArbitraries::event);
    }

    @SuppressWarnings("unchecked")
    private static Event event(final Object[] text, final Object[] fixed)
    {
        return new Event((Long)fixed[0], (String)text[0], (String)text[1], (String)text[2], (Priority)fixed[2],
            (Long)fixed[1], (Map<String, Object>)text[3], (ContentType)fixed[3], (byte[])fixed[4]);
    }

    /** Unicode scalar values (never a surrogate), weighted towards each UTF-8 width and its boundaries. */
    @SuppressWarnings("unchecked")
    static Arbitrary<Integer> codePoints()
    {
        return Arbitraries.frequencyOf(
            Tuple.of(4, Arbitraries.integers().between(0x20, 0x7E)),
            Tuple.of(2, Arbitraries.integers().between(0x80, 0x7FF)),
            Tuple.of(2, Arbitraries.integers().between(0x800, 0xFFFF).filter(c -> c < 0xD800 || c > 0xDFFF)),
            Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)),
            Tuple.of(1, Arbitraries.of(0, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFD, 0xFFFF, 0x10000, 0x10FFFF)));
    }

    /** Strings of valid code points taking {@code minBytes..maxBytes} in UTF-8; often empty or exactly full. */
    @SuppressWarnings("unchecked")
    static Arbitrary<String> text(final int minBytes, final int maxBytes)
    {
        final Arbitrary<List<Integer>> points = codePoints().list().ofMaxSize(maxBytes);
        return Arbitraries.frequencyOf(
            Tuple.of(6, points.map(p -> fit(p, minBytes, maxBytes, false))),
            Tuple.of(2, points.map(p -> fit(p, minBytes, maxBytes, true))),
            Tuple.of(1, Arbitraries.just("a".repeat(minBytes))));
    }

    /** Appends code points while they fit in {@code maxBytes}, then pads with ASCII to the minimum or full. */
    private static String fit(final List<Integer> points, final int minBytes, final int maxBytes, final boolean fill)
    {
        final StringBuilder sb = new StringBuilder();
        int bytes = 0;
        for (final int cp : points)
        {
            final int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + n > maxBytes)
            {
                break;
            }
            sb.appendCodePoint(cp);
            bytes += n;
        }
        final int target = fill ? maxBytes : minBytes;
        for (; bytes < target; bytes++)
        {
            sb.append('z');
        }
        return sb.toString();
    }

    /** Valid topics: 1..maxSegments non-empty segments of printable ASCII, at most {@code maxLength} bytes. */
    @SuppressWarnings("unchecked")
    static Arbitrary<String> topics(final int maxLength, final int maxSegments)
    {
        final Arbitrary<String> segment = Arbitraries.strings().withChars(TOPIC_CHARS).ofMinLength(1)
            .ofMaxLength(Math.min(12, maxLength));
        final Arbitrary<String> random = segment.list().ofMinSize(1).ofMaxSize(maxSegments).map(s -> join(s, maxLength));
        final int fullChars = maxLength - (maxSegments - 1);
        final Arbitrary<String> full = Arbitraries.strings().withChars(TOPIC_CHARS).ofLength(fullChars)
            .map(s -> split(s, maxSegments));
        return Arbitraries.frequencyOf(Tuple.of(8, random), Tuple.of(1, full));
    }

    private static String join(final List<String> segments, final int maxLength)
    {
        final StringBuilder sb = new StringBuilder(segments.get(0));
        for (int i = 1; i < segments.size() && sb.length() + 2 <= maxLength; i++)
        {
            sb.append('.').append(segments.get(i));
        }
        sb.setLength(Math.min(sb.length(), maxLength));
        return sb.toString();
    }

    /** Splits {@code s} into {@code segments} non-empty pieces joined by dots. */
    private static String split(final String s, final int segments)
    {
        final StringBuilder sb = new StringBuilder();
        final int each = s.length() / segments;
        for (int i = 0; i < segments; i++)
        {
            if (i > 0)
            {
                sb.append('.');
            }
            sb.append(s, i * each, i == segments - 1 ? s.length() : (i + 1) * each);
        }
        return sb.toString();
    }

    /** Attribute maps with unique, valid, unreserved names and values of all four types. */
    static Arbitrary<Map<String, Object>> attributes(final CodecLimits limits)
    {
        final Arbitrary<String> name = Arbitraries.strings().withChars(NAME_CHARS).ofMinLength(1)
            .ofMaxLength(limits.maxAttributeNameLength()).filter(n -> !RESERVED.contains(n));
        // pairs rather than flatMap over the names: flatMap makes shrinking a failure take minutes
        return Combinators.combine(name, values(limits.maxAttributeValueLength())).as(Map::entry)
            .list().uniqueElements(Map.Entry::getKey).ofMaxSize(limits.maxAttributes())
            .map(entries ->
            {
                final Map<String, Object> attributes = new LinkedHashMap<>();
                entries.forEach(e -> attributes.put(e.getKey(), e.getValue()));
                return attributes;
            });
    }

    @SuppressWarnings("unchecked")
    private static Arbitrary<Object> values(final int maxValueLength)
    {
        final Arbitrary<Double> doubles = Arbitraries.oneOf(
            Arbitraries.doubles().withSpecialValue(Double.POSITIVE_INFINITY).withSpecialValue(Double.NEGATIVE_INFINITY)
                .withSpecialValue(-0.0d).withSpecialValue(Double.MIN_VALUE).withSpecialValue(Double.MAX_VALUE),
            Arbitraries.longs().map(Double::longBitsToDouble).filter(d -> !Double.isNaN(d)));
        return Arbitraries.oneOf(
            text(0, maxValueLength).map(s -> (Object)s),
            Arbitraries.longs().map(l -> (Object)l),
            doubles.map(d -> (Object)d),
            Arbitraries.of(true, false).map(b -> (Object)b));
    }

    /** Payloads of 0..maxLength bytes, often empty or exactly the maximum. */
    @SuppressWarnings("unchecked")
    static Arbitrary<byte[]> payloads(final int maxLength)
    {
        final Arbitrary<Byte> b = Arbitraries.bytes();
        return Arbitraries.frequencyOf(
            Tuple.of(6, b.array(byte[].class).ofMaxSize(maxLength)),
            Tuple.of(1, b.array(byte[].class).ofSize(maxLength)),
            Tuple.of(1, Arbitraries.just(new byte[0])));
    }

    private static char[] topicChars()
    {
        final StringBuilder sb = new StringBuilder();
        for (char c = 0x21; c <= 0x7E; c++)
        {
            if (c != '.' && c != '*' && c != '>')
            {
                sb.append(c);
            }
        }
        return sb.toString().toCharArray();
    }
}
