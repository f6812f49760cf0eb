package io.ringcast.tools;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The stderr lines of a replay: a progress line at most once a second once a run has lasted a second
 * ({@code replay: 1,234,567 events, at seq 2,345,678, 812,345 events/s}, the rate over the last interval),
 * and one summary line at the end. One thread; {@link #onScanned} reads the clock only every
 * {@value #CLOCK_CHECK_INTERVAL} events and allocates only when it prints.
 */
public final class ReplayProgress
{
    /** Events between two reads of the clock. */
    static final int CLOCK_CHECK_INTERVAL = 256;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final PrintStream err;
    private final LongSupplier nanoTime;
    private final boolean showProgress;
    private final long startNanos;
    private long lastReportNanos;
    private long lastReportScanned;
    private long scanned;
    private long matched;

    /**
     * Starts the clock of a replay.
     *
     * @param err          where the lines go
     * @param nanoTime     a monotonic clock in nanoseconds
     * @param showProgress false for {@code --quiet}: no progress lines, only the summary
     */
    public ReplayProgress(final PrintStream err, final LongSupplier nanoTime, final boolean showProgress)
    {
        this.err = err;
        this.nanoTime = nanoTime;
        this.showProgress = showProgress;
        this.startNanos = nanoTime.getAsLong();
        this.lastReportNanos = startNanos;
    }

    /**
     * Counts one event read from the journal at {@code seq}; prints a progress line when one is due.
     *
     * @return true when a second has passed since the last such tick (with or without a line printed): the
     *         replay flushes its output then, so a reader of a pipe sees matches at least once a second
     */
    public boolean onScanned(final long seq)
    {
        scanned++;
        if ((scanned % CLOCK_CHECK_INTERVAL) != 0)
        {
            return false;
        }
        final long now = nanoTime.getAsLong();
        if (now - lastReportNanos < NANOS_PER_SECOND)
        {
            return false;
        }
        if (showProgress)
        {
            final long rate = (scanned - lastReportScanned) * NANOS_PER_SECOND / (now - lastReportNanos);
            err.println(String.format(Locale.ROOT, "replay: %,d events, at seq %,d, %,d events/s", scanned, seq, rate));
        }
        lastReportNanos = now;
        lastReportScanned = scanned;
        return true;
    }

    /** Counts one event written to the output. */
    public void onMatched()
    {
        matched++;
    }

    /** Events read from the journal so far. */
    public long scanned()
    {
        return scanned;
    }

    /** Events written so far. */
    public long matched()
    {
        return matched;
    }

    /** Prints the summary: {@code replay: scanned 1,234,567 events, matched 1,000, in 1.523 s (810,617 events/s)}. */
    public void printSummary()
    {
        final long elapsed = Math.max(1, nanoTime.getAsLong() - startNanos);
        final long rate = (long)(scanned * (double)NANOS_PER_SECOND / elapsed);
        err.println(String.format(Locale.ROOT, "replay: scanned %,d %s, matched %,d, in %.3f s (%,d events/s)",
            scanned, scanned == 1 ? "event" : "events", matched, elapsed / (double)NANOS_PER_SECOND, rate));
    }
}
