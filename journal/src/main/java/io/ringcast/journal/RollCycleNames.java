package io.ringcast.journal;

import java.util.Locale;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LargeRollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/**
 * Maps the roll cycle names of {@link JournalConfig#ROLL_CYCLES} (case-insensitive) to Chronicle's constants,
 * which Chronicle spreads over several enums ({@code HOURLY} and {@code DAILY} are {@link LegacyRollCycles}).
 * Shared by the event journal and the dead-letter store. Stateless; any thread.
 */
public final class RollCycleNames
{
    private RollCycleNames()
    {
    }

    /**
     * The Chronicle roll cycle for {@code name}.
     *
     * @throws IllegalArgumentException naming the valid names when {@code name} is not one of them
     */
    public static RollCycle resolve(final String name)
    {
        final String upper = name == null ? "" : name.toUpperCase(Locale.ROOT);
        if (!JournalConfig.ROLL_CYCLES.contains(upper))
        {
            throw new IllegalArgumentException("unknown roll cycle '" + name + "'; valid: " + JournalConfig.ROLL_CYCLES);
        }
        switch (upper)
        {
            case "TEST_SECONDLY": return TestRollCycles.TEST_SECONDLY;
            case "MINUTELY": return LegacyRollCycles.MINUTELY;
            case "HOURLY": return LegacyRollCycles.HOURLY;
            case "DAILY": return LegacyRollCycles.DAILY;
            case "LARGE_HOURLY": return LargeRollCycles.LARGE_HOURLY;
            case "LARGE_DAILY": return LargeRollCycles.LARGE_DAILY;
            default: return RollCycles.valueOf(upper);
        }
    }
}
