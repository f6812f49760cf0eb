package io.ringcast.bench;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.agrona.collections.IntArrayList;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.ringcast.engine.event.CodecError;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.filter.FieldTable;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.filter.FilterException;
import io.ringcast.engine.match.Matcher;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.Subscription;

/**
 * Cost of one {@link Matcher#match} with many subscriptions, each with an equality filter
 * ({@code providerName == "vN" && severity >= K}) on one of 1000 topics {@code models.p<P>.m<M>}: 70% literal
 * patterns, 15% {@code models.p<P>.*}, 10% {@code models.*.m<M>}, 5% {@code models.p<P>.>}, so every event
 * visits four buckets. Events are precomputed and pre-wrapped; about 1% carry a provider and severity some
 * subscription on their topic accepts, the rest carry a provider no filter names (index misses).
 * <p>
 * Each subscription gets its own parsed filter, as in the engine. Setup prints the fraction of events that
 * match, the setup time and the heap in use after it.
 * <p>
 * Run: {@code java -jar bench/target/benchmarks.jar MatcherBenchmark}
 */
@State(Scope.Thread)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = { BenchJvm.EXPORT_MISC, "-Xmx6g" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MatcherBenchmark
{
    private static final int PROVIDERS = 100;
    private static final int MODELS = 10;
    private static final int PROVIDER_VALUES = 1000;
    private static final int EVENTS = 4096;
    private static final double MATCHING_EVENTS = 0.01;

    @Param({ "100000", "1000000" })
    public int subscriptions;

    private Matcher matcher;
    private EventView[] events;
    private IntArrayList out;
    private int cursor;

    /** Builds the subscriptions and the event stream. */
    @Setup(Level.Trial)
    public void setup() throws FilterException
    {
        final long start = System.nanoTime();
        final SplittableRandom random = new SplittableRandom(7);
        final FieldTable fields = new FieldTable();
        matcher = new Matcher(fields, CodecLimits.DEFAULT);
        final Map<String, TopicPattern> patterns = new HashMap<>();
        final int[] literalProvider = new int[subscriptions];
        final int[] literalModel = new int[subscriptions];
        final int[] literalValue = new int[subscriptions];
        int literals = 0;
        for (int i = 0; i < subscriptions; i++)
        {
            final int p = random.nextInt(PROVIDERS);
            final int m = random.nextInt(MODELS);
            final int kind = random.nextInt(100);
            final String pattern;
            if (kind < 70)
            {
                pattern = "models.p" + p + ".m" + m;
            }
            else if (kind < 85)
            {
                pattern = "models.p" + p + ".*";
            }
            else if (kind < 95)
            {
                pattern = "models.*.m" + m;
            }
            else
            {
                pattern = "models.p" + p + ".>";
            }
            final int value = random.nextInt(PROVIDER_VALUES);
            final Filter filter = Filter.parse("providerName == \"v" + value + "\" && severity >= " +
                (1 + random.nextInt(5)));
            final Subscription s = new Subscription("client-" + i, "s", patterns.computeIfAbsent(pattern,
                TopicPattern::parse), filter, BatchPolicy.DEFAULT, 0L);
            s.handle(i);
            matcher.add(s);
            if (kind < 70)
            {
                literalProvider[literals] = p;
                literalModel[literals] = m;
                literalValue[literals] = value;
                literals++;
            }
        }

        events = new EventView[EVENTS];
        for (int i = 0; i < EVENTS; i++)
        {
            final Map<String, Object> attributes = new LinkedHashMap<>();
            final String topic;
            if (random.nextDouble() < MATCHING_EVENTS)
            {
                final int pick = random.nextInt(literals);
                topic = "models.p" + literalProvider[pick] + ".m" + literalModel[pick];
                attributes.put("providerName", "v" + literalValue[pick]);
                attributes.put("severity", 5L);
            }
            else
            {
                topic = "models.p" + random.nextInt(PROVIDERS) + ".m" + random.nextInt(MODELS);
                attributes.put("providerName", "unknown-" + random.nextInt(PROVIDER_VALUES));
                attributes.put("severity", (long)random.nextInt(6));
            }
            attributes.put("capability", "chat");
            events[i] = wrap(new Event(0, "e" + i, "", topic, Priority.NORMAL, 0L, attributes, ContentType.JSON,
                "{}".getBytes()).toBytes());
        }
        out = new IntArrayList(1024, -1);

        int matching = 0;
        for (final EventView event : events)
        {
            out.clear();
            matching += matcher.match(event, out) > 0 ? 1 : 0;
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        System.gc();
        final Runtime runtime = Runtime.getRuntime();
        System.out.printf("%n%d subscriptions, %.2f%% of events match, setup %.1f s, heap used %d MiB%n",
            subscriptions, 100.0 * matching / EVENTS, seconds, (runtime.totalMemory() - runtime.freeMemory()) >> 20);
    }

    /** Average time of one match call. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    public int match()
    {
        return matchNext();
    }

    /** Distribution (p50, p99, ...) of one match call; timer overhead of a few tens of ns is included. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public int matchSampled()
    {
        return matchNext();
    }

    private int matchNext()
    {
        final IntArrayList out = this.out;
        out.clear();
        return matcher.match(events[cursor++ & (EVENTS - 1)], out);
    }

    private static EventView wrap(final byte[] bytes)
    {
        final EventView view = new EventView(CodecLimits.DEFAULT);
        if (view.wrap(new UnsafeBuffer(bytes), 0, bytes.length) != CodecError.NONE)
        {
            throw new IllegalStateException(view.errorMessage());
        }
        return view;
    }
}
