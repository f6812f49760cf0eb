package io.ringcast.engine.event;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.provider.Arguments;

/** Malformed UTF-8 sequences, and the rejected events that carry them in each text field. Test thread only. */
final class Utf8Cases
{
    /** Each is malformed wherever it appears, including at the very end of a field. */
    static final int[][] MALFORMED = {
        {0xC0, 0xAF},                   // overlong '/'
        {0xC1, 0xBF},                   // overlong 2-byte
        {0xE0, 0x80, 0xAF},             // overlong 3-byte '/'
        {0xE0, 0x9F, 0xBF},             // overlong 3-byte, largest
        {0xF0, 0x8F, 0xBF, 0xBF},       // overlong 4-byte
        {0xED, 0xA0, 0x80},             // high surrogate U+D800
        {0xED, 0xBF, 0xBF},             // low surrogate U+DFFF
        {0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80}, // CESU-8 surrogate pair
        {0xF4, 0x90, 0x80, 0x80},       // above U+10FFFF
        {0xF5, 0x80, 0x80, 0x80},       // lead byte never valid
        {0xF8, 0x88, 0x80, 0x80, 0x80}, // 5-byte form
        {0xFE},
        {0xFF},
        {0x80},                         // lone continuation
        {0xBF, 0xBF},
        {0xC3, 0x28},                   // continuation missing
        {0xE2, 0x28, 0xA1},
        {0xC3},                         // truncated 2-byte
        {0xE2, 0x82},                   // truncated 3-byte
        {0xF0, 0x9F, 0x98},             // truncated 4-byte
    };

    private Utf8Cases()
    {
    }

    /**
     * Adds an INVALID_UTF8 case per malformed sequence and text field (id, dedup key, string value); the
     * sequence follows two valid bytes and ends the field, and the error points at the sequence's first byte.
     */
    static void addTo(final List<Arguments> cases)
    {
        for (final int[] sequence : MALFORMED)
        {
            final String placeholder = "ok" + "~".repeat(sequence.length);
            final String hex = hex(sequence);
            EventViewErrorTest.add(cases, "id " + hex,
                patch(CodecFixtures.event(placeholder, "", "t", Map.of(), new byte[0]).toBytes(), 22, sequence),
                CodecError.INVALID_UTF8, 22 + 2);
            EventViewErrorTest.add(cases, "dedup key " + hex,
                patch(CodecFixtures.event("e", placeholder, "t", Map.of(), new byte[0]).toBytes(), 25, sequence),
                CodecError.INVALID_UTF8, 25 + 2);
            EventViewErrorTest.add(cases, "string value " + hex,
                patch(CodecFixtures.minimalWith(CodecFixtures.attrs("v", placeholder), new byte[0]), 33, sequence),
                CodecError.INVALID_UTF8, 33 + 2);
        }
    }

    static String hex(final int[] sequence)
    {
        final StringBuilder sb = new StringBuilder();
        for (final int b : sequence)
        {
            sb.append(String.format("%02X", b));
        }
        return sb.toString();
    }

    private static byte[] patch(final byte[] bytes, final int fieldOffset, final int[] sequence)
    {
        final byte[] copy = bytes.clone();
        for (int i = 0; i < sequence.length; i++)
        {
            copy[fieldOffset + 2 + i] = (byte)sequence[i];
        }
        return copy;
    }
}
