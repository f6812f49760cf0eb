package io.ringcast.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.HdrHistogram.Histogram;

/**
 * The outcome of one measured run of one system at one rate: the latency histogram (nanoseconds, from each message's
 * scheduled send time to its arrival) and the counts that say whether the system kept up. Immutable once built
 * (the histogram is not shared). Any thread.
 *
 * @param system             the system's {@link SystemUnderTest#name()}
 * @param spec               the load (its rate is this step's target)
 * @param label              names the load in file names, e.g. {@code 10000dps-c1000-s1-f10-p256}
 * @param latencyNanos       latencies of the messages scheduled in the window that arrived
 * @param scheduled          messages scheduled in the window
 * @param sent               of those, messages sent
 * @param publishErrors      sends that failed (thrown or counted by the publisher)
 * @param maxSendLagNanos    the most a send was behind its schedule
 * @param expectedDeliveries {@code sent × fanOut}
 * @param receivedDeliveries deliveries of messages scheduled in the window that arrived
 * @param frames             data frames received during the window and grace period
 * @param closedConnections  subscriber connections closed so far
 * @param subscriberErrors   protocol errors and connection exceptions on the subscriber side so far
 * @param firstError         the first error seen (publisher or subscriber), or null
 * @param windowSeconds      measured window
 * @param serverCpuPercent   server CPU over the window (100 = one core), NaN when unknown (in-process server)
 * @param harnessCpuPercent  this JVM's CPU over the window
 */
public record StepResult(
    String system,
    LoadSpec spec,
    String label,
    Histogram latencyNanos,
    long scheduled,
    long sent,
    long publishErrors,
    long maxSendLagNanos,
    long expectedDeliveries,
    long receivedDeliveries,
    long frames,
    int closedConnections,
    long subscriberErrors,
    String firstError,
    double windowSeconds,
    double serverCpuPercent,
    double harnessCpuPercent)
{
    /** Deliveries must reach this share of the expected ones for a rate to count as held. */
    public static final double MIN_DELIVERED_SHARE = 0.99;

    /** Publishers must send this share of their schedule for a rate to count as held. */
    public static final double MIN_SENT_SHARE = 0.95;

    /** The file-name label of a load: {@code <rate>dps-c<connections>-s<subs>-f<fanOut>-p<payload>}. */
    public static String label(final LoadSpec spec)
    {
        return spec.deliveriesPerSecond() + "dps-c" + spec.connections() + "-s" + spec.subscriptionsPerConnection() +
            "-f" + spec.fanOut() + "-p" + spec.payloadBytes();
    }

    /** The latency at {@code percentile} (0..100) in milliseconds, NaN when nothing arrived. */
    public double percentileMillis(final double percentile)
    {
        return latencyNanos.getTotalCount() == 0 ? Double.NaN :
            latencyNanos.getValueAtPercentile(percentile) / 1e6;
    }

    /** The largest latency in milliseconds, NaN when nothing arrived. */
    public double maxMillis()
    {
        return latencyNanos.getTotalCount() == 0 ? Double.NaN : latencyNanos.getMaxValue() / 1e6;
    }

    /** Deliveries per second that arrived. */
    public double deliveredPerSecond()
    {
        return receivedDeliveries / windowSeconds;
    }

    /** Messages per second the publishers sent. */
    public double publishedPerSecond()
    {
        return sent / windowSeconds;
    }

    /** Expected deliveries that did not arrive by the end of the grace period. */
    public long missingDeliveries()
    {
        return Math.max(0, expectedDeliveries - receivedDeliveries);
    }

    /**
     * Why this rate did not hold with p99 at most {@code p99BoundMillis}: the reasons, empty when it held. Deliveries
     * below {@link #MIN_DELIVERED_SHARE}, sends below {@link #MIN_SENT_SHARE}, any publish error, any closed
     * subscriber connection, p99 above the bound.
     */
    public List<String> shortfalls(final double p99BoundMillis)
    {
        final List<String> reasons = new ArrayList<>();
        if (receivedDeliveries < MIN_DELIVERED_SHARE * expectedDeliveries || expectedDeliveries == 0)
        {
            reasons.add(String.format(Locale.ROOT, "%,d of %,d deliveries arrived (%.1f%%)", receivedDeliveries,
                expectedDeliveries, expectedDeliveries == 0 ? 0.0 : 100.0 * receivedDeliveries / expectedDeliveries));
        }
        if (sent < MIN_SENT_SHARE * scheduled)
        {
            reasons.add(String.format(Locale.ROOT, "publishers sent %,d of %,d scheduled messages (%.1f%%, up to " +
                "%.1f ms behind)", sent, scheduled, 100.0 * sent / Math.max(1, scheduled), maxSendLagNanos / 1e6));
        }
        if (publishErrors > 0)
        {
            reasons.add(String.format(Locale.ROOT, "%,d publish errors", publishErrors));
        }
        if (closedConnections > 0)
        {
            reasons.add(String.format(Locale.ROOT, "%,d subscriber connections closed", closedConnections));
        }
        final double p99 = percentileMillis(99);
        if (p99 > p99BoundMillis)
        {
            reasons.add(String.format(Locale.ROOT, "p99 %.2f ms above the %.2f ms bound", p99, p99BoundMillis));
        }
        return reasons;
    }

    /** True when {@link #shortfalls} is empty. */
    public boolean held(final double p99BoundMillis)
    {
        return shortfalls(p99BoundMillis).isEmpty();
    }

    /**
     * The one-line verdict, e.g. {@code ringcast: 50,000 deliveries/s held, p99 0.42 ms, no drops} or
     * {@code ringcast: FELL BEHIND at 50,000 deliveries/s: ...}.
     */
    public String verdict(final double p99BoundMillis)
    {
        final List<String> reasons = shortfalls(p99BoundMillis);
        if (reasons.isEmpty())
        {
            return String.format(Locale.ROOT, "%s: %,d deliveries/s held (%,.0f/s delivered), p99 %.2f ms, " +
                "p99.9 %.2f ms, max %.2f ms, no drops", system, spec.deliveriesPerSecond(), deliveredPerSecond(),
                percentileMillis(99), percentileMillis(99.9), maxMillis());
        }
        return String.format(Locale.ROOT, "%s: FELL BEHIND at %,d deliveries/s: %s; p99 %.2f ms, max %.2f ms%s",
            system, spec.deliveriesPerSecond(), String.join(", ", reasons), percentileMillis(99), maxMillis(),
            firstError == null ? "" : "; first error: " + firstError);
    }
}
