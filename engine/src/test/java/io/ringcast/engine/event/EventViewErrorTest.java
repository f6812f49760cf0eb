package io.ringcast.engine.event;

import static io.ringcast.engine.event.CodecFixtures.SMALL;
import static io.ringcast.engine.event.CodecFixtures.attrs;
import static io.ringcast.engine.event.CodecFixtures.encode;
import static io.ringcast.engine.event.CodecFixtures.event;
import static io.ringcast.engine.event.CodecFixtures.exactWindow;
import static io.ringcast.engine.event.CodecFixtures.minimal;
import static io.ringcast.engine.event.CodecFixtures.minimalWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every {@link CodecError} {@link EventView#wrap} can return, each with the exact byte offset it reports.
 * Offsets in the minimal event: id length 20, id 22, dedup key length 23, topic length 25, topic 27, then
 * attributes (type at 28, name length 29, name 30) or the payload length at 28.
 */
class EventViewErrorTest
{
    private static final byte[] NO_PAYLOAD = new byte[0];

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void shouldRejectWithPreciseErrorAndOffset(final String name, final Case c)
    {
        final EventView view = new EventView(c.limits);

        final CodecError error = view.wrap(exactWindow(c.bytes, 7), 0, c.bytes.length);

        assertEquals(c.error, error, view::errorMessage);
        assertEquals(c.error, view.error());
        assertEquals(c.offset, view.errorOffset(), view::errorMessage);
        assertEquals(0, view.length());
        assertEquals(0, view.attributeCount());
        assertTrue(view.errorMessage().startsWith(c.error.description()), view.errorMessage());
        assertTrue(view.errorMessage().endsWith(" at byte " + c.offset), view.errorMessage());
    }

    @Test
    void shouldReachEveryCodecError()
    {
        // PAYLOAD_NOT_JSON is the publisher's error (ingest validation), never wrap's: old journals must still read
        final EnumSet<CodecError> reached = EnumSet.of(CodecError.NONE, CodecError.PAYLOAD_NOT_JSON);
        errors().forEach(a -> reached.add(((Case)a.get()[1]).error));

        assertEquals(EnumSet.allOf(CodecError.class), reached);
    }

    @Test
    void shouldNameTheAttributeInTheMessage()
    {
        final byte[] bytes = encode(e -> e.id("e").dedupKey("").topic("t").attribute("x", true).attribute("x", 1L), 0);
        final EventView view = new EventView(CodecLimits.DEFAULT);

        assertEquals(CodecError.ATTRIBUTE_NAME_DUPLICATE, view.wrap(new UnsafeBuffer(bytes), 0, bytes.length));
        assertEquals(34, view.errorOffset());
        assertEquals(CodecError.ATTRIBUTE_NAME_DUPLICATE.description() + " in attribute #1 at byte 34",
            view.errorMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Topic", "ids", "ts2", "_id", "PRIORITY", "a.b-c_D9"})
    void shouldAcceptNamesThatMerelyResembleReservedOnes(final String name)
    {
        final byte[] bytes = minimalWith(attrs(name, 1L), NO_PAYLOAD);

        assertEquals(CodecError.NONE, new EventView(CodecLimits.DEFAULT).wrap(new UnsafeBuffer(bytes), 0, bytes.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u007f", "\u07ff", "\u0800", "\ud7ff", "\ue000", "\uffff", "\ud800\udc00",
        "\udbff\udfff"})
    void shouldAcceptUtf8AtEncodingBoundaries(final String text)
    {
        final byte[] bytes = event(text, text, "t", attrs("v", text), NO_PAYLOAD).toBytes();
        final EventView view = new EventView(CodecLimits.DEFAULT);

        assertEquals(CodecError.NONE, view.wrap(new UnsafeBuffer(bytes), 0, bytes.length));
        assertEquals(text, Event.from(view).id());
    }

    static Stream<Arguments> errors()
    {
        final List<Arguments> cases = new ArrayList<>();
        final byte[] min = minimal().toBytes();

        add(cases, "empty buffer", new byte[0], CodecError.TRUNCATED, 0);
        add(cases, "header cut", Arrays.copyOf(min, 19), CodecError.TRUNCATED, 0);
        add(cases, "id length cut", Arrays.copyOf(min, 21), CodecError.TRUNCATED, 20);
        add(cases, "id cut", Arrays.copyOf(event("abc", "", "t", Map.of(), NO_PAYLOAD).toBytes(), 24),
            CodecError.TRUNCATED, 22);
        add(cases, "dedup key length cut", Arrays.copyOf(min, 24), CodecError.TRUNCATED, 23);
        add(cases, "dedup key cut", Arrays.copyOf(event("e", "key", "t", Map.of(), NO_PAYLOAD).toBytes(), 26),
            CodecError.TRUNCATED, 25);
        add(cases, "topic cut", Arrays.copyOf(event("e", "", "a.b", Map.of(), NO_PAYLOAD).toBytes(), 28),
            CodecError.TRUNCATED, 27);
        add(cases, "payload length cut", Arrays.copyOf(min, 31), CodecError.TRUNCATED, 28);
        add(cases, "payload cut", Arrays.copyOf(minimalWith(Map.of(), new byte[5]), 36), CodecError.TRUNCATED, 32);
        add(cases, "attribute header cut", Arrays.copyOf(minimalWith(attrs("x", 1L), NO_PAYLOAD), 29),
            CodecError.TRUNCATED, 28);
        add(cases, "attribute name cut", Arrays.copyOf(minimalWith(attrs("xyz", 1L), NO_PAYLOAD), 31),
            CodecError.TRUNCATED, 30);
        add(cases, "long value cut", Arrays.copyOf(minimalWith(attrs("x", 1L), NO_PAYLOAD), 38),
            CodecError.TRUNCATED, 31);
        add(cases, "boolean value cut", Arrays.copyOf(minimalWith(attrs("x", true), NO_PAYLOAD), 31),
            CodecError.TRUNCATED, 31);
        add(cases, "string length cut", Arrays.copyOf(minimalWith(attrs("x", "abc"), NO_PAYLOAD), 32),
            CodecError.TRUNCATED, 31);
        add(cases, "string value cut", Arrays.copyOf(minimalWith(attrs("x", "abc"), NO_PAYLOAD), 35),
            CodecError.TRUNCATED, 33);
        add(cases, "payload length past end", patchI32(min, 28, 1), CodecError.TRUNCATED, 32);

        cases.add(Arguments.of("one byte over the largest event",
            new Case(SMALL, new byte[SMALL.maxEventLength() + 1], CodecError.TOO_LARGE, 0)));
        add(cases, "version 0", patch(min, 0, 0), CodecError.BAD_VERSION, 0);
        add(cases, "version 2", patch(min, 0, 2), CodecError.BAD_VERSION, 0);
        add(cases, "priority 4", patch(min, 1, 4), CodecError.BAD_PRIORITY, 1);
        add(cases, "priority 255", patch(min, 1, 0xFF), CodecError.BAD_PRIORITY, 1);
        add(cases, "content type 2", patch(min, 2, 2), CodecError.BAD_CONTENT_TYPE, 2);
        add(cases, "33 attributes", patch(min, 3, 33), CodecError.TOO_MANY_ATTRIBUTES, 3);
        add(cases, "empty id", event("", "", "t", Map.of(), NO_PAYLOAD).toBytes(), CodecError.ID_MISSING, 20);
        add(cases, "id of 129 bytes", event("i".repeat(129), "", "t", Map.of(), NO_PAYLOAD).toBytes(),
            CodecError.ID_TOO_LONG, 20);
        add(cases, "dedup key of 129 bytes", event("e", "k".repeat(129), "t", Map.of(), NO_PAYLOAD).toBytes(),
            CodecError.DEDUP_KEY_TOO_LONG, 23);
        add(cases, "empty topic", event("e", "", "", Map.of(), NO_PAYLOAD).toBytes(), CodecError.TOPIC_MISSING, 25);
        add(cases, "topic of 257 bytes", event("e", "", "t".repeat(257), Map.of(), NO_PAYLOAD).toBytes(),
            CodecError.TOPIC_TOO_LONG, 25);
        add(cases, "topic of 17 segments", event("e", "", "s.".repeat(16) + "s", Map.of(), NO_PAYLOAD).toBytes(),
            CodecError.TOO_MANY_TOPIC_SEGMENTS, 27);
        topic(cases, "a..b", 2);
        topic(cases, ".a", 0);
        topic(cases, "a.", 1);
        topic(cases, ".", 0);
        topic(cases, "a.*", 2);
        topic(cases, "a.>", 2);
        topic(cases, "*", 0);
        topic(cases, "a.b>", 3);
        topic(cases, "a b", 1);
        topic(cases, " a", 0);
        topic(cases, "a\tb", 1);
        topic(cases, "a\u007fb", 1);
        topic(cases, "m\u00f6dels.x", 1);
        topic(cases, "models.\u6f22", 7);

        add(cases, "attribute type 0", patch(minimalWith(attrs("x", 1L), NO_PAYLOAD), 28, 0),
            CodecError.ATTRIBUTE_TYPE_INVALID, 28);
        add(cases, "attribute type 5", patch(minimalWith(attrs("x", 1L), NO_PAYLOAD), 28, 5),
            CodecError.ATTRIBUTE_TYPE_INVALID, 28);
        add(cases, "attribute type 255", patch(minimalWith(attrs("x", 1L), NO_PAYLOAD), 28, 0xFF),
            CodecError.ATTRIBUTE_TYPE_INVALID, 28);
        add(cases, "empty name", encode(e -> e.id("e").dedupKey("").topic("t").attribute("", 1L), 0),
            CodecError.ATTRIBUTE_NAME_INVALID, 29);
        add(cases, "name of 65 bytes", minimalWith(attrs("n".repeat(65), 1L), NO_PAYLOAD),
            CodecError.ATTRIBUTE_NAME_INVALID, 29);
        for (final String bad : new String[] {"a b", "a/b", "a*", "\u00e9", "a\u0000", "a:b", "a$"})
        {
            add(cases, "name '" + bad + "'", minimalWith(attrs(bad, 1L), NO_PAYLOAD), CodecError.ATTRIBUTE_NAME_INVALID,
                30);
        }
        for (final String reserved : new String[] {"topic", "priority", "id", "ts"})
        {
            add(cases, "reserved name " + reserved, minimalWith(attrs(reserved, "v"), NO_PAYLOAD),
                CodecError.ATTRIBUTE_NAME_RESERVED, 30);
        }
        add(cases, "duplicate name", encode(e -> e.id("e").dedupKey("").topic("t").attribute("x", true)
            .attribute("x", 1L), 0), CodecError.ATTRIBUTE_NAME_DUPLICATE, 34);
        add(cases, "duplicate name after others", encode(e -> e.id("e").dedupKey("").topic("t").attribute("ab", "v")
            .attribute("c", 2.0d).attribute("ab", false), 0), CodecError.ATTRIBUTE_NAME_DUPLICATE, 48);
        add(cases, "string value of 1025 bytes", minimalWith(attrs("s", "v".repeat(1025)), NO_PAYLOAD),
            CodecError.ATTRIBUTE_VALUE_TOO_LONG, 31);
        add(cases, "double NaN", encode(e -> e.id("e").dedupKey("").topic("t").attribute("d", Double.NaN), 0),
            CodecError.ATTRIBUTE_VALUE_INVALID, 31);
        add(cases, "double negative signalling NaN", patchI64(minimalWith(attrs("d", 1.0d), NO_PAYLOAD), 31,
            0xFFF0000000000001L), CodecError.ATTRIBUTE_VALUE_INVALID, 31);
        add(cases, "boolean 2", patch(minimalWith(attrs("b", true), NO_PAYLOAD), 31, 2),
            CodecError.ATTRIBUTE_VALUE_INVALID, 31);
        add(cases, "boolean 255", patch(minimalWith(attrs("b", true), NO_PAYLOAD), 31, 0xFF),
            CodecError.ATTRIBUTE_VALUE_INVALID, 31);
        Utf8Cases.addTo(cases);
        add(cases, "payload of 64 KiB + 1", minimalWith(Map.of(), new byte[64 * 1024 + 1]),
            CodecError.PAYLOAD_TOO_LARGE, 28);
        add(cases, "negative payload length", patchI32(min, 28, -1), CodecError.PAYLOAD_TOO_LARGE, 28);
        add(cases, "one trailing byte", Arrays.copyOf(min, min.length + 1), CodecError.TRAILING_BYTES, 32);
        add(cases, "a second event follows", concat(min, min), CodecError.TRAILING_BYTES, 32);
        return cases.stream();
    }

    static void add(final List<Arguments> cases, final String name, final byte[] bytes, final CodecError error,
        final int offset)
    {
        cases.add(Arguments.of(name, new Case(CodecLimits.DEFAULT, bytes, error, offset)));
    }

    static byte[] patch(final byte[] bytes, final int index, final int value)
    {
        final byte[] copy = bytes.clone();
        copy[index] = (byte)value;
        return copy;
    }

    private static void topic(final List<Arguments> cases, final String topic, final int badIndex)
    {
        add(cases, "topic '" + topic + "'", event("e", "", topic, Map.of(), NO_PAYLOAD).toBytes(),
            CodecError.TOPIC_INVALID, 27 + badIndex);
    }

    private static byte[] patchI32(final byte[] bytes, final int index, final int value)
    {
        final byte[] copy = bytes.clone();
        CodecFixtures.putI32(copy, index, value);
        return copy;
    }

    private static byte[] patchI64(final byte[] bytes, final int index, final long value)
    {
        final byte[] copy = bytes.clone();
        new UnsafeBuffer(copy).putLong(index, value, java.nio.ByteOrder.LITTLE_ENDIAN);
        return copy;
    }

    private static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    /** One rejected encoding: the limits to wrap it with, the bytes, and the error and offset expected. */
    record Case(CodecLimits limits, byte[] bytes, CodecError error, int offset)
    {
        @Override
        public String toString()
        {
            return error + "@" + offset;
        }
    }
}
