package io.ringcast.engine.event;

import static io.ringcast.engine.event.CodecFixtures.exactWindow;
import static io.ringcast.engine.event.CodecFixtures.guarded;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the codec: round trips, truncation, corruption and garbage never escaping the window,
 * and {@link Utf8} agreeing with the JDK.
 */
class EventCodecProperties
{
    /** Small enough that generated fields hit their limits often, large enough for real structure. */
    static final CodecLimits LIMITS = new CodecLimits(24, 16, 40, 5, 10, 12, 48, 300);

    private final EventView view = new EventView(LIMITS);
    private final EventView guardedView = new EventView(LIMITS);

    @Property(tries = 1000)
    void decodeOfEncodeIsIdentity(@ForAll("events") final Event event, @ForAll @IntRange(max = 64) final int offset)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
        final int length = event.encode(new EventEncoder(), buffer, offset);

        assertEquals(CodecError.NONE, view.wrap(buffer, offset, length), view::errorMessage);
        assertEquals(event, Event.from(view));
        assertArrayEquals(event.toBytes(), Arrays.copyOfRange(buffer.byteArray(), offset, offset + length));
    }

    @Property(tries = 100)
    void decodeOfEncodeIsIdentityUnderDefaultLimits(@ForAll("defaultEvents") final Event event)
    {
        final byte[] bytes = event.toBytes();
        final EventView wide = new EventView(CodecLimits.DEFAULT);

        assertEquals(CodecError.NONE, wide.wrap(exactWindow(bytes, 3), 0, bytes.length), wide::errorMessage);
        assertEquals(event, Event.from(wide));
    }

    @Property(tries = 300)
    void everyStrictPrefixIsTruncated(@ForAll("events") final Event event)
    {
        final byte[] bytes = event.toBytes();
        final byte[] backing = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, backing, 1, bytes.length);
        for (int length = 0; length < bytes.length; length++)
        {
            final UnsafeBuffer window = new UnsafeBuffer(backing, 1, length); // exact: reads past it throw
            final CodecError error = view.wrap(window, 0, length);

            assertEquals(CodecError.TRUNCATED, error, view::errorMessage);
            assertTrue(view.errorOffset() >= 0 && view.errorOffset() <= length, view::errorMessage);
        }
    }

    @Property(tries = 2000)
    void corruptedEncodingNeverThrowsNorEscapesTheWindow(@ForAll("corrupted") final byte[] bytes)
    {
        Statistics.label("result").collect(checkSafe(bytes));
    }

    @Property(tries = 2000)
    void garbageNeverThrowsNorEscapesTheWindow(@ForAll("garbage") final byte[] bytes)
    {
        Statistics.label("result").collect(checkSafe(bytes));
    }

    @Property(tries = 3000)
    void utf8ValidationAgreesWithJdkDecoder(@ForAll("utf8ish") final byte[] bytes)
    {
        final boolean jdk = jdkAccepts(bytes);

        assertEquals(jdk, Utf8.isValid(exactWindow(bytes, 5), 0, bytes.length));
        assertEquals(jdk, Utf8.isValid(guarded(bytes, 5), 5, bytes.length));
        Statistics.label("valid").collect(jdk);
    }

    @Property(tries = 1000)
    void utf8EncodeAgreesWithJdkForValidStrings(@ForAll("validStrings") final String text)
    {
        assertSameEncoding(text);
    }

    @Property(tries = 1000)
    void utf8EncodeAgreesWithJdkEvenForUnpairedSurrogates(@ForAll("surrogateHeavyStrings") final String text)
    {
        assertSameEncoding(text);
    }

    /**
     * Wraps the bytes through an exact-window buffer and through a guarded buffer at an offset; both must
     * agree, never throw, report an offset inside the bytes, and accept only canonical encodings.
     */
    private CodecError checkSafe(final byte[] bytes)
    {
        final int pad = 1 + (bytes.length % 13);
        final CodecError error = view.wrap(exactWindow(bytes, pad), 0, bytes.length);
        final CodecFixtures.GuardedBuffer guard = guarded(bytes, pad);

        assertEquals(error, guardedView.wrap(guard, pad, bytes.length));
        if (error != CodecError.NONE)
        {
            assertEquals(view.errorOffset(), guardedView.errorOffset());
            assertTrue(view.errorOffset() >= 0 && view.errorOffset() <= bytes.length, view::errorMessage);
            assertTrue(view.errorMessage().startsWith(error.description()));
            return error;
        }
        final Event decoded = Event.from(view);
        assertEquals(decoded, Event.from(guardedView));
        final byte[] reencoded = decoded.toBytes();
        assertArrayEquals(bytes, reencoded, "an accepted encoding is canonical");
        assertEquals(CodecError.NONE, view.wrap(new UnsafeBuffer(reencoded), 0, reencoded.length));
        assertEquals(decoded, Event.from(view));
        return error;
    }

    private static void assertSameEncoding(final String text)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(16);
        final int n = Utf8.encode(text, buffer, 3);
        final byte[] jdk = text.getBytes(StandardCharsets.UTF_8);

        assertArrayEquals(jdk, Arrays.copyOfRange(buffer.byteArray(), 3, 3 + n));
        assertEquals(jdk.length, Utf8.encodedLength(text));
    }

    private static boolean jdkAccepts(final byte[] bytes)
    {
        try
        {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        }
        catch (final CharacterCodingException ex)
        {
            return false;
        }
    }

    @Provide
    Arbitrary<Event> events()
    {
        return EventArbitraries.events(LIMITS);
    }

    @Provide
    Arbitrary<Event> defaultEvents()
    {
        return EventArbitraries.events(CodecLimits.DEFAULT);
    }

    @Provide
    Arbitrary<byte[]> corrupted()
    {
        final Arbitrary<int[]> edit = Combinators.combine(
            Arbitraries.integers().greaterOrEqual(0).withoutEdgeCases(), // else most edits hit the version byte
            Arbitraries.of(true, false),
            interestingBytes()).as((position, nearStart, value) -> new int[] {position, nearStart ? 1 : 0, value});
        return Combinators.combine(events(), edit.list().ofMinSize(1).ofMaxSize(6),
            Arbitraries.integers().between(-4, 4), Arbitraries.bytes().array(byte[].class).ofMaxSize(4))
            .as(EventCodecProperties::corrupt);
    }

    @SuppressWarnings("unchecked")
    @Provide
    Arbitrary<byte[]> garbage()
    {
        final Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        final Arbitrary<byte[]> withHeader = random.map(EventCodecProperties::plausibleHeader);
        final Arbitrary<byte[]> validPrefixThenRandom = Combinators.combine(events(), random,
            Arbitraries.integers().greaterOrEqual(0)).as((event, tail, cut) ->
            {
                final byte[] bytes = event.toBytes();
                final int keep = cut % (bytes.length + 1);
                final byte[] out = Arrays.copyOf(bytes, keep + tail.length);
                System.arraycopy(tail, 0, out, keep, tail.length);
                return out;
            });
        return Arbitraries.frequencyOf(Tuple.of(2, random), Tuple.of(3, withHeader), Tuple.of(3, validPrefixThenRandom));
    }

    @SuppressWarnings("unchecked")
    @Provide
    Arbitrary<byte[]> utf8ish()
    {
        final Arbitrary<byte[]> token = Arbitraries.frequencyOf(
            Tuple.of(5, EventArbitraries.codePoints().map(cp -> new String(Character.toChars(cp))
                .getBytes(StandardCharsets.UTF_8))),
            Tuple.of(2, Arbitraries.of(Utf8Cases.MALFORMED).map(EventCodecProperties::toBytes)),
            Tuple.of(2, Arbitraries.bytes().map(b -> new byte[] {b})),
            Tuple.of(1, Arbitraries.integers().between(0x80, 0xFF).map(b -> new byte[] {(byte)(int)b})));
        final Arbitrary<byte[]> tokens = token.list().ofMaxSize(12).map(EventCodecProperties::concat);
        return Arbitraries.frequencyOf(Tuple.of(4, tokens),
            Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(16)));
    }

    @Provide
    Arbitrary<String> validStrings()
    {
        return EventArbitraries.codePoints().list().ofMaxSize(40).map(points ->
        {
            final StringBuilder sb = new StringBuilder();
            points.forEach(sb::appendCodePoint);
            return sb.toString();
        });
    }

    @Provide
    Arbitrary<String> surrogateHeavyStrings()
    {
        return Arbitraries.strings().withCharRange('\u0000', '\u00ff').withCharRange('\ud7f0', '\ue010')
            .withCharRange('\ufff0', '\uffff').ofMaxLength(20);
    }

    /** Byte values to write, biased to codes, separators and UTF-8 leads; -1 flips every bit instead. */
    private static Arbitrary<Integer> interestingBytes()
    {
        return Arbitraries.oneOf(Arbitraries.integers().between(0, 255),
            Arbitraries.of(-1, 0, 1, 2, 3, 4, 5, 0x20, 0x2E, 0x2A, 0x3E, 0x7F, 0x80, 0xBF, 0xC0, 0xED, 0xF4, 0xFE, 0xFF));
    }

    private static byte[] corrupt(final Event event, final List<int[]> edits, final int lengthDelta, final byte[] tail)
    {
        final byte[] valid = event.toBytes();
        for (final int[] edit : edits)
        {
            // half the edits land in the first 64 bytes, where the header and the length prefixes are
            final int range = edit[1] == 1 ? Math.min(64, valid.length) : valid.length;
            final int position = edit[0] % range;
            valid[position] = (byte)(edit[2] == -1 ? ~valid[position] : edit[2]);
        }
        if (lengthDelta < 0)
        {
            return Arrays.copyOf(valid, Math.max(0, valid.length + lengthDelta));
        }
        final byte[] longer = Arrays.copyOf(valid, valid.length + Math.min(lengthDelta, tail.length));
        System.arraycopy(tail, 0, longer, valid.length, longer.length - valid.length);
        return longer;
    }

    /** Random bytes behind a header that passes the first checks, so parsing reaches the variable part. */
    private static byte[] plausibleHeader(final byte[] random)
    {
        final byte[] bytes = Arrays.copyOf(random, Math.max(random.length, EventView.HEADER_LENGTH + 2));
        bytes[0] = (byte)EventView.VERSION;
        bytes[1] = (byte)((bytes[1] & 0xFF) % 4);
        bytes[2] = (byte)((bytes[2] & 0xFF) % 2);
        bytes[3] = (byte)((bytes[3] & 0xFF) % (LIMITS.maxAttributes() + 1));
        bytes[EventView.HEADER_LENGTH] = (byte)((bytes[EventView.HEADER_LENGTH] & 0xFF) % (LIMITS.maxIdLength() + 1));
        bytes[EventView.HEADER_LENGTH + 1] = 0;
        return bytes;
    }

    private static byte[] toBytes(final int[] values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return bytes;
    }

    private static byte[] concat(final List<byte[]> parts)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
