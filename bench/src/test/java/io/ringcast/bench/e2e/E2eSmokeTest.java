package io.ringcast.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * The harness end to end at a tiny load, through its command line: Ringcast in this JVM, 20 subscriber connections,
 * fan-out 2 (10 topics), 500 deliveries/s for 2 s after a short warm-up. Every expected delivery must arrive and be
 * measured, and the report files must be written.
 */
class E2eSmokeTest
{
    private static final byte[] PNG_SIGNATURE = {(byte)0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    @TempDir
    Path out;

    @Test
    void shouldDeliverAndMeasureEveryMessageOfATinyRunAndWriteTheReport() throws Exception
    {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final E2eBench bench = new E2eBench(new PrintStream(printed, true, StandardCharsets.UTF_8));

        final int exit = new CommandLine(bench).execute("--systems", "ringcast-inprocess", "--rate", "500",
            "--duration", "2s", "--warmup", "500ms", "--connections", "20", "--subs-per-conn", "1", "--fan-out", "2",
            "--payload", "128", "--linger-ms", "1", "--publishers", "1", "--grace", "10s", "--out", out.toString());

        final String report = printed.toString(StandardCharsets.UTF_8);
        System.out.println(report);
        assertEquals(0, exit, report);
        final List<StepResult> results = bench.results();
        assertEquals(1, results.size(), report);
        final StepResult r = results.get(0);
        assertEquals("ringcast-inprocess", r.system());
        assertTrue(r.sent() > 0 && r.sent() <= r.scheduled(), report);
        assertEquals(r.sent() * 2, r.expectedDeliveries());
        assertEquals(r.expectedDeliveries(), r.receivedDeliveries(), "every expected delivery arrived: " + report);
        assertEquals(r.receivedDeliveries(), r.latencyNanos().getTotalCount(), "every delivery was measured");
        assertEquals(0, r.publishErrors(), report);
        assertEquals(0, r.closedConnections(), report);
        assertEquals(0, r.subscriberErrors(), report);
        for (final double p : new double[]{50, 90, 99, 99.9, 99.99})
        {
            assertTrue(r.percentileMillis(p) > 0, "p" + p + " present: " + report);
        }
        assertTrue(r.maxMillis() >= r.percentileMillis(99.99));
        assertTrue(Double.isNaN(r.serverCpuPercent()), "no server CPU for a server in this JVM");
        assertTrue(r.harnessCpuPercent() >= 0, report);
        assertTrue(report.contains("ringcast-inprocess: 500 deliveries/s") ||
            report.contains("ringcast-inprocess: FELL BEHIND"), report);

        final Path hgrm = out.resolve("ringcast-inprocess-500dps-c20-s1-f2-p128.hgrm");
        final String histogram = Files.readString(hgrm, StandardCharsets.US_ASCII);
        assertTrue(histogram.contains("Value     Percentile TotalCount 1/(1-Percentile)"), histogram);
        assertTrue(Pattern.compile("Total count\\s+=\\s+" + r.receivedDeliveries() + "]").matcher(histogram).find(),
            histogram);
        final Path png = out.resolve("latency-500dps-c20-s1-f2-p128.png");
        final byte[] image = Files.readAllBytes(png);
        assertFalse(image.length < 1000, "a real image, " + image.length + " bytes");
        assertArrayEquals(PNG_SIGNATURE, Arrays.copyOf(image, PNG_SIGNATURE.length));
    }
}
