package io.ringcast.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import io.ringcast.engine.dedup.DedupWindow;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one {@link DedupWindow#checkAndInsert} in the dedup stage's steady state: the window full
 * of random key hashes, each call expiring the oldest key and recording (or finding) one.
 * <p>
 * The fake clock advances {@code 30 s / maxKeys} per call, so a 30 s window holds exactly
 * {@code maxKeys} calls: eviction is by expiry, the table stays at its working load, and the cap is
 * never the reason a key goes. A fraction {@code duplicateRatio} of the keys repeats one of the
 * previous thousand, i.e. is a duplicate inside the window.
 * <p>
 * Run: {@code java -jar bench/target/benchmarks.jar DedupBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = {BenchJvm.EXPORT_MISC, "-Xmx2g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class DedupBenchmark
{
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final int KEY_COUNT = 1 << 22;  // several windows' worth, so keys recur only after expiry
    private static final int RECENT = 1_000;

    @Param({"100000", "1000000"})
    public int maxKeys;

    @Param({"0", "0.1"})
    public double duplicateRatio;

    private long[] keys;
    private DedupWindow window;
    private long nanosPerCall;
    private long nowNanos;
    private long seq;
    private int index;

    /** Precomputes the keys and runs the window into its steady state. */
    @Setup
    public void setup()
    {
        final SplittableRandom random = new SplittableRandom(42);
        keys = new long[KEY_COUNT];
        for (int i = 0; i < KEY_COUNT; i++)
        {
            final boolean repeat = i >= RECENT && random.nextDouble() < duplicateRatio;
            keys[i] = repeat ? keys[i - 1 - random.nextInt(RECENT)] : random.nextLong();
        }
        nanosPerCall = WINDOW_NANOS / maxKeys;
        window = new DedupWindow(WINDOW_NANOS, maxKeys);
        for (int i = 0; i < 2 * maxKeys; i++)
        {
            checkAndInsert();
        }
    }

    /** One dedup decision: expire what the clock passed, then find or record the next key. */
    @Benchmark
    public long checkAndInsert()
    {
        final int i = index++ & (KEY_COUNT - 1);
        nowNanos += nanosPerCall;
        final long original = window.checkAndInsert(keys[i], seq, nowNanos);
        if (original == DedupWindow.NOT_FOUND)
        {
            seq++;
        }
        return original;
    }

    /** Fails the run if the cap, not expiry, evicted keys: then it measured another path than described. */
    @TearDown
    public void checkSteadyState()
    {
        if (window.earlyEvictions() != 0)
        {
            throw new IllegalStateException("early evictions: " + window.earlyEvictions());
        }
    }
}
