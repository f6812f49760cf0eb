package io.ringcast.journal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import io.ringcast.engine.event.CodecLimits;

/**
 * How a {@link ChronicleJournal} is opened: its folder, durability, roll cycle, retention and the codec limits
 * its readers validate against. Immutable; validated on construction with messages that name the bad value.
 *
 * @param directory  the journal's data folder (see {@link ChronicleJournal} for its layout)
 * @param durability when an append counts as stored
 * @param rollCycle  Chronicle roll cycle name, one of {@link #ROLL_CYCLES}: how much time one queue file covers
 * @param retention  files whose whole cycle is older than this are deleted by the journal; positive
 * @param limits     codec limits for the events read back
 */
public record JournalConfig(Path directory, Durability durability, String rollCycle, Duration retention,
    CodecLimits limits)
{
    /**
     * The roll cycle names accepted, all Chronicle Queue constants. Capacity per file differs: {@code HOURLY} holds
     * up to 268 million events an hour (about 74,000 a second on average) and indexes every 16th excerpt, which
     * keeps seeks short; {@code LARGE_HOURLY} and {@code FAST_HOURLY} hold 4.29 billion an hour; {@code DAILY}
     * 4.29 billion a day. {@code TEST_SECONDLY} rolls every second and exists for tests.
     */
    public static final List<String> ROLL_CYCLES = List.of(
        "TEST_SECONDLY", "MINUTELY", "FIVE_MINUTELY", "TEN_MINUTELY", "TWENTY_MINUTELY", "HALF_HOURLY",
        "HOURLY", "FAST_HOURLY", "LARGE_HOURLY", "TWO_HOURLY", "FOUR_HOURLY", "SIX_HOURLY",
        "DAILY", "FAST_DAILY", "LARGE_DAILY", "WEEKLY");

    /** Default roll cycle: one file an hour. */
    public static final String DEFAULT_ROLL_CYCLE = "HOURLY";
    /** Default retention: a week. */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

    /** Validates every field. */
    public JournalConfig
    {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(durability, "durability");
        Objects.requireNonNull(limits, "limits");
        if (rollCycle == null || !ROLL_CYCLES.contains(rollCycle))
        {
            throw new IllegalArgumentException("unknown journal roll cycle '" + rollCycle + "'; valid: " +
                String.join(", ", ROLL_CYCLES));
        }
        if (retention == null || retention.isZero() || retention.isNegative())
        {
            throw new IllegalArgumentException("journal retention must be positive, was " + retention);
        }
    }

    /** The defaults for {@code directory}: ASYNC, HOURLY files, 7 days' retention, default codec limits. */
    public static JournalConfig defaults(final Path directory)
    {
        return new JournalConfig(directory, Durability.ASYNC, DEFAULT_ROLL_CYCLE, DEFAULT_RETENTION,
            CodecLimits.DEFAULT);
    }

    /** A copy with another durability. */
    public JournalConfig withDurability(final Durability newDurability)
    {
        return new JournalConfig(directory, newDurability, rollCycle, retention, limits);
    }

    /** A copy with another roll cycle. */
    public JournalConfig withRollCycle(final String newRollCycle)
    {
        return new JournalConfig(directory, durability, newRollCycle, retention, limits);
    }

    /** A copy with another retention. */
    public JournalConfig withRetention(final Duration newRetention)
    {
        return new JournalConfig(directory, durability, rollCycle, newRetention, limits);
    }

    /** A copy with other codec limits. */
    public JournalConfig withLimits(final CodecLimits newLimits)
    {
        return new JournalConfig(directory, durability, rollCycle, retention, newLimits);
    }
}
