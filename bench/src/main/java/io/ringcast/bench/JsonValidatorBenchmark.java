package io.ringcast.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.ringcast.engine.event.JsonValidator;
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
 * Cost of the publish-time JSON payload check ({@link JsonValidator}, run by the engine's publisher on every
 * event of content type JSON) on a typical notification payload of about 100 bytes and of about 1 KB: nested
 * objects and arrays, numbers in every form, escapes and non-ASCII text. {@code invalidAtEnd} is the same payload
 * with its last byte broken, so it costs a full scan plus the refusal. {@code jacksonBaseline} is what the WebSocket
 * encoder does today to decide the same question (copy the payload out, run Jackson's streaming parser over it),
 * for comparison.
 * <p>
 * Run: {@code java -jar bench/target/benchmarks.jar JsonValidator}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
// Agrona 2.x reaches jdk.internal.misc.Unsafe; the jar manifest's Add-Exports does not reach JMH's forked JVM
@Fork(value = 1, jvmArgsAppend = {BenchJvm.EXPORT_MISC, "-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class JsonValidatorBenchmark
{
    /** One entry of the payload; repeated to reach the target size. */
    private static final String ENTRY =
        "{\"model\":\"gpt-x\",\"v\":[1,-2.5,3e-2],\"ok\":true,\"note\":\"caf\u00e9 \\\"q\\\"\"}";
    private static final int ENTRY_BYTES = ENTRY.getBytes(StandardCharsets.UTF_8).length;

    @Param({"100", "1000"})
    public int payloadSize;

    private final JsonValidator validator = new JsonValidator();
    private final JsonFactory jackson = new JsonFactory();
    private byte[] scratch;
    private UnsafeBuffer valid;
    private UnsafeBuffer invalidAtEnd;
    private int length;

    /** Builds both payloads and checks that the valid one is valid and the broken one is not. */
    @Setup
    public void setup()
    {
        final StringBuilder sb = new StringBuilder("{\"event\":\"catalogue\",\"items\":[");
        while (sb.toString().getBytes(StandardCharsets.UTF_8).length + 1 + ENTRY_BYTES + 2 <= payloadSize)
        {
            sb.append(sb.charAt(sb.length() - 1) == '[' ? "" : ",").append(ENTRY);
        }
        sb.append("]}");
        final byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        length = bytes.length;
        valid = new UnsafeBuffer(bytes);
        final byte[] broken = bytes.clone();
        broken[broken.length - 1] = ']';
        invalidAtEnd = new UnsafeBuffer(broken);
        scratch = new byte[length];
        if (!validator.validate(valid, 0, length) || validator.validate(invalidAtEnd, 0, length))
        {
            throw new IllegalStateException("benchmark payloads are wrong: " + sb);
        }
        System.out.println("\n[json] payload of " + length + " bytes");
    }

    /** Validates a valid payload. */
    @Benchmark
    public boolean valid()
    {
        return validator.validate(valid, 0, length);
    }

    /** Validates a payload that is refused at its last byte. */
    @Benchmark
    public boolean invalidAtEnd()
    {
        return validator.validate(invalidAtEnd, 0, length);
    }

    /** The encoder's current check on the valid payload: copy out, then Jackson's parser skips one value. */
    @Benchmark
    public boolean jacksonBaseline() throws IOException
    {
        valid.getBytes(0, scratch, 0, length);
        try (JsonParser parser = jackson.createParser(scratch, 0, length))
        {
            if (parser.nextToken() == null)
            {
                return false;
            }
            parser.skipChildren();
            return parser.nextToken() == null;
        }
    }
}
