package io.ringcast.bench.e2e;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The open-loop publisher driver: one thread per {@link BenchPublisher}, each sending on a fixed schedule that never
 * depends on the system's answers (wrk2 / Aeron {@code LoadTestRig} style). With {@code P} publishers at {@code R}
 * messages per second in all, message {@code i} of publisher {@code t} is scheduled at
 * {@code start + t/R + i·P/R} (the publishers interleave evenly); its topic is {@code (i·P + t) mod topics}, so
 * the topics take turns.
 * <p>
 * A publisher waits for each scheduled time (parking, then spinning for the last {@code spinNanos}), stamps the
 * payload with the <em>scheduled</em> time ({@link Payloads#stamp}) and publishes. When it is behind (a publish
 * blocked, the thread was descheduled) it sends at once, still with the scheduled stamps: the wait the system
 * caused is counted in every message it delayed (the coordinated-omission correction), not hidden by sending
 * fewer messages. Once the wall clock passes the end, the rest of the schedule is counted as not sent.
 * <p>
 * Threads: {@link #run} from the run's main thread, which it blocks until the schedule ends; the publishers are
 * then used by the threads it starts (one each) and by no one else meanwhile. The send loop allocates nothing
 * itself (the publishers' client libraries may).
 */
public final class OpenLoopPublishers
{
    /**
     * Default spin before a scheduled time: about how late {@code parkNanos} wakes up on Linux (its 50 µs timer
     * slack plus the wake-up), so a publisher parks until about then and is on time without burning a core.
     */
    public static final long DEFAULT_SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(60);

    private final List<BenchPublisher> publishers;
    private final int topics;
    private final int payloadBytes;
    private final long spinNanos;

    /**
     * A driver for {@code publishers} over topics {@code 0..topics-1}, with payloads of {@code payloadBytes}.
     *
     * @param spinNanos how long before a scheduled time a publisher stops parking and spins
     */
    public OpenLoopPublishers(final List<BenchPublisher> publishers, final int topics, final int payloadBytes,
        final long spinNanos)
    {
        if (publishers.isEmpty() || topics < 1 || spinNanos < 0)
        {
            throw new IllegalArgumentException("need at least one publisher and one topic and spin >= 0, had " +
                publishers.size() + " publishers, " + topics + " topics, spin " + spinNanos + " ns");
        }
        Payloads.template(payloadBytes);
        this.publishers = List.copyOf(publishers);
        this.topics = topics;
        this.payloadBytes = payloadBytes;
        this.spinNanos = spinNanos;
    }

    /**
     * Runs the schedule from {@code startNanos} to {@code endNanos} ({@link System#nanoTime()} clock) at
     * {@code messagesPerSecond} in all, counting what was scheduled and sent from {@code windowStartNanos} on (the
     * measured part; before it is warm-up). Blocks until every publisher thread finished.
     */
    public Outcome run(final double messagesPerSecond, final long startNanos, final long windowStartNanos,
        final long endNanos) throws InterruptedException
    {
        if (!(messagesPerSecond > 0) || windowStartNanos < startNanos || endNanos < windowStartNanos)
        {
            throw new IllegalArgumentException("need a positive rate and start <= window start <= end, had rate " +
                messagesPerSecond + " and times " + startNanos + ", " + windowStartNanos + ", " + endNanos);
        }
        final int count = publishers.size();
        final List<Lane> lanes = new ArrayList<>(count);
        final List<Thread> threads = new ArrayList<>(count);
        final long[] errorsBefore = new long[count];
        for (int t = 0; t < count; t++)
        {
            errorsBefore[t] = publishers.get(t).errors();
            final Lane lane = new Lane(publishers.get(t), t, count, messagesPerSecond, startNanos, windowStartNanos,
                endNanos);
            lanes.add(lane);
            final Thread thread = new Thread(lane, "bench-publisher-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        for (final Thread thread : threads)
        {
            thread.join();
        }
        long scheduled = 0;
        long sent = 0;
        long warmupSent = 0;
        long errors = 0;
        long maxLag = 0;
        String firstError = null;
        for (int t = 0; t < count; t++)
        {
            final Lane lane = lanes.get(t);
            scheduled += lane.scheduled;
            sent += lane.sent;
            warmupSent += lane.warmupSent;
            errors += lane.thrown + publishers.get(t).errors() - errorsBefore[t];
            maxLag = Math.max(maxLag, lane.maxLagNanos);
            if (firstError == null)
            {
                firstError = lane.firstError != null ? lane.firstError : publishers.get(t).firstError();
            }
        }
        return new Outcome(scheduled, sent, warmupSent, errors, maxLag, firstError);
    }

    /**
     * What one schedule did.
     *
     * @param scheduled  messages scheduled inside the measured window
     * @param sent       of those, messages handed to a publisher (the rest: the wall clock passed the end first)
     * @param warmupSent messages sent during the warm-up
     * @param errors     sends that threw or that the publishers counted as failed (both parts of the run)
     * @param maxLagNanos the most a send was behind its scheduled time
     * @param firstError the first exception a send threw, or null
     */
    public record Outcome(long scheduled, long sent, long warmupSent, long errors, long maxLagNanos,
        String firstError)
    {
    }

    /** One publisher thread's schedule and counts; the counts are read after the thread is joined. */
    private final class Lane implements Runnable
    {
        private final BenchPublisher publisher;
        private final int index;
        private final int stride;
        private final double intervalNanos;
        private final double offsetNanos;
        private final long startNanos;
        private final long windowStartNanos;
        private final long endNanos;
        private final byte[] payload = Payloads.template(payloadBytes);
        private long scheduled;
        private long sent;
        private long warmupSent;
        private long thrown;
        private long maxLagNanos;
        private String firstError;

        Lane(final BenchPublisher publisher, final int index, final int stride, final double messagesPerSecond,
            final long startNanos, final long windowStartNanos, final long endNanos)
        {
            this.publisher = publisher;
            this.index = index;
            this.stride = stride;
            this.intervalNanos = stride * 1e9 / messagesPerSecond;
            this.offsetNanos = index * 1e9 / messagesPerSecond;
            this.startNanos = startNanos;
            this.windowStartNanos = windowStartNanos;
            this.endNanos = endNanos;
        }

        @Override
        public void run()
        {
            int topic = index % topics;
            boolean pastEnd = false;
            for (long i = 0; ; i++)
            {
                final long at = startNanos + (long)(offsetNanos + i * intervalNanos);
                if (at >= endNanos)
                {
                    break;
                }
                final boolean measured = at >= windowStartNanos;
                if (measured)
                {
                    scheduled++;
                }
                if (pastEnd)
                {
                    continue;
                }
                final long now = waitUntil(at);
                if (now >= endNanos)
                {
                    pastEnd = true;
                    continue;
                }
                maxLagNanos = Math.max(maxLagNanos, now - at);
                Payloads.stamp(payload, at);
                try
                {
                    publisher.publish(topic, payload);
                    if (measured)
                    {
                        sent++;
                    }
                    else
                    {
                        warmupSent++;
                    }
                }
                catch (final Exception ex)
                {
                    thrown++;
                    if (firstError == null)
                    {
                        firstError = ex.toString();
                    }
                }
                topic = (int)(((long)topic + stride) % topics);
            }
        }

        private long waitUntil(final long at)
        {
            long now;
            while ((now = System.nanoTime()) < at)
            {
                final long remaining = at - now;
                if (remaining > spinNanos)
                {
                    LockSupport.parkNanos(remaining - spinNanos);
                }
                else
                {
                    Thread.onSpinWait();
                }
            }
            return now;
        }
    }
}
