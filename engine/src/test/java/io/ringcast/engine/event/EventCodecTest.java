package io.ringcast.engine.event;

import static io.ringcast.engine.event.CodecFixtures.SENTINEL;
import static io.ringcast.engine.event.CodecFixtures.SMALL;
import static io.ringcast.engine.event.CodecFixtures.WIDE;
import static io.ringcast.engine.event.CodecFixtures.attrs;
import static io.ringcast.engine.event.CodecFixtures.event;
import static io.ringcast.engine.event.CodecFixtures.exactWindow;
import static io.ringcast.engine.event.CodecFixtures.minimal;
import static io.ringcast.engine.event.CodecFixtures.utf8Length;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Round trips, limits, seq patching and buffer offsets of the event codec. */
class EventCodecTest
{
    private static final String ID_AT_LIMIT = "\u00e9".repeat(8);                // 16 bytes
    private static final String DEDUP_AT_LIMIT = "\u20ac".repeat(4);             // 12 bytes
    private static final String TOPIC_AT_LIMIT = "abcde.fghij.klmno.pqrstu";     // 24 bytes, 4 segments
    private static final String NAME_AT_LIMIT = "attr_-.x";                      // 8 bytes
    private static final String VALUE_AT_LIMIT = "\ud83d\ude00\ud83d\ude00ab";   // 10 bytes

    private final EventView view = new EventView(CodecLimits.DEFAULT);

    @Test
    void shouldRoundTripEventWithEveryAttributeTypeUnicodeAndJsonPayload()
    {
        final Event event = CodecFixtures.fullEvent();
        final byte[] bytes = event.toBytes();

        assertEquals(CodecError.NONE, view.wrap(new UnsafeBuffer(bytes), 0, bytes.length), view.errorMessage());
        assertEquals(bytes.length, view.length());
        assertEquals(0x0102030405060708L, view.seq());
        assertEquals(1_717_171_717_171L, view.timestamp());
        assertEquals(Priority.HIGH, view.priority());
        assertEquals(ContentType.JSON, view.contentType());
        assertEquals(0, view.dedupKeyLength());
        assertEquals(3, view.topicSegments());
        assertEquals(10, view.attributeCount());
        assertEquals(AttributeType.STRING, view.attributeType(0));
        assertEquals(AttributeType.LONG, view.attributeType(3));
        assertEquals(AttributeType.DOUBLE, view.attributeType(5));
        assertEquals(AttributeType.BOOLEAN, view.attributeType(8));
        assertEquals(Long.MIN_VALUE, view.attributeLong(3));
        assertEquals(Double.doubleToRawLongBits(-0.0d), Double.doubleToRawLongBits(view.attributeDouble(5)));
        assertTrue(view.attributeBoolean(8));
        assertEquals("OpenAI \u00fc\u4e2d\ud83d\ude80".getBytes(StandardCharsets.UTF_8).length,
            view.attributeValueLength(0));
        assertEquals(event, Event.from(view));
        assertEquals("evt-\u00e9\u6f22\ud83d\ude00-1", Event.from(view).id());
        assertEquals(event.payloadText(), Event.from(view).payloadText());
    }

    @Test
    void shouldRoundTripOpaquePayloadOfEveryByteValueAndADedupKey()
    {
        final byte[] payload = new byte[256];
        for (int i = 0; i < payload.length; i++)
        {
            payload[i] = (byte)i;
        }
        final Event event = new Event(0, "id-1", "order-\u00df-42", "users.42.tasks", Priority.CRITICAL, -1L,
            attrs("due", Long.valueOf(-7)), ContentType.OPAQUE, payload);
        final byte[] bytes = event.toBytes();

        assertEquals(CodecError.NONE, view.wrap(new UnsafeBuffer(bytes), 0, bytes.length));
        assertEquals(utf8Length("order-\u00df-42"), view.dedupKeyLength());
        assertEquals(event, Event.from(view));
        assertArrayEquals(payload, Event.from(view).payload());
    }

