package io.ringcast.engine.util;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ByteStringTableTest
{
    @Test
    void shouldReturnSameIdForSameBytesAndMissingForUnknown()
    {
        final ByteStringTable table = new ByteStringTable(4);
        final int a = table.intern("models");
        final int b = table.intern("users");
        assertNotEquals(a, b);
        assertEquals(a, table.intern("models"));
        final byte[] bytes = "xxusersyy".getBytes(StandardCharsets.UTF_8);
        assertEquals(b, table.lookup(new UnsafeBuffer(bytes), 2, 5));
        assertEquals(ByteStringTable.MISSING, table.lookup(new UnsafeBuffer(bytes), 0, 5));
        assertEquals("users", table.text(b));
    }

    @Property(tries = 200)
    void shouldAgreeWithHashMapAcrossResizes(@ForAll final List<String> words)
    {
        final ByteStringTable table = new ByteStringTable(2);
        final Map<String, Integer> reference = new HashMap<>();
        for (final String w : words)
        {
            final int id = table.intern(w);
            assertEquals(reference.computeIfAbsent(w, k -> reference.size()), id);
        }
        for (final Map.Entry<String, Integer> e : reference.entrySet())
        {
            final byte[] bytes = e.getKey().getBytes(StandardCharsets.UTF_8);
            assertEquals(e.getValue(), table.lookup(new UnsafeBuffer(bytes), 0, bytes.length));
        }
        assertEquals(reference.size(), table.size());
    }
}
