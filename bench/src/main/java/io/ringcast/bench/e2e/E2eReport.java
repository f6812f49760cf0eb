package io.ringcast.bench.e2e;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The written side of a run: the report table, the {@code .hgrm} percentile files (HdrHistogram's
 * {@code outputPercentileDistribution} format, values in <b>microseconds</b>) and the verdict lines. Stateless;
 * any thread; allocates freely (it runs after the measurement).
 */
public final class E2eReport
{
    /** Recorded nanoseconds per unit of the {@code .hgrm} files: they are in microseconds. */
    public static final double HGRM_SCALING = 1000.0;

    private static final String ROW = "%-20s %10s %10s %10s %8s %8s %8s %8s %8s %8s %11s %11s %8s %7s %6s %7s %7s%n";

    private E2eReport()
    {
    }

    /** Prints one row per result: rates, percentiles (ms), deliveries, errors, CPU. */
    public static void printTable(final PrintStream out, final List<StepResult> results)
    {
        out.printf(Locale.ROOT, ROW, "system", "target/s", "deliv/s", "pub/s", "p50 ms", "p90 ms", "p99 ms",
            "p99.9 ms", "p99.99ms", "max ms", "expected", "received", "missing", "pub err", "closed", "srv CPU",
            "hrn CPU");
        for (final StepResult r : results)
        {
            out.printf(Locale.ROOT, ROW, r.system(), count(r.spec().deliveriesPerSecond()),
                count(Math.round(r.deliveredPerSecond())), count(Math.round(r.publishedPerSecond())),
                millis(r.percentileMillis(50)), millis(r.percentileMillis(90)), millis(r.percentileMillis(99)),
                millis(r.percentileMillis(99.9)), millis(r.percentileMillis(99.99)), millis(r.maxMillis()),
                count(r.expectedDeliveries()), count(r.receivedDeliveries()), count(r.missingDeliveries()),
                count(r.publishErrors()), count(r.closedConnections()), percent(r.serverCpuPercent()),
                percent(r.harnessCpuPercent()));
        }
        out.println("(latency = arrival − scheduled send time, coordinated-omission corrected; CPU: 100% = one " +
            "core; srv CPU n/a when the server runs in the harness JVM)");
    }

    /** Writes {@code <dir>/<system>-<label>.hgrm} (microseconds) and returns its path. */
    public static Path writeHistogram(final Path dir, final StepResult result) throws IOException
    {
        Files.createDirectories(dir);
        final Path file = dir.resolve(result.system() + "-" + result.label() + ".hgrm");
        try (OutputStream os = Files.newOutputStream(file);
            PrintStream ps = new PrintStream(os, false, StandardCharsets.US_ASCII))
        {
            result.latencyNanos().outputPercentileDistribution(ps, HGRM_SCALING);
        }
        return file;
    }

    private static String count(final long value)
    {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String millis(final double value)
    {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, value < 10 ? "%.3f" : "%.1f", value);
    }

    private static String percent(final double value)
    {
        return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", value);
    }
}
