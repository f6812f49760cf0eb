package io.ringcast.journal.deadletter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * For random sequences of add / re-drive / purge / restart / clock moves, on real Chronicle files with a
 * one-second roll cycle (so files roll, expire and get deleted), the store agrees with a plain map.
 */
class DeadLetterStoreProperties
{
    private static final Instant START = Instant.parse("2026-03-01T10:00:00.250Z");
    private static final long RETENTION_MILLIS = 3_000;
    private static final long CYCLE_MILLIS = 1_000;  // TEST_SECONDLY

    sealed interface Op permits Add, Redrive, Purge, Restart, Advance
    {
    }

    record Add(int subscription, int client, DeadLetterReason reason, int attempts, long agoMillis, long spanMillis)
        implements Op
    {
    }

    /** Re-drives id {@code 1 + pick % nextId}: known, purged, expired or never assigned. */
    record Redrive(int pick) implements Op
    {
    }

    record Purge(long agoMillis) implements Op
    {
    }

    record Restart() implements Op
    {
    }

    record Advance(long millis) implements Op
    {
    }

    @Property(tries = 100)
    void storeAgreesWithInMemoryModel(@ForAll("operations") final List<Op> ops) throws IOException
    {
        final Path dir = Files.createTempDirectory("ringcast-dlq-property");
        final MutableClock clock = new MutableClock(START);
        final Model model = new Model();
        DeadLetterStore store = open(dir, clock);
        try
        {
            for (int i = 0; i < ops.size(); i++)
            {
                final Op op = ops.get(i);
                final String at = "step " + i + " " + op;
                final long now = clock.millis();
                model.expire(now);
                if (op instanceof Add add)
                {
                    final long last = now - add.agoMillis();
                    final DeadLetter expected = new DeadLetter(model.nextId, "sub-" + add.subscription(),
                        "client-" + add.client(), i, add.reason(), add.attempts(), last - add.spanMillis(), last,
                        "error " + i, 0);
                    final DeadLetter actual = store.add(expected.subscriptionId(), expected.clientId(),
                        expected.seq(), expected.reason(), expected.attempts(), expected.firstFailureMillis(),
                        expected.lastFailureMillis(), expected.lastError());
                    assertEquals(expected, actual, at);
                    model.add(expected, now);
                }
                else if (op instanceof Redrive redrive)
                {
                    final long id = 1 + redrive.pick() % model.nextId;
                    final DeadLetter held = model.letters.get(id);
                    final DeadLetterStore current = store;
                    if (held == null)
                    {
                        assertThrows(NoSuchElementException.class, () -> current.markRedriven(id), at);
                    }
                    else if (held.redriven())
                    {
                        assertThrows(IllegalStateException.class, () -> current.markRedriven(id), at);
                    }
                    else
                    {
                        final DeadLetter expected = held.withRedriven(now);
                        assertEquals(expected, store.markRedriven(id), at);
                        model.letters.put(id, expected);
                    }
                }
                else if (op instanceof Purge purge)
                {
                    final long before = now - purge.agoMillis();
                    assertEquals(model.purge(before), store.purgeOlderThan(before), at);
                }
                else if (op instanceof Restart)
                {
                    store.close();
                    store = open(dir, clock);
                }
                else if (op instanceof Advance advance)
                {
                    clock.advanceMillis(advance.millis());
                }
                assertAgrees(model, store, clock.millis(), at);
            }
            store.close();
            store = open(dir, clock);
            assertAgrees(model, store, clock.millis(), "after final restart");
            assertEquals(model.nextId, store.add("s", "c", 0, DeadLetterReason.TIMEOUT, 1, 0, 0, "").id(),
                "id sequence continues");
        }
        finally
        {
            store.close();
            deleteRecursively(dir);
        }
    }

    @Provide
    Arbitrary<List<Op>> operations()
    {
        final Arbitrary<Op> add = Combinators.combine(
            Arbitraries.integers().between(0, 3),
            Arbitraries.integers().between(0, 2),
            Arbitraries.of(DeadLetterReason.class),
            Arbitraries.integers().between(0, 10),
            millis(6_000),
            millis(3_000)).as(Add::new);
        final Arbitrary<Op> redrive = Arbitraries.integers().between(0, 1_000).map(Redrive::new);
        final Arbitrary<Op> purge = millis(6_000).map(Purge::new);
        final Arbitrary<Op> restart = Arbitraries.just(new Restart());
        final Arbitrary<Op> advance = millis(2_500).map(Advance::new);
        return Arbitraries.frequencyOf(
            Tuple.of(8, add),
            Tuple.of(3, redrive),
            Tuple.of(2, purge),
            Tuple.of(2, restart),
            Tuple.of(4, advance))
            .list().ofMinSize(10).ofMaxSize(40);
    }

    /** Uniform, because the default leans to small values and the clock would then hardly move. */
    private static Arbitrary<Long> millis(final long max)
    {
        return Arbitraries.longs().between(0, max).withDistribution(RandomDistribution.uniform());
    }

    private static void assertAgrees(final Model model, final DeadLetterStore store, final long now, final String at)
    {
        model.expire(now);
        final List<DeadLetter> expected = new ArrayList<>(model.letters.descendingMap().values());
        assertEquals(expected, store.list(DeadLetterQuery.all().withPage(0, DeadLetterQuery.MAX_PAGE_SIZE)).letters(),
            at);
        assertEquals(expected.size(), store.size(), at);
    }

    private static DeadLetterStore open(final Path dir, final MutableClock clock)
    {
        return DeadLetterStore.open(dir, "TEST_SECONDLY", Duration.ofMillis(RETENTION_MILLIS), clock);
    }

    private static void deleteRecursively(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path path : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The obvious implementation: a map of live letters, the cycle each was added in, the next id. */
    private static final class Model
    {
        final TreeMap<Long, DeadLetter> letters = new TreeMap<>();
        final Map<Long, Long> addedCycle = new HashMap<>();
        long nextId = 1;

        void add(final DeadLetter letter, final long nowMillis)
        {
            letters.put(letter.id(), letter);
            addedCycle.put(letter.id(), Math.floorDiv(nowMillis, CYCLE_MILLIS));
            nextId++;
        }

        int purge(final long beforeMillis)
        {
            final int before = letters.size();
            letters.values().removeIf(letter -> letter.lastFailureMillis() < beforeMillis);
            return before - letters.size();
        }

        /** A letter lives while its cycle has not wholly ended more than the retention ago. */
        void expire(final long nowMillis)
        {
            final long firstRetainedCycle = Math.floorDiv(nowMillis - RETENTION_MILLIS, CYCLE_MILLIS);
            letters.keySet().removeIf(id -> addedCycle.get(id) < firstRetainedCycle);
        }
    }
}
