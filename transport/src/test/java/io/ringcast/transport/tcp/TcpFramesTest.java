package io.ringcast.transport.tcp;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TcpFramesTest
{
    @Test
    void shouldCutLongTextBeforeACharacterNotInsideIt()
    {
        final byte[] text = "h\u00e9\u6771\ud83d\ude80!".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 + 4 + 1 bytes
        assertEquals("h", cut(text, 2), "inside the 2-byte character");
        assertEquals("h\u00e9", cut(text, 3));
        assertEquals("h\u00e9", cut(text, 5), "inside the 3-byte character");
        assertEquals("h\u00e9\u6771", cut(text, 9), "inside the 4-byte character");
        assertEquals("h\u00e9\u6771\ud83d\ude80", cut(text, 10));
        assertEquals("h\u00e9\u6771\ud83d\ude80!", cut(text, 100));
    }

    private static String cut(final byte[] text, final int max)
    {
        return new String(TcpFrames.truncateUtf8(text, max), StandardCharsets.UTF_8);
    }
}
