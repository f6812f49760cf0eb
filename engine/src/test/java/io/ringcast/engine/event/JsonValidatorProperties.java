package io.ringcast.engine.event;

import static io.ringcast.engine.event.JsonValidatorFixtures.reference;
import static io.ringcast.engine.event.JsonValidatorFixtures.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;

import org.agrona.concurrent.UnsafeBuffer;

import io.ringcast.engine.event.JsonValidatorFixtures.Verdict;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link JsonValidator} against Jackson's strict parser (see {@link JsonValidatorFixtures} for Jackson's leniencies
 * and how they are taken out), on valid JSON and on mutations of it; it never throws, never reads outside its
 * window, and never allocates.
 */
class JsonValidatorProperties
{
    private static final byte[][] GARBAGE = {
        JsonValidatorFixtures.bytes("\"]}\"]}\"]}\"]} 0"),
        JsonValidatorFixtures.bytes("        "),
        JsonValidatorFixtures.bytes("", 0xA9, 0x80, 0xBF, 0xFF, 0x00, 0x22, 0x5D, 0x7D),
    };

    private final JsonValidator validator = new JsonValidator();
    private final JsonValidator guardedValidator = new JsonValidator();

    @Property(tries = 1000)
    void generatedJsonIsValidForBoth(@ForAll("json") final byte[] bytes)
    {
        assertEquals(Verdict.VALID, reference(bytes), () -> "the generator made invalid JSON: " + show(bytes));
        assertTrue(validate(bytes), () -> show(bytes) + ": " + validator.errorReason() + " at " +
            validator.errorOffset());
    }

    @Property(tries = 5000)
    void agreesWithJacksonOnMutatedJson(@ForAll("mutated") final byte[] bytes)
    {
        assertAgreesWithReference(bytes);
    }

    @Property(tries = 2000)
    void agreesWithJacksonOnJsonShapedNoise(@ForAll("soup") final byte[] bytes)
    {
        assertAgreesWithReference(bytes);
    }

    @Property(tries = 300)
    void agreesWithJacksonOnEveryPrefix(@ForAll("json") final byte[] bytes)
    {
        for (int length = 0; length <= bytes.length; length++)
        {
            assertAgreesWithReference(Arrays.copyOf(bytes, length));
        }
    }

    @Property(tries = 3000)
    void neverThrowsNorReadsOutsideItsWindow(@ForAll("anything") final byte[] bytes,
        @ForAll @IntRange(min = 1, max = 40) final int pad, @ForAll @IntRange(max = 2) final int garbage)
    {
        // exact window: a read outside it throws; guarded window inside garbage: a read outside it throws too,
        // and the garbage (closing quotes and brackets, spaces, stray UTF-8) would change the answer if it were read
        final boolean exact = validator.validate(new UnsafeBuffer(bytes), 0, bytes.length);
        final byte[] backing = new byte[pad + bytes.length + pad];
        for (int i = 0; i < backing.length; i++)
        {
            backing[i] = GARBAGE[garbage][i % GARBAGE[garbage].length];
        }
        System.arraycopy(bytes, 0, backing, pad, bytes.length);
        final CodecFixtures.GuardedBuffer window = new CodecFixtures.GuardedBuffer(backing, pad, pad + bytes.length);
        final boolean guarded = guardedValidator.validate(window, pad, bytes.length);

        assertEquals(exact, guarded, () -> show(bytes));
        assertEquals(validator.errorOffset(), guardedValidator.errorOffset(), () -> show(bytes));
        assertEquals(validator.errorReason(), guardedValidator.errorReason(), () -> show(bytes));
        assertTrue(exact || (validator.errorOffset() >= 0 && validator.errorOffset() <= bytes.length),
            () -> show(bytes) + ": offset " + validator.errorOffset());
    }

    @Property(tries = 200)
    void neverAllocates(@ForAll("anything") final byte[] bytes)
    {
        final java.lang.management.ThreadMXBean platform = ManagementFactory.getThreadMXBean();
        assumeTrue(platform instanceof com.sun.management.ThreadMXBean, "needs com.sun.management.ThreadMXBean");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)platform;
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "thread allocation counting unsupported");
        threads.setThreadAllocatedMemoryEnabled(true);
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        final int calls = 2_000;

        long sink = validateMany(buffer, bytes.length, calls);
        final long before = threads.getCurrentThreadAllocatedBytes();
        sink += validateMany(buffer, bytes.length, calls);
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertTrue(sink != 0);
        assertTrue(allocated < calls, () -> allocated + " bytes allocated over " + calls + " calls on " + show(bytes));
    }

    @Provide
    Arbitrary<byte[]> json()
    {
        return Arbitraries.randomValue(random -> JsonValidatorFixtures.json(random, 6));
    }

    @Provide
    Arbitrary<byte[]> mutated()
    {
        return Arbitraries.randomValue(random ->
            JsonValidatorFixtures.mutate(random, JsonValidatorFixtures.json(random, 4)));
    }

    @Provide
    Arbitrary<byte[]> soup()
    {
        return Arbitraries.randomValue(random -> JsonValidatorFixtures.soup(random, 24));
    }

    @Provide
    Arbitrary<byte[]> anything()
    {
        return Arbitraries.oneOf(json(), mutated(), soup(), Arbitraries.bytes().array(byte[].class).ofMaxSize(64));
    }

    private void assertAgreesWithReference(final byte[] bytes)
    {
        final Verdict expected = reference(bytes);
        final boolean valid = validate(bytes);
        Statistics.collect(expected);
        switch (expected)
        {
            case VALID -> assertTrue(valid, () -> show(bytes) + ": Jackson accepts, validator says " +
                validator.errorReason() + " at " + validator.errorOffset());
            case EMPTY ->
            {
                assertFalse(valid, () -> show(bytes));
                assertEquals(JsonValidator.EMPTY, validator.errorReason(), () -> show(bytes));
            }
            default -> assertFalse(valid, () -> show(bytes) + ": " + expected + " but the validator accepts");
        }
    }

    private boolean validate(final byte[] bytes)
    {
        return validator.validate(CodecFixtures.exactWindow(bytes, 2), 0, bytes.length);
    }

    private long validateMany(final UnsafeBuffer buffer, final int length, final int calls)
    {
        long sink = 1;
        for (int i = 0; i < calls; i++)
        {
            // consumed so the JIT cannot drop the call
            sink += validator.validate(buffer, 0, length) ? 1 : validator.errorOffset() + 2;
        }
        return sink;
    }
}
