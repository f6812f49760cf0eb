package io.ringcast.bench.e2e;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The receiving half of the measurement, shared by every subscriber connection of a run: for each payload timestamp
 * found in a received frame, latency = receive time − <em>scheduled</em> send time, recorded in an HdrHistogram
 * {@link Recorder} in nanoseconds.
 * <p>
 * Only messages <em>scheduled</em> inside the measurement window {@code [start, end)} are recorded and counted as
 * received; the others (warm-up, stragglers of an earlier step) are counted apart. Classifying by scheduled time
 * instead of by arrival time makes "expected vs received" exact: a message sent in the window and delivered after it
 * still counts, a warm-up message delivered late never pollutes the measurement.
 * <p>
 * Threads: {@link #record} and {@link #frame} from any number of receiving threads at once (wait-free: the
 * recorder's writer phaser and {@link LongAdder}s; no locks, no allocation once the adders' cells exist);
 * {@link #open} and {@link #takeHistogram} from the run's main thread.
 */
public final class DeliveryMeter
{
    /** Latencies above this (10 minutes) are recorded as this: the recorder never resizes on the hot path. */
    public static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(10);

    /** HdrHistogram precision: 3 significant digits (0.1 % value error). */
    public static final int SIGNIFICANT_DIGITS = 3;

    private final Recorder recorder = new Recorder(HIGHEST_TRACKABLE_NANOS, SIGNIFICANT_DIGITS);
    private final LongAdder inWindow = new LongAdder();
    private final LongAdder outsideWindow = new LongAdder();
    private final LongAdder frames = new LongAdder();
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    /**
     * Starts a measurement window over scheduled times {@code [startNanos, endNanos)} ({@link System#nanoTime()}
     * clock), discarding what was recorded so far. Call before any message of the window is sent. Main thread.
     */
    public void open(final long startNanos, final long endNanos)
    {
        if (endNanos < startNanos)
        {
            throw new IllegalArgumentException("window end " + endNanos + " is before its start " + startNanos);
        }
        windowStart = Long.MAX_VALUE;
        windowEnd = endNanos;
        recorder.getIntervalHistogram();
        inWindow.reset();
        outsideWindow.reset();
        frames.reset();
        windowStart = startNanos;
    }

    /**
     * Records one received message: {@code receivedAtNanos − scheduledNanos} when the message was scheduled inside
     * the window (negative values, impossible on one monotonic clock, are recorded as 0). Any thread; no allocation.
     */
    public void record(final long receivedAtNanos, final long scheduledNanos)
    {
        if (scheduledNanos >= windowStart && scheduledNanos < windowEnd)
        {
            final long latency = receivedAtNanos - scheduledNanos;
            recorder.recordValue(latency < 0 ? 0 : Math.min(latency, HIGHEST_TRACKABLE_NANOS));
            inWindow.increment();
        }
        else
        {
            outsideWindow.increment();
        }
    }

    /** Counts one received data frame. Any thread; no allocation. */
    public void frame()
    {
        frames.increment();
    }

    /** Messages scheduled inside the window received so far. Any thread. */
    public long received()
    {
        return inWindow.sum();
    }

    /** Messages scheduled outside the window (warm-up, earlier steps) received since {@link #open}. Any thread. */
    public long receivedOutsideWindow()
    {
        return outsideWindow.sum();
    }

    /** Data frames received since {@link #open}. Any thread. */
    public long frames()
    {
        return frames.sum();
    }

    /**
     * The latencies recorded since {@link #open} (or the last call), in nanoseconds; recording goes on into a fresh
     * interval. Allocates the histogram. Main thread.
     */
    public Histogram takeHistogram()
    {
        return recorder.getIntervalHistogram();
    }
}
