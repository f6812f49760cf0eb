package io.ringcast.engine.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** {@link EventView#wrap} is on the hot path: once warm it must not allocate. */
class EventViewAllocationTest
{
    private static final int WRAPS = 100_000;

    @Test
    void shouldNotAllocateWhenWrappingValidEventAfterWarmUp()
    {
        final java.lang.management.ThreadMXBean platform = ManagementFactory.getThreadMXBean();
        assumeTrue(platform instanceof com.sun.management.ThreadMXBean, "needs com.sun.management.ThreadMXBean");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)platform;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "thread allocation counting unsupported");
        threads.setThreadAllocatedMemoryEnabled(true);

        final Event event = CodecFixtures.sizedEvent(256);
        final byte[] bytes = event.toBytes();
        assertEquals(256, bytes.length);
        assertEquals(8, event.attributes().size());
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final EventView view = new EventView(CodecLimits.DEFAULT);

        long sink = wrapMany(view, buffer, bytes.length);
        final long before = threads.getCurrentThreadAllocatedBytes();
        sink += wrapMany(view, buffer, bytes.length);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals(2L * WRAPS * (8 + bytes.length), sink);
        assertTrue(allocated < WRAPS, allocated + " bytes allocated over " + WRAPS + " wraps");
    }

    private static long wrapMany(final EventView view, final UnsafeBuffer buffer, final int length)
    {
        long sink = 0;
        for (int i = 0; i < WRAPS; i++)
        {
            if (view.wrap(buffer, 0, length) == CodecError.NONE)
            {
                sink += view.attributeCount() + view.length(); // consumed so the JIT cannot drop the wrap
            }
        }
        return sink;
    }
}
