package io.ringcast.bench;

import java.util.concurrent.TimeUnit;

import io.ringcast.engine.event.CodecError;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.EventEncoder;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;
import org.agrona.concurrent.UnsafeBuffer;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the event codec on the hot path: {@link EventEncoder} writing one event (header, id, topic,
 * 8 attributes of all four types, payload) into a reused buffer, and {@link EventView#wrap} validating
 * and indexing the same event, for payloads of 64, 256 and 1024 bytes.
 * <p>
 * The attribute values mix ASCII and non-ASCII text so the UTF-8 paths of both sides run. Neither
 * benchmark allocates in steady state (the allocation test in {@code engine} checks {@code wrap}).
 * <p>
 * Run: {@code java -jar bench/target/benchmarks.jar CodecBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Agrona 2.x reaches jdk.internal.misc.Unsafe; the jar manifest's Add-Exports does not reach JMH's forked JVM
@Fork(value = 1, jvmArgsAppend = {BenchJvm.EXPORT_MISC, "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class CodecBenchmark
{
    private static final String ID = "evt-000000001";
    private static final String TOPIC = "models.openai.gpt-x";
    private static final String PROVIDER = "openai";
    private static final String CAPABILITY = "chat-completion";
    private static final String SEVERITY = "high";
    private static final String NOTE = "caf\u00e9 \u4e2d\u6587";

    @Param({"64", "256", "1024"})
    public int payloadSize;

    private final EventEncoder encoder = new EventEncoder();
    private final EventView view = new EventView(CodecLimits.DEFAULT);
    private UnsafeBuffer payload;
    private UnsafeBuffer target;
    private UnsafeBuffer encoded;
    private int encodedLength;

    /** Builds the payload and one encoded event to decode, and checks that it is valid. */
    @Setup
    public void setup()
    {
        final byte[] bytes = new byte[payloadSize];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)('a' + i % 26);
        }
        payload = new UnsafeBuffer(bytes);
        target = new UnsafeBuffer(new byte[payloadSize + 512]);
        encoded = new UnsafeBuffer(new byte[payloadSize + 512]);
        encodedLength = encodeInto(encoded);
        if (view.wrap(encoded, 0, encodedLength) != CodecError.NONE)
        {
            throw new IllegalStateException("benchmark event is invalid: " + view.errorMessage());
        }
    }

    /** Encodes one event into a reused buffer. @return its length. */
    @Benchmark
    public int encode()
    {
        return encodeInto(target);
    }

    /** Validates and indexes one encoded event. @return the error, NONE when valid. */
    @Benchmark
    public CodecError decode()
    {
        return view.wrap(encoded, 0, encodedLength);
    }

    private int encodeInto(final UnsafeBuffer buffer)
    {
        return encoder.wrap(buffer, 0)
            .priority(Priority.HIGH)
            .contentType(ContentType.OPAQUE)
            .timestamp(1_717_171_717_171L)
            .id(ID)
            .dedupKey("")
            .topic(TOPIC)
            .attribute("providerName", PROVIDER)
            .attribute("capability", CAPABILITY)
            .attribute("severity", SEVERITY)
            .attribute("note", NOTE)
            .attribute("contextTokens", 128_000L)
            .attribute("latencyMs", 87L)
            .attribute("score", 0.93d)
            .attribute("deprecated", false)
            .payload(payload, 0, payloadSize);
    }
}
