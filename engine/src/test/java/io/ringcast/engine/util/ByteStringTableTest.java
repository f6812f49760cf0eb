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

    @Property(tries = 300)
    void shouldForgetReleasedStringsAndKeepEveryOtherLookupRight(@ForAll final List<@net.jqwik.api.constraints.IntRange(
        min = 0, max = 40) Integer> operations)
    {
        final ByteStringTable table = new ByteStringTable(2);
        final Map<String, Integer> refs = new HashMap<>();
        final Map<String, Integer> ids = new HashMap<>();
        for (final int op : operations)
        {
            final String key = "k" + (op % 20);
            if (op < 20 || refs.getOrDefault(key, 0) == 0)
            {
                final int id = table.acquire(key);
                if (ids.containsKey(key))
                {
                    assertEquals(ids.get(key), id, "a held string keeps its id");
                }
                ids.put(key, id);
                refs.merge(key, 1, Integer::sum);
            }
            else
            {
                table.release(ids.get(key));
                if (refs.merge(key, -1, Integer::sum) == 0)
                {
                    ids.remove(key);
                    refs.remove(key);
                }
            }
            for (int k = 0; k < 20; k++)
            {
                final String probe = "k" + k;
                assertEquals(ids.getOrDefault(probe, ByteStringTable.MISSING), table.find(probe), probe);
            }
            assertEquals(ids.size(), table.size());
        }
    }
}
