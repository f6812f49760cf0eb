package io.ringcast.bench.e2e;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.HdrHistogram.Histogram;

/**
 * One system under one load layout: starts the system, connects the subscribers (every session ready), opens the
 * publishers, then measures one or more rates on that same setup ({@link #measure}), and tears it all down.
 * <p>
 * A measured step: the open-loop schedule runs for warm-up plus duration without a break; only messages scheduled
 * after the warm-up count ({@link DeliveryMeter}); after the schedule the step waits for the expected deliveries
 * (sent × fan-out) to arrive, at most the grace period; server and harness CPU are read over the measured window.
 * <p>
 * Threads: the caller's thread only (one run at a time).
 */
public final class E2eRun implements AutoCloseable
{
    private static final long START_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long GRACE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final SystemUnderTest system;
    private final LoadSpec spec;
    private final Settings settings;
    private final PrintStream out;
    private final DeliveryMeter meter = new DeliveryMeter();
    private final List<BenchPublisher> publishers = new ArrayList<>();
    private SubscriberClient subscribers;
    private OpenLoopPublishers driver;

    /**
     * How a run measures, beyond the load itself.
     *
     * @param grace          longest wait after the schedule for deliveries still in flight
     * @param connectTimeout longest wait for every subscriber connection to be ready
     * @param spinNanos      see {@link OpenLoopPublishers}
     */
    public record Settings(Duration grace, Duration connectTimeout, long spinNanos)
    {
        /** 2 s grace, 120 s to connect, {@link OpenLoopPublishers#DEFAULT_SPIN_NANOS}. */
        public static Settings defaults()
        {
            return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(120), OpenLoopPublishers.DEFAULT_SPIN_NANOS);
        }
    }

    private E2eRun(final SystemUnderTest system, final LoadSpec spec, final Settings settings, final PrintStream out)
    {
        this.system = system;
        this.spec = spec;
        this.settings = settings;
        this.out = out;
    }

    /**
     * Starts {@code system} for {@code spec}, connects the subscribers and the publishers. On failure closes what
     * it opened (not the system: the caller owns it) and rethrows.
     */
    public static E2eRun open(final SystemUnderTest system, final LoadSpec spec, final Settings settings,
        final PrintStream out) throws Exception
    {
        final E2eRun run = new E2eRun(system, spec, settings, out);
        try
        {
            run.setUp();
            return run;
        }
        catch (final Exception | Error ex)
        {
            run.close();
            throw ex;
        }
    }

    /** The system this run drives. */
    public SystemUnderTest system()
    {
        return system;
    }

    /**
     * Measures one step at {@code deliveriesPerSecond} (warm-up, window, grace) and returns its result. The
     * histogram is the step's own; counts of closed connections and subscriber errors are since the run opened.
     */
    public StepResult measure(final long deliveriesPerSecond) throws Exception
    {
        final LoadSpec step = spec.withRate(deliveriesPerSecond);
        final double messagesPerSecond = step.publishesPerSecond();
        final long start = System.nanoTime() + START_DELAY_NANOS;
        final long windowStart = start + step.warmup().toNanos();
        final long end = windowStart + step.duration().toNanos();
        meter.open(windowStart, end);
        out.printf(Locale.ROOT, "[%s] %,d deliveries/s (%,.1f messages/s to %,d topics, fan-out %d): warm-up %.1f s, " +
                "then measuring %.1f s%n", system.name(), deliveriesPerSecond, messagesPerSecond, step.topics(),
            step.fanOut(), step.warmup().toMillis() / 1000.0, step.duration().toMillis() / 1000.0);
        final FutureTask<OpenLoopPublishers.Outcome> schedule =
            new FutureTask<>(() -> driver.run(messagesPerSecond, start, windowStart, end));
        final Thread scheduler = new Thread(schedule, "bench-schedule");
        scheduler.setDaemon(true);
        scheduler.start();
        sleepUntil(windowStart);
        final ProcessCpu serverCpu = ProcessCpu.of(system.serverPid());
        final ProcessCpu harnessCpu = ProcessCpu.self();
        serverCpu.start();
        harnessCpu.start();
        final OpenLoopPublishers.Outcome outcome;
        try
        {
            outcome = schedule.get();
        }
        catch (final ExecutionException ex)
        {
            throw ex.getCause() instanceof Exception ? (Exception)ex.getCause() : ex;
        }
        final double serverPercent = serverCpu.percent();
        final double harnessPercent = harnessCpu.percent();
        final double windowSeconds = step.duration().toNanos() / 1e9;
        final long expected = outcome.sent() * step.fanOut();
        out.printf(Locale.ROOT, "[%s] sent %,d of %,d scheduled messages; waiting up to %.1f s for %,d deliveries " +
            "(%,d so far)%n", system.name(), outcome.sent(), outcome.scheduled(), settings.grace().toMillis() / 1000.0,
            expected, meter.received());
        final long graceEnd = System.nanoTime() + settings.grace().toNanos();
        while (meter.received() < expected && System.nanoTime() - graceEnd < 0)
        {
            LockSupport.parkNanos(GRACE_POLL_NANOS);
        }
        final Histogram latencies = meter.takeHistogram();
        final String firstError = outcome.firstError() != null ? "publisher: " + outcome.firstError() :
            subscribers.firstError();
        return new StepResult(system.name(), step, StepResult.label(step), latencies,
            outcome.scheduled(), outcome.sent(), outcome.errors(), outcome.maxLagNanos(), expected, meter.received(),
            meter.frames(), subscribers.closedConnections(), subscribers.errors(),
            firstError, windowSeconds, serverPercent, harnessPercent);
    }

    /** Closes the publishers, the subscribers and the system. Idempotent. */
    @Override
    public void close()
    {
        for (final BenchPublisher publisher : publishers)
        {
            try
            {
                publisher.close();
            }
            catch (final Exception ex)
            {
                out.println("[" + system.name() + "] closing a publisher failed: " + ex);
            }
        }
        publishers.clear();
        if (subscribers != null)
        {
            subscribers.close();
            subscribers = null;
        }
        system.close();
    }

    private void setUp() throws Exception
    {
        out.println("[" + system.name() + "] starting");
        system.start(spec);
        out.println("[" + system.name() + "] running: " + system.describe());
        out.printf(Locale.ROOT, "[%s] connecting %,d subscribers (%d subscriptions each, %,d topics, fan-out %d)%n",
            system.name(), spec.connections(), spec.subscriptionsPerConnection(), spec.topics(), spec.fanOut());
        subscribers = new SubscriberClient(meter, out);
        subscribers.connect(system.subscriberProtocol(), spec, settings.connectTimeout());
        for (int p = 0; p < spec.publishers(); p++)
        {
            publishers.add(system.newPublisher());
        }
        driver = new OpenLoopPublishers(publishers, spec.topics(), spec.payloadBytes(), settings.spinNanos());
        out.printf(Locale.ROOT, "[%s] %d publisher%s connected%n", system.name(), spec.publishers(),
            spec.publishers() == 1 ? "" : "s");
    }

    private static void sleepUntil(final long deadline)
    {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0)
        {
            LockSupport.parkNanos(remaining);
        }
    }
}