    @Test
    void shouldRoundTripEmptyPayloadAndNoAttributes()
    {
        final byte[] bytes = minimal().toBytes();

        assertEquals(32, bytes.length);
        assertEquals(CodecError.NONE, view.wrap(new UnsafeBuffer(bytes), 0, bytes.length));
        assertEquals(0, view.payloadLength());
        assertEquals(minimal(), Event.from(view));
    }

    @Test
    void shouldAcceptEventWithEveryFieldAtItsLimitAndExactlyTheLargestLength()
    {
        final byte[] bytes = maxedEvent().toBytes();
        final EventView small = new EventView(SMALL);

        assertEquals(SMALL.maxEventLength(), bytes.length);
        assertEquals(CodecError.NONE, small.wrap(new UnsafeBuffer(bytes), 0, bytes.length), small.errorMessage());
        assertEquals(maxedEvent(), Event.from(small));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("limits")
    void shouldAcceptFieldAtItsLimitAndRejectOneOverNamingTheLimit(final String field, final byte[] atLimit,
        final byte[] overLimit, final CodecError error, final ToIntFunction<EventView> offset, final String limitText)
    {
        final EventView small = new EventView(SMALL);
        assertEquals(CodecError.NONE, small.wrap(new UnsafeBuffer(atLimit), 0, atLimit.length), small.errorMessage());

        final EventView wide = new EventView(WIDE);
        wide.wrap(new UnsafeBuffer(overLimit), 0, overLimit.length);
        final int expectedOffset = offset.applyAsInt(wide);

        assertEquals(error, small.wrap(new UnsafeBuffer(overLimit), 0, overLimit.length));
        assertEquals(expectedOffset, small.errorOffset());
        assertTrue(small.errorMessage().contains(limitText), small.errorMessage());
        assertTrue(small.errorMessage().endsWith(" at byte " + expectedOffset), small.errorMessage());
    }

    static Stream<Arguments> limits()
    {
        final byte[] maxed = maxedEvent().toBytes();
        final byte[] oneMore = Arrays.copyOf(maxed, maxed.length + 1);
        return Stream.of(
            limit("id", withId(ID_AT_LIMIT), withId(ID_AT_LIMIT + "a"), CodecError.ID_TOO_LONG,
                v -> v.idOffset() - 2, "(max 16 bytes)"),
            limit("dedup key", withDedupKey(DEDUP_AT_LIMIT), withDedupKey(DEDUP_AT_LIMIT + "a"),
                CodecError.DEDUP_KEY_TOO_LONG, v -> v.dedupKeyOffset() - 2, "(max 12 bytes)"),
            limit("topic length", withTopic(TOPIC_AT_LIMIT), withTopic(TOPIC_AT_LIMIT + "v"),
                CodecError.TOPIC_TOO_LONG, v -> v.topicOffset() - 2, "(max 24 bytes)"),
            limit("topic segments", withTopic("a.b.c.d"), withTopic("a.b.c.d.e"), CodecError.TOO_MANY_TOPIC_SEGMENTS,
                EventView::topicOffset, "(max 4)"),
            limit("attribute count", withBooleans(4), withBooleans(5), CodecError.TOO_MANY_ATTRIBUTES, v -> 3,
                "(max 4)"),
            limit("attribute name", CodecFixtures.minimalWith(attrs(NAME_AT_LIMIT, 1L), new byte[0]),
                CodecFixtures.minimalWith(attrs(NAME_AT_LIMIT + "y", 1L), new byte[0]),
                CodecError.ATTRIBUTE_NAME_INVALID, v -> v.attributeNameOffset(0) - 1, "(max 8 bytes)"),
            limit("attribute value", CodecFixtures.minimalWith(attrs("s", VALUE_AT_LIMIT), new byte[0]),
                CodecFixtures.minimalWith(attrs("s", VALUE_AT_LIMIT + "c"), new byte[0]),
                CodecError.ATTRIBUTE_VALUE_TOO_LONG, v -> v.attributeValueOffset(0) - 2, "(max 10 bytes)"),
            limit("payload", CodecFixtures.minimalWith(Map.of(), new byte[32]),
                CodecFixtures.minimalWith(Map.of(), new byte[33]), CodecError.PAYLOAD_TOO_LARGE,
                v -> v.payloadOffset() - 4, "(max 32 bytes)"),
            limit("event length", maxed, oneMore, CodecError.TOO_LARGE, v -> 0,
                "(max " + SMALL.maxEventLength() + " bytes)"));
    }

    @Test
    void shouldPatchSeqInPlaceAndLeaveEveryOtherByteAlone()
    {
        final byte[] original = CodecFixtures.fullEvent().toBytes();
        final byte[] bytes = original.clone();
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        assertEquals(CodecError.NONE, view.wrap(buffer, 0, bytes.length));

        view.seq(0x1122334455667788L);

        assertEquals(0x1122334455667788L, view.seq());
        assertEquals(0x1122334455667788L, buffer.getLong(EventView.SEQ_OFFSET, ByteOrder.LITTLE_ENDIAN));
        assertArrayEquals(Arrays.copyOfRange(original, 0, EventView.SEQ_OFFSET),
            Arrays.copyOfRange(bytes, 0, EventView.SEQ_OFFSET));
        assertArrayEquals(Arrays.copyOfRange(original, EventView.SEQ_OFFSET + 8, original.length),
            Arrays.copyOfRange(bytes, EventView.SEQ_OFFSET + 8, bytes.length));
        assertEquals(CodecError.NONE, view.wrap(buffer, 0, bytes.length));
        assertEquals(CodecFixtures.fullEvent().withSeq(0x1122334455667788L), Event.from(view));
    }

    @Test
    void shouldWrapAtNonZeroOffsetInsideLargerBufferWithAbsoluteFieldOffsetsAndRelativeErrorOffsets()
    {
        final int at = 37;
        final byte[] encoded = CodecFixtures.fullEvent().toBytes();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(at + encoded.length + 64);
        buffer.setMemory(0, buffer.capacity(), SENTINEL);
        buffer.putBytes(at, encoded);

        assertEquals(CodecError.NONE, view.wrap(buffer, at, encoded.length), view.errorMessage());
        assertEquals(at, view.offset());
        assertEquals(at + EventView.HEADER_LENGTH + 2, view.idOffset());
        assertEquals(CodecFixtures.fullEvent(), Event.from(view));

        view.seq(99L);
        assertEquals(99L, buffer.getLong(at + EventView.SEQ_OFFSET, ByteOrder.LITTLE_ENDIAN));
        assertEquals(SENTINEL, buffer.getByte(at - 1));
        assertEquals(SENTINEL, buffer.getByte(at + encoded.length));

        buffer.putByte(at + 1, (byte)9);
        assertEquals(CodecError.BAD_PRIORITY, view.wrap(buffer, at, encoded.length));
        assertEquals(1, view.errorOffset());
        assertEquals(0, view.length());

        buffer.putByte(at + 1, (byte)0);
        assertEquals(CodecError.TRAILING_BYTES, view.wrap(buffer, at, encoded.length + 1));
        assertEquals(encoded.length, view.errorOffset());
    }

    @Test
    void shouldNeverReadOutsideAnExactWindowWhenWrappingValidEvent()
    {
        final byte[] encoded = CodecFixtures.fullEvent().toBytes();
        final UnsafeBuffer window = exactWindow(encoded, 13);

        assertEquals(CodecError.NONE, view.wrap(window, 0, encoded.length));
        assertEquals(CodecFixtures.fullEvent(), Event.from(view));
    }

    @Test
    void shouldHaveTestWindowsThatThrowOnAnyReadOutsideThem()
    {
        final byte[] bytes = minimal().toBytes();
        final UnsafeBuffer window = exactWindow(bytes, 5);
        final CodecFixtures.GuardedBuffer guarded = CodecFixtures.guarded(bytes, 5);

        assertThrows(IndexOutOfBoundsException.class, () -> window.getByte(bytes.length));
        assertThrows(IndexOutOfBoundsException.class, () -> window.getByte(-1));
        assertThrows(IndexOutOfBoundsException.class, () -> guarded.getByte(4));
        assertThrows(IndexOutOfBoundsException.class, () -> guarded.getInt(5 + bytes.length - 3, ByteOrder.LITTLE_ENDIAN));
        assertEquals(CodecError.NONE, view.wrap(guarded, 5, bytes.length));
    }

    @Test
    void shouldRefuseToEncodeFieldsTooLongForTheirLengthPrefix()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final EventEncoder encoder = new EventEncoder();

        assertThrows(IllegalArgumentException.class, () -> encoder.wrap(buffer, 0).id("i".repeat(0x10000)));
        assertThrows(IllegalArgumentException.class,
            () -> encoder.wrap(buffer, 0).id("i").dedupKey("").topic("t").attribute("v", "\u00e9".repeat(0x8000)));
        assertThrows(IllegalArgumentException.class,
            () -> encoder.wrap(buffer, 0).id("i").dedupKey("").topic("t").attribute("n".repeat(256), 1L));
        encoder.wrap(buffer, 0).id("i").dedupKey("").topic("t");
        for (int i = 0; i < 255; i++)
        {
            encoder.attribute("a" + i, true);
        }
        assertThrows(IllegalArgumentException.class, () -> encoder.attribute("one-more", true));
        assertEquals(0xFFFF, utf8Length(encodeAndDecode("i".repeat(0xFFFF)).id()));
    }

