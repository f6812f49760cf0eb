package io.ringcast.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import io.ringcast.engine.event.JsonValidator;

/** The benchmark message format: a scheduled time stamped in place and found again in any framing. */
class E2ePayloadsTest
{
    @Test
    void shouldFindTheStampedTimeInAPayload()
    {
        final byte[] payload = Payloads.template(256);
        Payloads.stamp(payload, 1_700_000_000_123_456_789L);

        assertArrayEquals(new long[]{1_700_000_000_123_456_789L}, scan(Unpooled.wrappedBuffer(payload)));
        assertEquals(256, payload.length);
        assertEquals('{', payload[0]);
        assertEquals('}', payload[255]);
    }

    @Test
    void shouldBeJsonThatRingcastAcceptsAsAJsonPayload()
    {
        final JsonValidator validator = new JsonValidator();
        for (final int size : new int[]{Payloads.MIN_SIZE, 256, 4096})
        {
            final byte[] payload = Payloads.template(size);
            Payloads.stamp(payload, 1_234_567L);
            assertTrue(validator.validate(new UnsafeBuffer(payload), 0, payload.length),
                new String(payload, StandardCharsets.US_ASCII) + ": " + validator.errorReason() + " at " +
                    validator.errorOffset());
        }
    }

    @Test
    void shouldRoundTripTheExtremesOfNineteenDigits()
    {
        final byte[] payload = Payloads.template(Payloads.MIN_SIZE);
        for (final long value : new long[]{0L, 1L, 9_999_999_999_999_999L, Long.MAX_VALUE})
        {
            Payloads.stamp(payload, value);
            assertArrayEquals(new long[]{value}, scan(Unpooled.wrappedBuffer(payload)), "value " + value);
        }
    }

    @Test
    void shouldFindEveryPayloadOfABatchInOrder()
    {
        final StringBuilder frame = new StringBuilder("{\"type\":\"events\",\"id\":\"s3\",\"events\":[");
        final long[] stamps = {5L, 123_456_789_012L, 42L};
        for (int i = 0; i < stamps.length; i++)
        {
            final byte[] payload = Payloads.template(64);
            Payloads.stamp(payload, stamps[i]);
            frame.append(i == 0 ? "" : ",").append("{\"seq\":").append(i + 1).append(",\"data\":")
                .append(new String(payload, StandardCharsets.US_ASCII)).append('}');
        }
        frame.append("]}");

        assertArrayEquals(stamps, scan(Unpooled.copiedBuffer(frame, StandardCharsets.US_ASCII)));
    }

    @Test
    void shouldSkipMarkersWithoutNineteenDigitsAndMarkersCutOffAtTheEnd()
    {
        final byte[] payload = Payloads.template(48);
        Payloads.stamp(payload, 77L);
        final String noise = "{\"t\":\"12345\",\"x\":1} {\"t\":0000000000000000001 {\"t\" " +
            "{\"t\":\"000000000000000000x {{\"t\":\"" + new String(payload, StandardCharsets.US_ASCII) +
            " {\"t\":\"000000000";

        assertArrayEquals(new long[]{77L}, scan(Unpooled.copiedBuffer(noise, StandardCharsets.US_ASCII)));
    }

    @Test
    void shouldReadOnlyTheReadableBytesAndLeaveTheIndexesAlone()
    {
        final byte[] first = Payloads.template(40);
        final byte[] second = Payloads.template(40);
        Payloads.stamp(first, 1L);
        Payloads.stamp(second, 2L);
        final ByteBuf frame = Unpooled.buffer().writeBytes(first).writeBytes(second);
        frame.readerIndex(first.length);

        assertArrayEquals(new long[]{2L}, scan(frame));
        assertEquals(first.length, frame.readerIndex());
        assertEquals(first.length + second.length, frame.writerIndex());
    }

    @Test
    void shouldRefuseAPayloadTooSmallForTheTimestamp()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> Payloads.template(Payloads.MIN_SIZE - 1));
        assertEquals("payload must be at least " + Payloads.MIN_SIZE + " bytes, was " + (Payloads.MIN_SIZE - 1),
            ex.getMessage());
    }

    private static long[] scan(final ByteBuf frame)
    {
        final LongArrayList found = new LongArrayList();
        final int count = Payloads.scan(frame, found::addLong);
        assertEquals(found.size(), count);
        return found.toLongArray();
    }
}
