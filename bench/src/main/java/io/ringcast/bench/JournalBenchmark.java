package io.ringcast.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
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

import io.ringcast.engine.event.CodecError;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.EventEncoder;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.util.ManualClock;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;
import io.ringcast.journal.JournalReader;

/**
 * The Chronicle journal on its own: {@link #append} latency of one 256-byte event (ASYNC durability, the default:
 * into the memory-mapped file), sequential {@link #replay} rate through a {@link JournalReader}, and {@link #seek}
 * time (seekAfterSeq to a random seq, then one next()) in a 10-million-event journal built once per fork, held in
 * one hourly file or spread over 100.
 * <p>
 * Targets (issue 3): append p99 under 5 us, replay at least 2,000,000 events/s, seek in milliseconds.
 * Files go to a temporary folder (java.io.tmpdir) deleted at the end; a seek fork writes about 2.7 GB first.
 * <p>
 * Run: {@code java -jar bench/target/benchmarks.jar JournalBenchmark}
 */
@Fork(value = 1, jvmArgsAppend = {BenchJvm.EXPORT_MISC, BenchJvm.NO_ANALYTICS, BenchJvm.CHRONICLE_OPENS_LANG,
    BenchJvm.CHRONICLE_OPENS_REFLECT, BenchJvm.CHRONICLE_OPENS_NIO, BenchJvm.CHRONICLE_OPENS_NIO_CH,
    BenchJvm.CHRONICLE_OPENS_IO, BenchJvm.CHRONICLE_OPENS_UTIL, BenchJvm.CHRONICLE_OPENS_JAVAC,
    BenchJvm.CHRONICLE_EXPORTS_REF, BenchJvm.CHRONICLE_EXPORTS_NIO_CH, BenchJvm.CHRONICLE_EXPORTS_MISC,
    "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JournalBenchmark
{
    static final int EVENT_LENGTH = 256;
    static final int JOURNAL_EVENTS = 10_000_000;
    static final int REPLAY_BATCH = 10_000;
    static final long T0 = 1_700_000_000_000L;

    /** A valid 256-byte event (id, topic, 3 attributes, JSON payload) in its own buffer. */
    static EventView event256()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[EVENT_LENGTH]);
        final EventEncoder encoder = new EventEncoder();
        final int overhead = encode(encoder, buffer, 0);
        final int length = encode(encoder, buffer, EVENT_LENGTH - overhead);
        final EventView view = new EventView(CodecLimits.DEFAULT);
        if (length != EVENT_LENGTH || view.wrap(buffer, 0, length) != CodecError.NONE)
        {
            throw new IllegalStateException("bad fixture: " + length + " bytes, " + view.errorMessage());
        }
        return view;
    }

    private static int encode(final EventEncoder encoder, final UnsafeBuffer buffer, final int payloadLength)
    {
        encoder.wrap(buffer, 0).contentType(ContentType.JSON).timestamp(T0).id("evt-000000001").dedupKey("")
            .topic("models.openai.gpt-x").attribute("providerName", "openai").attribute("severity", 3L)
            .attribute("capability", "chat-completion");
        return encoder.payload(new byte[payloadLength]);
    }

    static void deleteRecursively(final Path dir) throws IOException
    {
        if (dir == null || !Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> files = Files.walk(dir))
        {
            for (final Path p : (Iterable<Path>)files.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A fresh journal appended to by the benchmark thread, which plays the journal stage. */
    @State(Scope.Thread)
    public static class AppendState
    {
        Path dir;
        ChronicleJournal journal;
        EventView event;
        long seq;

        @Setup(Level.Trial)
        public void open() throws IOException
        {
            dir = Files.createTempDirectory("ringcast-journal-append");
            journal = ChronicleJournal.open(JournalConfig.defaults(dir.resolve("data")));
            event = event256();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException
        {
            journal.close();
            deleteRecursively(dir);
        }
    }

    /** A journal of {@code events} 256-byte events spread evenly over {@code cycles} hourly files. */
    abstract static class BuiltJournal
    {
        Path dir;
        ChronicleJournal journal;
        JournalReader reader;
        final EventView view = new EventView(CodecLimits.DEFAULT);

        void build(final int events, final int cycles) throws IOException
        {
            dir = Files.createTempDirectory("ringcast-journal-read");
            final ManualClock clock = new ManualClock(T0); // lets 10M events span many hours in seconds
            journal = ChronicleJournal.open(JournalConfig.defaults(dir.resolve("data")), clock);
            final EventView event = event256();
            final long perCycle = (events + cycles - 1) / cycles;
            for (long seq = 1; seq <= events; seq++)
            {
                event.seq(seq);
                journal.append(event);
                if (seq % perCycle == 0)
                {
                    clock.advance(1, TimeUnit.HOURS);
                }
            }
            reader = journal.newReader();
        }

        @TearDown(Level.Trial)
        public void close() throws IOException
        {
            reader.close();
            journal.close();
            deleteRecursively(dir);
        }
    }

    /** 2 million events in one file, read from the start again whenever the reader reaches the end. */
    @State(Scope.Thread)
    public static class ReplayState extends BuiltJournal
    {
        @Setup(Level.Trial)
        public void setUp() throws IOException
        {
            build(2_000_000, 1);
        }
    }

    /** 10 million events; random seqs to seek after. */
    @State(Scope.Thread)
    public static class SeekState extends BuiltJournal
    {
        @Param({"1", "100"})
        public int cycles;

        final long[] targets = new long[1 << 16];
        int next;

        @Setup(Level.Trial)
        public void setUp() throws IOException
        {
            build(JOURNAL_EVENTS, cycles);
            final SplittableRandom random = new SplittableRandom(42);
            for (int i = 0; i < targets.length; i++)
            {
                targets[i] = random.nextLong(JOURNAL_EVENTS - 1);
            }
        }
    }

    /** One append of a 256-byte event: write into the mapped file plus the journal's bookkeeping. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public void append(final AppendState s)
    {
        s.event.seq(++s.seq);
        s.journal.append(s.event);
    }

    /** Events read per second: copy out of the queue, validate, wrap. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(REPLAY_BATCH)
    public long replay(final ReplayState s)
    {
        long sum = 0;
        for (int i = 0; i < REPLAY_BATCH; i++)
        {
            if (!s.reader.next(s.view))
            {
                s.reader.seekAfterSeq(0);
                s.reader.next(s.view);
            }
            sum += s.view.seq();
        }
        return sum;
    }

    /** seekAfterSeq to a random seq and read the event found. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long seek(final SeekState s)
    {
        final long since = s.targets[s.next++ & (s.targets.length - 1)];
        s.reader.seekAfterSeq(since);
        if (!s.reader.next(s.view) || s.view.seq() != since + 1)
        {
            throw new IllegalStateException("seek after " + since + " read " + s.view.seq());
        }
        return s.view.seq();
    }
}
