package io.ringcast.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.LongConsumer;

import io.netty.buffer.ByteBuf;

/**
 * The benchmark message: ASCII JSON {@code {"t":"0001700000000123456789","p":"xxxx…"}} of exactly the configured
 * size, where {@code t} is the message's <em>scheduled</em> send time in {@link System#nanoTime()} nanoseconds,
 * zero-padded to 19 digits so it is written in place without allocation. The digits are a JSON string, not a number:
 * RFC 8259 numbers may not have leading zeros, and Ringcast refuses a payload declared JSON that does not parse.
 * Valid JSON, so Ringcast takes it as a JSON payload and embeds it unchanged in its events; NATS and MQTT carry it as
 * raw bytes.
 * <p>
 * The receiving side finds every {@code {"t":"} in a frame and reads the 19 digits after it: one scan, the same code
 * for every system and every framing (a Ringcast {@code events} batch holds many; a NATS {@code MSG} or MQTT
 * {@code PUBLISH} one).
 */
public final class Payloads
{
    /** The marker in front of the timestamp digits. */
    static final byte[] MARKER = "{\"t\":\"".getBytes(StandardCharsets.US_ASCII);

    /** Digits of the timestamp field. */
    static final int DIGITS = 19;

    /** The smallest payload: marker, digits, {@code ","p":""}, closing brace. */
    public static final int MIN_SIZE = MARKER.length + DIGITS + 8 + 1;

    private Payloads()
    {
    }

    /** A payload template of {@code size} bytes (at least {@link #MIN_SIZE}) with timestamp 0. */
    public static byte[] template(final int size)
    {
        if (size < MIN_SIZE)
        {
            throw new IllegalArgumentException("payload must be at least " + MIN_SIZE + " bytes, was " + size);
        }
        final byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte)'x');
        System.arraycopy(MARKER, 0, bytes, 0, MARKER.length);
        Arrays.fill(bytes, MARKER.length, MARKER.length + DIGITS, (byte)'0');
        final byte[] middle = "\",\"p\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(middle, 0, bytes, MARKER.length + DIGITS, middle.length);
        bytes[size - 2] = '"';
        bytes[size - 1] = '}';
        return bytes;
    }

    /** Writes {@code nanos} (>= 0) as the timestamp of a {@link #template} payload, in place. No allocation. */
    public static void stamp(final byte[] payload, final long nanos)
    {
        long v = nanos;
        for (int i = MARKER.length + DIGITS - 1; i >= MARKER.length; i--)
        {
            payload[i] = (byte)('0' + (v % 10));
            v /= 10;
        }
    }

    /**
     * Calls {@code timestamps} with every payload timestamp found in {@code frame}'s readable bytes, in order.
     * Reads with absolute indexes (the buffer's indexes do not move). No allocation.
     *
     * @return how many were found
     */
    public static int scan(final ByteBuf frame, final LongConsumer timestamps)
    {
        int found = 0;
        final int end = frame.writerIndex() - (MARKER.length + DIGITS);
        for (int i = frame.readerIndex(); i <= end; i++)
        {
            if (frame.getByte(i) != MARKER[0] || !markerAt(frame, i))
            {
                continue;
            }
            long v = 0;
            boolean digits = true;
            for (int d = 0, at = i + MARKER.length; d < DIGITS; d++, at++)
            {
                final byte b = frame.getByte(at);
                if (b < '0' || b > '9')
                {
                    digits = false;
                    break;
                }
                v = v * 10 + (b - '0');
            }
            if (digits)
            {
                timestamps.accept(v);
                found++;
                i += MARKER.length + DIGITS - 1;
            }
        }
        return found;
    }

    private static boolean markerAt(final ByteBuf frame, final int index)
    {
        for (int m = 1; m < MARKER.length; m++)
        {
            if (frame.getByte(index + m) != MARKER[m])
            {
                return false;
            }
        }
        return true;
    }
}
