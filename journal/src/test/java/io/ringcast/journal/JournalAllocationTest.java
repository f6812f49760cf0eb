package io.ringcast.journal;

import static io.ringcast.journal.JournalFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.util.ManualClock;

/** {@link ChronicleJournal#append} and {@link JournalReader#next} run per event: once warm they must not allocate. */
class JournalAllocationTest
{
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 100_000;

    @TempDir
    Path tmp;

    @Test
    void shouldNotAllocatePerEventWhenAppendingAndReadingAfterWarmUp()
    {
        final java.lang.management.ThreadMXBean platform = ManagementFactory.getThreadMXBean();
        assumeTrue(platform instanceof com.sun.management.ThreadMXBean, "needs com.sun.management.ThreadMXBean");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)platform;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "thread allocation counting unsupported");
        threads.setThreadAllocatedMemoryEnabled(true);

        // a fixed clock: no roll happens during the measurement (a roll allocates, once per cycle)
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(tmp.resolve("j")),
            new ManualClock(T0)))
        {
            final EventView event = JournalFixtures.view(JournalFixtures.event(0, T0));
            for (long seq = 1; seq <= WARM_UP; seq++)
            {
                event.seq(seq);
                journal.append(event);
            }
            final long beforeAppends = threads.getCurrentThreadAllocatedBytes();
            for (long seq = WARM_UP + 1; seq <= WARM_UP + MEASURED; seq++)
            {
                event.seq(seq);
                journal.append(event);
            }
            final long appendBytes = threads.getCurrentThreadAllocatedBytes() - beforeAppends;

            try (JournalReader reader = journal.newReader())
            {
                final EventView view = new EventView(CodecLimits.DEFAULT);
                long sum = 0;
                for (int i = 0; i < WARM_UP && reader.next(view); i++)
                {
                    sum += view.seq();
                }
                final long beforeReads = threads.getCurrentThreadAllocatedBytes();
                while (reader.next(view))
                {
                    sum += view.seq();
                }
                final long readBytes = threads.getCurrentThreadAllocatedBytes() - beforeReads;
                final long n = WARM_UP + MEASURED;
                assertEquals(n * (n + 1) / 2, sum);
                assertTrue(appendBytes < MEASURED, appendBytes + " bytes allocated over " + MEASURED + " appends");
                assertTrue(readBytes < MEASURED, readBytes + " bytes allocated over " + MEASURED + " reads");
            }
        }
    }
}