    @Test
    void shouldDescribeSuccessAsOk()
    {
        final byte[] bytes = minimal().toBytes();
        view.wrap(new UnsafeBuffer(bytes), 0, bytes.length);

        assertEquals(CodecError.NONE, view.error());
        assertEquals("ok", view.errorMessage());
    }

    private static Event encodeAndDecode(final String id)
    {
        final byte[] bytes = event(id, "", "t", Map.of(), new byte[0]).toBytes();
        final EventView wide = new EventView(WIDE);
        assertEquals(CodecError.NONE, wide.wrap(new UnsafeBuffer(bytes), 0, bytes.length));
        return Event.from(wide);
    }

    private static Event maxedEvent()
    {
        final byte[] payload = new byte[SMALL.maxPayloadLength()];
        Arrays.fill(payload, (byte)0xFF);
        return new Event(Long.MAX_VALUE, ID_AT_LIMIT, DEDUP_AT_LIMIT, TOPIC_AT_LIMIT, Priority.CRITICAL, Long.MIN_VALUE,
            attrs("attr_-.1", VALUE_AT_LIMIT, "attr_-.2", VALUE_AT_LIMIT, "attr_-.3", VALUE_AT_LIMIT,
                "attr_-.4", VALUE_AT_LIMIT),
            ContentType.JSON, payload);
    }

    private static byte[] withId(final String id)
    {
        return event(id, "", "t", Map.of(), new byte[0]).toBytes();
    }

    private static byte[] withDedupKey(final String dedupKey)
    {
        return event("e", dedupKey, "t", Map.of(), new byte[0]).toBytes();
    }

    private static byte[] withTopic(final String topic)
    {
        return event("e", "", topic, Map.of(), new byte[0]).toBytes();
    }

    private static byte[] withBooleans(final int count)
    {
        final Map<String, Object> attributes = attrs();
        for (int i = 0; i < count; i++)
        {
            attributes.put("b" + i, i % 2 == 0);
        }
        return CodecFixtures.minimalWith(attributes, new byte[0]);
    }

    private static Arguments limit(final String field, final byte[] atLimit, final byte[] overLimit,
        final CodecError error, final ToIntFunction<EventView> offset, final String limitText)
    {
        return Arguments.of(field, atLimit, overLimit, error, offset, limitText);
    }
}
