package io.ringcast.transport.tcp;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;

import io.ringcast.engine.event.EventView;
import io.ringcast.transport.auth.Principal;

/**
 * Checks an encoded event's topic against a principal's publish patterns in place, before the event goes to the
 * ring: the topic is found by skipping the header, the id and the dedup key (the engine codec's layout), and
 * matched byte by byte. Stateless; any thread; {@link #allowed} never allocates.
 */
final class PublishTopics
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int MAX_SHOWN = 256;

    private PublishTopics()
    {
    }

    /**
     * Whether {@code principal} may publish the event in {@code event[0, length)}. An event too short to hold a
     * topic passes here: the codec reads the same three length-prefixed fields, so it refuses that event anyway.
     */
    static boolean allowed(final Principal principal, final DirectBuffer event, final int length)
    {
        final int at = topicLengthOffset(event, length);
        return at < 0 || principal.mayPublish(event, at + 2, event.getShort(at, LE) & 0xFFFF);
    }

    /** The NACK message for a refused event (refusal path only: allocates). */
    static String refusal(final Principal principal, final DirectBuffer event, final int length)
    {
        final int at = topicLengthOffset(event, length);
        final int shown = Math.min(event.getShort(at, LE) & 0xFFFF, MAX_SHOWN);
        final StringBuilder topic = new StringBuilder(shown);
        for (int i = 0; i < shown; i++)
        {
            final byte b = event.getByte(at + 2 + i);
            topic.append(b >= 0x20 && b < 0x7F ? (char)b : '?');
        }
        return "topic '" + topic + "' is outside this token's publish patterns " + principal.publishPatterns();
    }

    /** Offset of the topic's u16 length (after the fixed header, the id and the dedup key), or -1. */
    private static int topicLengthOffset(final DirectBuffer event, final int length)
    {
        int p = EventView.HEADER_LENGTH;
        for (int skip = 0; skip < 2; skip++)
        {
            if (p + 2 > length)
            {
                return -1;
            }
            p += 2 + (event.getShort(p, LE) & 0xFFFF);
        }
        if (p + 2 > length || p + 2 + (event.getShort(p, LE) & 0xFFFF) > length)
        {
            return -1;
        }
        return p;
    }
}
