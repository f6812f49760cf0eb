package io.ringcast.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import io.netty.buffer.Unpooled;

/**
 * The latency math, without sockets: the real open-loop driver and {@link DeliveryMeter} against a fake system
 * whose receiver stalls once. As in HdrHistogram's coordinated-omission example, the stall backs up into the
 * publisher (a one-place hand-off queue, like a full TCP window), so a measurement from the actual send time sees
 * it in one or two messages only, while the measurement from the scheduled time charges it to every message the
 * stall delayed.
 */
class E2eCoordinatedOmissionTest
{
    private static final double RATE = 1000;
    private static final long RUN_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long STALL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int STALL_AT_MESSAGE = 1000;

    @Test
    void shouldShowAReceiverStallInTheCorrectedPercentiles() throws Exception
    {
        final DeliveryMeter meter = new DeliveryMeter();
        final Histogram naive = new Histogram(DeliveryMeter.HIGHEST_TRACKABLE_NANOS, DeliveryMeter.SIGNIFICANT_DIGITS);
        final BlockingQueue<Sent> wire = new ArrayBlockingQueue<>(1);
        final StallingReceiver receiver = new StallingReceiver(wire, meter, naive);
        receiver.start();
        final OpenLoopPublishers driver = new OpenLoopPublishers(List.of(new HandOffPublisher(wire)), 4,
            Payloads.MIN_SIZE, OpenLoopPublishers.DEFAULT_SPIN_NANOS);
        final long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        meter.open(start, start + RUN_NANOS);

        final OpenLoopPublishers.Outcome outcome = driver.run(RATE, start, start, start + RUN_NANOS);
        wire.put(Sent.END);
        receiver.join(TimeUnit.SECONDS.toMillis(30));

        assertEquals(0, outcome.errors());
        assertTrue(outcome.sent() > STALL_AT_MESSAGE, "the run got past the stall: " + outcome);
        assertEquals(outcome.sent(), meter.received(), "every message sent was measured");
        final Histogram corrected = meter.takeHistogram();
        assertEquals(outcome.sent(), corrected.getTotalCount());
        final long stall = receiver.stallNanos;
        System.out.printf("stall %.1f ms at 1,000 msg/s for 2 s: corrected p50 %.3f p99 %.1f max %.1f ms; naive p50 %.3f " +
            "p99 %.3f max %.1f ms%n", millis(stall), millis(corrected.getValueAtPercentile(50)),
            millis(corrected.getValueAtPercentile(99)), millis(corrected.getMaxValue()),
            millis(naive.getValueAtPercentile(50)), millis(naive.getValueAtPercentile(99)), millis(naive.getMaxValue()));
        assertTrue(stall >= STALL_NANOS, "the receiver stalled");
        // about stall × rate messages (10 % of the run) waited behind the stall, from the whole stall down to
        // nothing: one in 20 waited at least half of it, so p99 is well above half the stall
        assertTrue(corrected.getValueAtPercentile(99) >= stall / 2,
            "corrected p99 " + millis(corrected.getValueAtPercentile(99)) + " ms shows the " + millis(stall) +
                " ms stall");
        assertTrue(corrected.getMaxValue() >= stall * 9 / 10 && corrected.getMaxValue() <= stall * 3,
            "corrected max " + millis(corrected.getMaxValue()) + " ms is about the " + millis(stall) + " ms stall");
        // the naive view: the stall is in its max, but the publisher waited it out, so almost no message shows it
        assertTrue(naive.getMaxValue() >= stall * 9 / 10, "naive max " + millis(naive.getMaxValue()));
        assertTrue(naive.getValueAtPercentile(99) < corrected.getValueAtPercentile(99) / 4,
            "naive p99 " + millis(naive.getValueAtPercentile(99)) + " ms hides the stall the corrected p99 " +
                millis(corrected.getValueAtPercentile(99)) + " ms shows");
    }

    @Test
    void shouldMeasureOnlyMessagesScheduledInsideTheWindow()
    {
        final DeliveryMeter meter = new DeliveryMeter();
        meter.open(1_000, 2_000);

        meter.record(5_000, 999);
        meter.record(5_000, 1_000);
        meter.record(5_000, 1_999);
        meter.record(5_000, 2_000);
        meter.record(1_000, 1_500);

        assertEquals(3, meter.received());
        assertEquals(2, meter.receivedOutsideWindow());
        final Histogram histogram = meter.takeHistogram();
        assertEquals(3, histogram.getTotalCount());
        assertEquals(0, histogram.getMinValue(), "an arrival before its schedule counts as 0, never negative");
        assertTrue(histogram.valuesAreEquivalent(4_000, histogram.getMaxValue()));

        meter.open(3_000, 4_000);
        assertEquals(0, meter.received());
        assertEquals(0, meter.takeHistogram().getTotalCount(), "a new window starts empty");
    }

    private static double millis(final long nanos)
    {
        return nanos / 1e6;
    }

    /** A message on the fake wire: a copy of the payload and when it was actually sent. */
    private record Sent(byte[] payload, long sentAtNanos)
    {
        static final Sent END = new Sent(new byte[0], 0);
    }

    /** Hands each message to the receiver through the one-place queue: blocks while the receiver is stalled. */
    private static final class HandOffPublisher implements BenchPublisher
    {
        private final BlockingQueue<Sent> wire;

        HandOffPublisher(final BlockingQueue<Sent> wire)
        {
            this.wire = wire;
        }

        @Override
        public void publish(final int topic, final byte[] payload) throws InterruptedException
        {
            wire.put(new Sent(payload.clone(), System.nanoTime()));
        }

        @Override
        public long errors()
        {
            return 0;
        }

        @Override
        public void close()
        {
        }
    }

    /** Takes messages off the wire and measures them both ways; stalls once, at one message. */
    private static final class StallingReceiver extends Thread
    {
        private final BlockingQueue<Sent> wire;
        private final DeliveryMeter meter;
        private final Histogram naive;
        private volatile long stallNanos;

        StallingReceiver(final BlockingQueue<Sent> wire, final DeliveryMeter meter, final Histogram naive)
        {
            super("stalling-receiver");
            setDaemon(true);
            this.wire = wire;
            this.meter = meter;
            this.naive = naive;
        }

        @Override
        public void run()
        {
            try
            {
                int count = 0;
                for (Sent sent = wire.take(); sent != Sent.END; sent = wire.take())
                {
                    if (++count == STALL_AT_MESSAGE)
                    {
                        stallNanos = stall();
                    }
                    final long now = System.nanoTime();
                    Payloads.scan(Unpooled.wrappedBuffer(sent.payload()), scheduled -> meter.record(now, scheduled));
                    naive.recordValue(now - sent.sentAtNanos());
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        /** The injected fault: this receiver does nothing for {@link #STALL_NANOS}. */
        private static long stall()
        {
            final long from = System.nanoTime();
            long now;
            while ((now = System.nanoTime()) - from < STALL_NANOS)
            {
                LockSupport.parkNanos(STALL_NANOS - (now - from));
            }
            return now - from;
        }
    }
}
