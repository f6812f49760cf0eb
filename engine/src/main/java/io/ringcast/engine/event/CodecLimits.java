package io.ringcast.engine.event;

/**
 * The explicit limits of the event codec. Immutable; the same instance is shared by decoders on any thread.
 *
 * @param maxIdLength          bytes of an event id (1..65535)
 * @param maxDedupKeyLength    bytes of a dedup key (0..65535)
 * @param maxTopicLength       bytes of a topic (1..65535)
 * @param maxTopicSegments     dot-separated segments in a topic
 * @param maxAttributes        attributes per event (0..255)
 * @param maxAttributeNameLength bytes of an attribute name (1..255)
 * @param maxAttributeValueLength bytes of a string attribute value (0..65535)
 * @param maxPayloadLength     bytes of the payload
 */
public record CodecLimits(
    int maxIdLength,
    int maxDedupKeyLength,
    int maxTopicLength,
    int maxTopicSegments,
    int maxAttributes,
    int maxAttributeNameLength,
    int maxAttributeValueLength,
    int maxPayloadLength)
{
    /** Defaults: id 128 B, dedup key 128 B, topic 256 B / 16 segments, 32 attributes, names 64 B, values 1 KiB, payload 64 KiB. */
    public static final CodecLimits DEFAULT = new CodecLimits(128, 128, 256, 16, 32, 64, 1024, 64 * 1024);

    /** Validates ranges the wire format can carry. */
    public CodecLimits
    {
        check("maxIdLength", maxIdLength, 1, 0xFFFF);
        check("maxDedupKeyLength", maxDedupKeyLength, 0, 0xFFFF);
        check("maxTopicLength", maxTopicLength, 1, 0xFFFF);
        check("maxTopicSegments", maxTopicSegments, 1, 128);
        check("maxAttributes", maxAttributes, 0, 255);
        check("maxAttributeNameLength", maxAttributeNameLength, 1, 255);
        check("maxAttributeValueLength", maxAttributeValueLength, 0, 0xFFFF);
        check("maxPayloadLength", maxPayloadLength, 0, 64 * 1024 * 1024);
    }

    /** The largest encoded event these limits allow, in bytes. */
    public int maxEventLength()
    {
        final long attributes = (long)maxAttributes * (2 + maxAttributeNameLength + Math.max(8, 2 + maxAttributeValueLength));
        final long total = EventView.HEADER_LENGTH + 2L + maxIdLength + 2L + maxDedupKeyLength + 2L + maxTopicLength +
            attributes + 4L + maxPayloadLength;
        return (int)Math.min(Integer.MAX_VALUE - 8, total);
    }

    /** A copy with another payload limit. */
    public CodecLimits withMaxPayloadLength(final int bytes)
    {
        return new CodecLimits(maxIdLength, maxDedupKeyLength, maxTopicLength, maxTopicSegments, maxAttributes,
            maxAttributeNameLength, maxAttributeValueLength, bytes);
    }

    private static void check(final String name, final int value, final int min, final int max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", was " + value);
        }
    }
}
