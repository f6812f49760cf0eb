package io.ringcast.journal.deadletter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.ringcast.journal.deadletter.DeadLetterReason.CIRCUIT_OPEN;
import static io.ringcast.journal.deadletter.DeadLetterReason.MAX_RETRIES_EXCEEDED;
import static io.ringcast.journal.deadletter.DeadLetterReason.NON_RETRYABLE;
import static io.ringcast.journal.deadletter.DeadLetterReason.SLOW_CONSUMER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadLetterStoreTest
{
    private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration WEEK = Duration.ofDays(7);

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private DeadLetterStore store;

    @AfterEach
    void closeStore()
    {
        if (store != null)
        {
            store.close();
        }
    }

    @Test
    void shouldListNewestFirstWithPagingAndEachFilter()
    {
        store = open("HOURLY", WEEK);
        final DeadLetter first = add("sub-1", "alice", 10, MAX_RETRIES_EXCEEDED);
        final DeadLetter second = add("sub-2", "bob", 11, CIRCUIT_OPEN);
        final DeadLetter third = add("sub-1", "alice", 12, NON_RETRYABLE);
        final DeadLetter fourth = add("sub-3", "bob", 13, MAX_RETRIES_EXCEEDED);
        final DeadLetter fifth = add("sub-1", "carol", 14, SLOW_CONSUMER);

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L),
            Stream.of(first, second, third, fourth, fifth).map(DeadLetter::id).toList());
        assertEquals(5, store.size());
        assertEquals(List.of(fifth, fourth, third, second, first), store.list(DeadLetterQuery.all()).letters());

        final DeadLetterPage page0 = store.list(DeadLetterQuery.all().withPage(0, 2));
        final DeadLetterPage page1 = store.list(DeadLetterQuery.all().withPage(1, 2));
        final DeadLetterPage page2 = store.list(DeadLetterQuery.all().withPage(2, 2));
        final DeadLetterPage page3 = store.list(DeadLetterQuery.all().withPage(3, 2));
        assertEquals(List.of(fifth, fourth), page0.letters());
        assertEquals(List.of(third, second), page1.letters());
        assertEquals(List.of(first), page2.letters());
        assertEquals(List.of(), page3.letters());
        assertEquals(5, page3.total());
        assertTrue(page1.hasNext());
        assertFalse(page2.hasNext());

        assertEquals(List.of(fourth, first),
            store.list(DeadLetterQuery.all().withReason(MAX_RETRIES_EXCEEDED)).letters());
        assertEquals(List.of(fifth, third, first),
            store.list(DeadLetterQuery.all().withSubscriptionId("sub-1")).letters());
        assertEquals(List.of(fourth, second), store.list(DeadLetterQuery.all().withClientId("bob")).letters());
        final DeadLetterPage combined = store.list(
            DeadLetterQuery.all().withSubscriptionId("sub-1").withClientId("alice").withPage(1, 1));
        assertEquals(List.of(first), combined.letters());
        assertEquals(2, combined.total());
    }

    @Test
    void shouldShowOneLetterWithEveryField()
    {
        store = open("HOURLY", WEEK);
        add("sub-1", "alice", 1, CIRCUIT_OPEN);
        final DeadLetter letter = store.add("sub-9", "dave", 42, NON_RETRYABLE, 5,
            1_000L, 9_000L, "HTTP 400: bad payload");
        assertEquals(new DeadLetter(2, "sub-9", "dave", 42, NON_RETRYABLE, 5, 1_000L, 9_000L,
            "HTTP 400: bad payload", 0), store.get(2).orElseThrow());
        assertEquals(letter, store.get(2).orElseThrow());
        assertTrue(store.get(3).isEmpty());
        assertEquals("", store.add("sub-9", "dave", 43, SLOW_CONSUMER, 0, 1, 1, null).lastError());
    }

    @Test
    void shouldMarkRedrivenOnceAndRefuseASecondTime()
    {
        store = open("HOURLY", WEEK);
        add("sub-1", "alice", 10, MAX_RETRIES_EXCEEDED);
        final DeadLetter target = add("sub-2", "bob", 11, CIRCUIT_OPEN);

        clock.advanceMillis(1_500);
        final DeadLetter marked = store.markRedriven(target.id());
        assertTrue(marked.redriven());
        assertEquals(START.toEpochMilli() + 1_500, marked.redrivenMillis());
        assertEquals(marked, store.get(target.id()).orElseThrow());
        assertFalse(store.get(1).orElseThrow().redriven());

        final IllegalStateException again =
            assertThrows(IllegalStateException.class, () -> store.markRedriven(target.id()));
        assertEquals("dead letter 2 was already re-driven at 2026-03-01T10:00:01.500Z", again.getMessage());
        final NoSuchElementException unknown =
            assertThrows(NoSuchElementException.class, () -> store.markRedriven(99));
        assertEquals("no dead letter 99 (unknown, purged or past retention)", unknown.getMessage());
    }

    @Test
    void shouldPurgeLettersWhoseLastFailureIsOlder()
    {
        store = open("HOURLY", WEEK);
        final long now = clock.millis();
        final DeadLetter old = store.add("sub-1", "alice", 1, CIRCUIT_OPEN, 3, now - 5_000, now - 4_000, "e");
        final DeadLetter edge = store.add("sub-1", "alice", 2, CIRCUIT_OPEN, 3, now - 5_000, now - 2_000, "e");
        final DeadLetter young = store.add("sub-1", "alice", 3, CIRCUIT_OPEN, 3, now - 5_000, now - 1_000, "e");

        assertEquals(1, store.purgeOlderThan(now - 2_000));
        assertEquals(List.of(young, edge), store.list(DeadLetterQuery.all()).letters());
        assertTrue(store.get(old.id()).isEmpty());
        assertThrows(NoSuchElementException.class, () -> store.markRedriven(old.id()));
        assertEquals(0, store.purgeOlderThan(now - 2_000));
        assertEquals(2, store.purgeOlderThan(now));
        assertEquals(0, store.size());
    }

    @Test
    void shouldKeepLettersMarksPurgesAndIdSequenceAcrossRestart()
    {
        store = open("HOURLY", WEEK);
        final long now = clock.millis();
        final DeadLetter purged = store.add("sub-1", "alice", 1, CIRCUIT_OPEN, 3, now - 9_000, now - 9_000, "x");
        final DeadLetter kept = store.add("sub-2", "bob", 2, MAX_RETRIES_EXCEEDED, 8, now - 5_000, now - 100, "y");
        final DeadLetter redriven = store.markRedriven(
            store.add("sub-3", "carol", 3, NON_RETRYABLE, 1, now, now, "HTTP 410").id());
        assertEquals(1, store.purgeOlderThan(now - 1_000));
        final List<DeadLetter> before = store.list(DeadLetterQuery.all()).letters();

        store.close();
        store = open("HOURLY", WEEK);

        assertEquals(before, store.list(DeadLetterQuery.all()).letters());
        assertEquals(List.of(redriven, kept), before);
        assertTrue(store.get(purged.id()).isEmpty());
        assertThrows(IllegalStateException.class, () -> store.markRedriven(redriven.id()));
        assertEquals(4, add("sub-4", "dave", 4, SLOW_CONSUMER).id());
    }

    @Test
    void shouldDeleteRollFilesPastRetention()
    {
        store = open("TEST_SECONDLY", Duration.ofSeconds(5));
        final DeadLetter a = add("sub-1", "alice", 1, CIRCUIT_OPEN);
        clock.advanceMillis(2_000);
        final DeadLetter b = add("sub-1", "alice", 2, CIRCUIT_OPEN);
        assertEquals(2, rollFiles().size());

        clock.advanceMillis(10_000);
        final DeadLetter c = add("sub-1", "alice", 3, CIRCUIT_OPEN);

        assertEquals(1, rollFiles().size());
        assertEquals(List.of(c), store.list(DeadLetterQuery.all()).letters());
        assertTrue(store.get(a.id()).isEmpty());
        assertTrue(store.get(b.id()).isEmpty());
        store.close();
        store = open("TEST_SECONDLY", Duration.ofSeconds(5));
        assertEquals(List.of(c), store.list(DeadLetterQuery.all()).letters());
        assertEquals(4, add("sub-1", "alice", 4, CIRCUIT_OPEN).id());
    }

    @Test
    void shouldExpireLettersOfAnIdleStoreAndKeepItsNewestFileForTheIdSequence()
    {
        store = open("TEST_SECONDLY", Duration.ofSeconds(5));
        add("sub-1", "alice", 1, CIRCUIT_OPEN);
        clock.advanceMillis(60_000);
        assertEquals(0, store.size());
        store.close();

        store = open("TEST_SECONDLY", Duration.ofSeconds(5));
        assertEquals(0, store.size());
        assertEquals(1, rollFiles().size());
        assertEquals(2, add("sub-1", "alice", 2, CIRCUIT_OPEN).id());
        assertEquals(1, rollFiles().size());
    }

    @Test
    void shouldDeleteOnlyFilesWhoseLettersAreAllPurgedAndOlderFilesGone()
    {
        store = open("TEST_SECONDLY", Duration.ofMinutes(10));
        final long now = clock.millis();
        final DeadLetter young = store.add("sub-1", "alice", 1, CIRCUIT_OPEN, 1, now, now + 50_000, "late");
        clock.advanceMillis(2_000);
        store.add("sub-1", "alice", 2, CIRCUIT_OPEN, 1, now, now, "early");
        clock.advanceMillis(2_000);
        final DeadLetter last = store.add("sub-1", "alice", 3, CIRCUIT_OPEN, 1, now, now + 50_000, "late");
        assertEquals(3, rollFiles().size());

        assertEquals(1, store.purgeOlderThan(now + 1));
        // The second file holds only a purged letter but the first still holds a live one: all kept,
        // so nothing a restart needs is lost.
        assertEquals(3, rollFiles().size());
        store.close();
        store = open("TEST_SECONDLY", Duration.ofMinutes(10));
        assertEquals(List.of(last, young), store.list(DeadLetterQuery.all()).letters());

        assertEquals(2, store.purgeOlderThan(now + 50_001));
        assertEquals(1, rollFiles().size());
        store.close();
        store = open("TEST_SECONDLY", Duration.ofMinutes(10));
        assertEquals(0, store.size());
        assertEquals(4, add("sub-1", "alice", 4, CIRCUIT_OPEN).id());
    }

    @Test
    void shouldLoseNothingWhenFourThreadsAdd() throws Exception
    {
        store = open("HOURLY", WEEK);
        final int threads = 4;
        final int perThread = 250;
        final CountDownLatch go = new CountDownLatch(1);
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try
        {
            final List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++)
            {
                final String client = "client-" + t;
                final Callable<List<Long>> task = () ->
                {
                    go.await();
                    final List<Long> ids = new ArrayList<>();
                    for (int i = 0; i < perThread; i++)
                    {
                        ids.add(add("sub-" + i, client, i, MAX_RETRIES_EXCEEDED).id());
                    }
                    return ids;
                };
                results.add(pool.submit(task));
            }
            go.countDown();
            final Set<Long> ids = new TreeSet<>();
            for (final Future<List<Long>> result : results)
            {
                ids.addAll(result.get());
            }
            final Set<Long> dense = LongStream.rangeClosed(1, threads * perThread).boxed()
                .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(dense, ids);
        }
        finally
        {
            pool.shutdownNow();
        }
        assertEquals(threads * perThread, store.size());
        store.close();
        store = open("HOURLY", WEEK);
        assertEquals(threads * perThread, store.size());
        assertEquals(perThread, store.list(DeadLetterQuery.all().withClientId("client-3")).total());
    }

    @Test
    void shouldRefuseAFolderThatIsNotAChronicleQueue() throws IOException
    {
        Files.writeString(dir.resolve("notes.txt"), "not a journal");
        Files.createDirectories(dir.resolve("dead-letters"));
        Files.writeString(dir.resolve("dead-letters").resolve("letters.csv"), "id,reason");

        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> open("HOURLY", WEEK));
        assertEquals(dir.resolve("dead-letters") + " is not a Chronicle queue (no metadata.cq4t or *.cq4 file) " +
            "but holds 1 entries: letters.csv", ex.getMessage());
    }

    @Test
    void shouldRefuseADeadLettersPathThatIsAFile() throws IOException
    {
        Files.writeString(dir.resolve("dead-letters"), "oops");
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> open("HOURLY", WEEK));
        assertEquals(dir.resolve("dead-letters") + " is not a directory, so it is not a dead-letter queue",
            ex.getMessage());
    }

    @Test
    void shouldRefuseAChronicleQueueHoldingOtherRecords()
    {
        try (SingleChronicleQueue other = SingleChronicleQueueBuilder.binary(dir.resolve("dead-letters")).build();
            ExcerptAppender appender = other.createAppender())
        {
            appender.writeText("an event, not a dead letter");
        }
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> open("HOURLY", WEEK));
        assertTrue(ex.getMessage().startsWith(dir.resolve("dead-letters") + " does not hold a dead-letter queue: " +
            "document at index 0x"), ex.getMessage());
    }

    @Test
    void shouldRejectAnUnknownRollCycle()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> open("FORTNIGHTLY", WEEK));
        assertTrue(ex.getMessage().startsWith("unknown roll cycle 'FORTNIGHTLY'; valid: "), ex.getMessage());
        assertTrue(ex.getMessage().contains("HOURLY"), ex.getMessage());
    }

    @Test
    void shouldRefuseUseAfterClose()
    {
        store = open("HOURLY", WEEK);
        store.close();
        assertThrows(IllegalStateException.class, () -> store.size());
        store.close();
    }

    private DeadLetterStore open(final String rollCycle, final Duration retention)
    {
        return DeadLetterStore.open(dir, rollCycle, retention, clock);
    }

    private DeadLetter add(final String subscription, final String client, final long seq,
        final DeadLetterReason reason)
    {
        final long now = clock.millis();
        return store.add(subscription, client, seq, reason, 3, now - 1_000, now, "failed: " + reason.code());
    }

    private List<Path> rollFiles()
    {
        try (Stream<Path> files = Files.list(dir.resolve("dead-letters")))
        {
            return files.filter(file -> file.getFileName().toString().endsWith(".cq4")).sorted().toList();
        }
        catch (final IOException ex)
        {
            throw new AssertionError(ex);
        }
    }

    @Test
    void shouldCapTheLastErrorText()
    {
        try (DeadLetterStore store = open("HOURLY", WEEK))
        {
            final String huge = "x".repeat(DeadLetterStore.MAX_ERROR_LENGTH + 10);
            final DeadLetter letter = store.add("s", "c", 1, DeadLetterReason.TIMEOUT, 1, 0, 0, huge);
            assertEquals("x".repeat(DeadLetterStore.MAX_ERROR_LENGTH) + "... (10 more characters)", letter.lastError());
            assertEquals(letter, store.get(letter.id()).orElseThrow());
        }
    }
}
