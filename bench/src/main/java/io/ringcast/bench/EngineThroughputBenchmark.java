package io.ringcast.bench;

import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.ExpandableArrayBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.ringcast.engine.delivery.CountingDelivery;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.event.PublishCallback;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.policy.DigestMode;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.policy.QuietHours;
import io.ringcast.engine.policy.RateLimits;
import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.engine.pipeline.StageLayout;
import io.ringcast.engine.pipeline.WaitStrategyKind;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.CommandListener;
import io.ringcast.engine.subscription.Subscription;

/**
 * Events per second through the whole ring (dedup, journal ‖ match, assemble) with the in-memory journal
 * and a counting delivery port: {@code subscriptions} subscriptions with equality + range filters, and events
 * of which about 1% match one subscription. One invocation publishes {@link #BURST} events from one producer
 * and waits until every stage has finished them.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.EXPORT_MISC, "-Xmx4g", "-XX:+UseParallelGC"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class EngineThroughputBenchmark
{
    static final int BURST = 100_000;
    private static final int ID_DIGITS = 12;
    private static final int DISTINCT_EVENTS = 4096;

    @Param({"10000"})
    public int subscriptions;

    @Param({"COMPACT", "PARALLEL"})
    public StageLayout layout;

    @Param({"BLOCKING"})
    public WaitStrategyKind waitStrategy;

    /**
     * With the delivery policies on: per-user and global rate limits (set above the matched rate, so they check and
     * charge every delivery without deferring) and preferences for every user (a priority floor and enabled topics,
     * checked per delivery).
     */
    @Param({"false", "true"})
    public boolean policies;

    /** Every event carries a new dedup key, so the window runs at this cap and evicts one key per event. */
    @Param({"1000000"})
    public int dedupMaxKeys;

    private RingcastEngine engine;
    private EnginePublisher publisher;
    private CountingDelivery delivery;
    private final ExpandableArrayBuffer[] events = new ExpandableArrayBuffer[DISTINCT_EVENTS];
    private final int[] lengths = new int[DISTINCT_EVENTS];
    private final AtomicLong answered = new AtomicLong();
    private long published;
    private PublishCallback callback;

    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        final EngineConfig config = EngineConfig.builder().layout(layout).waitStrategy(waitStrategy).ringSize(16384)
            .maxSubscriptions(Math.max(subscriptions, 1)).dedupMaxKeys(dedupMaxKeys)
            .rateLimits(policies ? new RateLimits(600_000, 100, 0, 0, 1_000_000, 1000) : RateLimits.NONE).build();
        delivery = new CountingDelivery();
        engine = RingcastEngine.start(config, new InMemoryJournal(256 << 20, 1 << 22, 0, config.codecLimits()),
            delivery);
        final java.util.concurrent.CountDownLatch applied = new java.util.concurrent.CountDownLatch(subscriptions);
        final CommandListener listener = (kind, client, id, status, seq) -> applied.countDown();
        if (policies)
        {
            final Preferences prefs = new Preferences(Priority.LOW, List.of(TopicPattern.parse("models.>")),
                ZoneOffset.UTC, QuietHours.NONE, DigestMode.IMMEDIATE, LocalTime.NOON, 50, 0, null, null);
            for (int c = 0; c < (subscriptions + 99) / 100; c++)
            {
                engine.setPreferences("client-" + c, prefs, null, null);
            }
        }
        for (int i = 0; i < subscriptions; i++)
        {
            final Filter filter = Filter.parse("providerName == \"p" + (i % 100) + "\" && severity >= 1");
            engine.subscribe(new Subscription("client-" + (i / 100), "s" + i,
                TopicPattern.parse("models.m" + (i / 100) + ".>"), filter, BatchPolicy.DEFAULT, 0), listener);
        }
        applied.await();
        final Random random = new Random(7);
        for (int i = 0; i < DISTINCT_EVENTS; i++)
        {
            final Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("providerName", "p" + random.nextInt(1000));
            attrs.put("severity", 1L + random.nextInt(3));
            attrs.put("capability", random.nextBoolean() ? "vision" : "text");
            final Event event = new Event(0, "0".repeat(ID_DIGITS), "", "models.m" + random.nextInt(1000) + ".v1",
                Priority.NORMAL, 1_700_000_000_000L, attrs, ContentType.OPAQUE, new byte[160]);
            final byte[] bytes = event.toBytes();
            events[i] = new ExpandableArrayBuffer(bytes.length);
            events[i].putBytes(0, bytes);
            lengths[i] = bytes.length;
        }
        callback = new PublishCallback()
        {
            @Override
            public void onAccepted(final long correlationId, final long seq)
            {
                answered.lazySet(answered.get() + 1); // journal thread is the only writer
            }

            @Override
            public void onDuplicate(final long correlationId, final long originalSeq)
            {
                answered.lazySet(answered.get() + 1);
            }

            @Override
            public void onFailed(final long correlationId, final String reason)
            {
                answered.lazySet(answered.get() + 1);
            }
        };
        publisher = engine.newPublisher();
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        engine.close();
        System.out.println("\n[engine] " + engine.metrics().snapshot() + " delivered=" + delivery.events() +
            " batches=" + delivery.batches());
    }

    /** Publishes a burst and waits until every stage has processed it. */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long publishBurst()
    {
        final long end = published + BURST;
        for (long n = published; n < end; n++)
        {
            final int k = (int)(n & (DISTINCT_EVENTS - 1));
            setId(events[k], n);
            publisher.publish(events[k], 0, lengths[k], callback, n);
        }
        published = end;
        while (answered.get() < end || engine.ringDepth() > 0)
        {
            // park, not spin: on two cores a spinning producer would take a stage thread's core
            java.util.concurrent.locks.LockSupport.parkNanos(20_000);
        }
        return delivery.events();
    }

    private static void setId(final ExpandableArrayBuffer buffer, final long n)
    {
        long v = n;
        final int idStart = EventView.HEADER_LENGTH + 2;
        for (int i = ID_DIGITS - 1; i >= 0; i--)
        {
            buffer.putByte(idStart + i, (byte)('0' + (v % 10)));
            v /= 10;
        }
    }
}
