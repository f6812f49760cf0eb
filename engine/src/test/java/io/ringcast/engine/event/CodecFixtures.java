package io.ringcast.engine.event;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Shared events, limits and buffers for the codec tests. Test thread only; allocates freely.
 */
final class CodecFixtures
{
    /**
     * Small limits so that every field can be filled exactly to its limit in a readable test. Each string
     * attribute at its limit takes 2 + 8 + 2 + 10 = 22 bytes, so an event with every field at its limit
     * and only string attributes is exactly {@link CodecLimits#maxEventLength()} long.
     */
    static final CodecLimits SMALL = new CodecLimits(16, 12, 24, 4, 4, 8, 10, 32);

    /** Limits wide enough to index any event the tests build, used to find field offsets of rejected bytes. */
    static final CodecLimits WIDE = new CodecLimits(0xFFFF, 0xFFFF, 0xFFFF, 128, 255, 255, 0xFFFF, 1 << 20);

    /** Byte every test buffer holds outside the window it wraps. */
    static final byte SENTINEL = (byte)0xA5;

    private CodecFixtures()
    {
    }

    /** Attributes from alternating names and values, in order. */
    static Map<String, Object> attrs(final Object... namesAndValues)
    {
        final Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2)
        {
            attributes.put((String)namesAndValues[i], namesAndValues[i + 1]);
        }
        return attributes;
    }

    /** An OPAQUE, NORMAL event with seq and timestamp 0. */
    static Event event(final String id, final String dedupKey, final String topic, final Map<String, Object> attributes,
        final byte[] payload)
    {
        return new Event(0, id, dedupKey, topic, Priority.NORMAL, 0, attributes, ContentType.OPAQUE, payload);
    }

    /**
     * The smallest valid event: id "e", no dedup key, topic "t", no attributes, empty payload. Its 32 bytes:
     * id length at 20, id at 22, dedup key length at 23, topic length at 25, topic at 27, payload length at 28.
     */
    static Event minimal()
    {
        return event("e", "", "t", Map.of(), new byte[0]);
    }

    /** The encoding of {@code minimal()} with {@code attributes} and {@code payload}; attributes start at 28. */
    static byte[] minimalWith(final Map<String, Object> attributes, final byte[] payload)
    {
        return event("e", "", "t", attributes, payload).toBytes();
    }

    /**
     * Encodes what {@code fields} writes after {@link EventEncoder#wrap} (which may be invalid: the encoder
     * writes what it is given) and a payload of {@code payloadLength} zero bytes.
     */
    static byte[] encode(final Consumer<EventEncoder> fields, final int payloadLength)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final EventEncoder encoder = new EventEncoder().wrap(buffer, 0);
        fields.accept(encoder);
        final int length = encoder.payload(new byte[payloadLength]);
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    /** An event using every attribute type, non-ASCII text, a JSON payload and no dedup key. */
    static Event fullEvent()
    {
        final Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("providerName", "OpenAI \u00fc\u4e2d\ud83d\ude80");
        attributes.put("capability", "");
        attributes.put("severity", "critical");
        attributes.put("contextTokens", Long.MIN_VALUE);
        attributes.put("maxTokens", Long.MAX_VALUE);
        attributes.put("score", -0.0d);
        attributes.put("price", Double.POSITIVE_INFINITY);
        attributes.put("tiny", Double.MIN_VALUE);
        attributes.put("deprecated", true);
        attributes.put("beta", false);
        final byte[] payload = "{\"model\":\"gpt-x\",\"note\":\"caf\u00e9 \ud83c\udf89\"}".getBytes(StandardCharsets.UTF_8);
        return new Event(0x0102030405060708L, "evt-\u00e9\u6f22\ud83d\ude00-1", "", "models.openai.gpt-x",
            Priority.HIGH, 1_717_171_717_171L, attributes, ContentType.JSON, payload);
    }

    /**
     * The valid 256-byte event with 8 attributes that the allocation test and {@code CodecBenchmark} use:
     * the payload is sized so that the whole encoding is exactly {@code totalLength} bytes.
     */
    static Event sizedEvent(final int totalLength)
    {
        final Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("providerName", "openai");
        attributes.put("capability", "chat");
        attributes.put("severity", "high");
        attributes.put("region", "eu-west-1");
        attributes.put("version", 7L);
        attributes.put("latencyMs", 120L);
        attributes.put("score", 0.93d);
        attributes.put("active", true);
        final Event empty = new Event(0, "evt-000001", "", "models.openai.gpt-x", Priority.NORMAL,
            1_717_171_717_171L, attributes, ContentType.OPAQUE, new byte[0]);
        final byte[] payload = new byte[totalLength - empty.toBytes().length];
        Arrays.fill(payload, (byte)'x');
        return new Event(0, empty.id(), "", empty.topic(), empty.priority(), empty.timestamp(), attributes,
            ContentType.OPAQUE, payload);
    }

    /** Bytes {@code s} takes in UTF-8. */
    static int utf8Length(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /**
     * A buffer that covers exactly {@code bytes}, carved out of a larger array (sentinel bytes on both
     * sides): with Agrona's bounds checks on, any read outside the window throws.
     */
    static UnsafeBuffer exactWindow(final byte[] bytes, final int pad)
    {
        final byte[] backing = new byte[pad + bytes.length + pad];
        Arrays.fill(backing, SENTINEL);
        System.arraycopy(bytes, 0, backing, pad, bytes.length);
        return new UnsafeBuffer(backing, pad, bytes.length);
    }

    /** A buffer holding {@code bytes} at {@code pad}, sentinel around, that throws on reads outside them. */
    static GuardedBuffer guarded(final byte[] bytes, final int pad)
    {
        final byte[] backing = new byte[pad + bytes.length + pad + 1];
        Arrays.fill(backing, SENTINEL);
        System.arraycopy(bytes, 0, backing, pad, bytes.length);
        return new GuardedBuffer(backing, pad, pad + bytes.length);
    }

    /** Writes a little-endian u16 at {@code index} of {@code bytes}. */
    static void putU16(final byte[] bytes, final int index, final int value)
    {
        new UnsafeBuffer(bytes).putShort(index, (short)value, ByteOrder.LITTLE_ENDIAN);
    }

    /** Writes a little-endian i32 at {@code index} of {@code bytes}. */
    static void putI32(final byte[] bytes, final int index, final int value)
    {
        new UnsafeBuffer(bytes).putInt(index, value, ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * An {@link UnsafeBuffer} over a whole array that lets reads through only inside {@code [lo, hi)}, so a
     * window at a non-zero offset of a larger buffer can be checked for stray reads on both sides.
     */
    static final class GuardedBuffer extends UnsafeBuffer
    {
        private final int lo;
        private final int hi;

        GuardedBuffer(final byte[] backing, final int lo, final int hi)
        {
            super(backing);
            this.lo = lo;
            this.hi = hi;
        }

        int lo()
        {
            return lo;
        }

        private void check(final int index, final int width)
        {
            if (index < lo || (long)index + width > hi)
            {
                throw new IndexOutOfBoundsException("read of " + width + " at " + index + " outside [" + lo + ", " +
                    hi + ")");
            }
        }

        @Override
        public byte getByte(final int index)
        {
            check(index, 1);
            return super.getByte(index);
        }

        @Override
        public short getShort(final int index, final ByteOrder byteOrder)
        {
            check(index, 2);
            return super.getShort(index, byteOrder);
        }

        @Override
        public short getShort(final int index)
        {
            check(index, 2);
            return super.getShort(index);
        }

        @Override
        public int getInt(final int index, final ByteOrder byteOrder)
        {
            check(index, 4);
            return super.getInt(index, byteOrder);
        }

        @Override
        public int getInt(final int index)
        {
            check(index, 4);
            return super.getInt(index);
        }

        @Override
        public long getLong(final int index, final ByteOrder byteOrder)
        {
            check(index, 8);
            return super.getLong(index, byteOrder);
        }

        @Override
        public long getLong(final int index)
        {
            check(index, 8);
            return super.getLong(index);
        }

        @Override
        public double getDouble(final int index, final ByteOrder byteOrder)
        {
            check(index, 8);
            return super.getDouble(index, byteOrder);
        }

        @Override
        public double getDouble(final int index)
        {
            check(index, 8);
            return super.getDouble(index);
        }

        @Override
        public void getBytes(final int index, final byte[] dst)
        {
            check(index, dst.length);
            super.getBytes(index, dst);
        }

        @Override
        public void getBytes(final int index, final byte[] dst, final int offset, final int length)
        {
            check(index, length);
            super.getBytes(index, dst, offset, length);
        }
    }
}
