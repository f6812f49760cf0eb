package io.ringcast.tools;

import static io.ringcast.tools.CliFixtures.T0;
import static io.ringcast.tools.CliFixtures.run;
import static io.ringcast.tools.CliFixtures.sampleEvents;
import static io.ringcast.tools.CliFixtures.writeJournal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.ringcast.journal.deadletter.DeadLetterReason;
import io.ringcast.journal.deadletter.DeadLetterStore;
import io.ringcast.tools.CliFixtures.Result;

class DlqCommandTest
{
    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    @TempDir
    Path dir;

    @BeforeEach
    void writeJournalWithDeadLetters()
    {
        writeJournal(dir, sampleEvents(20));
        try (DeadLetterStore store = DeadLetterStore.open(dir, "HOURLY", Duration.ofDays(30),
            Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC)))
        {
            store.add("sub-1", "user-42", 5, DeadLetterReason.MAX_RETRIES_EXCEEDED, 5, T0 - 2 * HOUR, T0 - HOUR,
                "HTTP 503 Service Unavailable");
            store.add("sub-2", "user-7", 9, DeadLetterReason.TIMEOUT, 1, T0 - 10 * DAY, T0 - 10 * DAY,
                "read timed out\nafter 10000 ms");
            store.add("sub-1", "user-42", 12, DeadLetterReason.CIRCUIT_OPEN, 0, T0 - 3 * DAY, T0 - 3 * DAY, "");
            store.markRedriven(1);
        }
    }

    @Test
    void shouldListNewestFirstAsAnAlignedTable()
    {
        final Result result = run("dlq", "list", "--data", dir.toString());

        assertEquals(0, result.status(), result.err());
        assertEquals(List.of(
            "ID  SEQ  REASON                ATTEMPTS  SUBSCRIPTION  CLIENT   LAST FAILURE          REDRIVEN" +
                "              LAST ERROR",
            "3   12   circuit_open          0         sub-1         user-42  2025-12-29T00:00:00Z  -",
            "2   9    timeout               1         sub-2         user-7   2025-12-22T00:00:00Z  -" +
                "                     read timed out after 10000 ms",
            "1   5    max_retries_exceeded  5         sub-1         user-42  2025-12-31T23:00:00Z  " +
                "2026-01-01T00:00:00Z  HTTP 503 Service Unavailable",
            "page 1 of 1, 3 dead letters, newest first"), lines(result.out()));
        assertEquals("", result.err());
    }

    @Test
    void shouldFilterByReasonSubscriptionAndClient()
    {
        assertEquals(List.of(2L), ids(run("dlq", "list", "--data", dir.toString(), "--reason", "timeout",
            "--format", "json")));
        assertEquals(List.of(3L, 1L), ids(run("dlq", "list", "--data", dir.toString(), "--subscription", "sub-1",
            "--format", "json")));
        assertEquals(List.of(2L), ids(run("dlq", "list", "--data", dir.toString(), "--client", "user-7",
            "--format", "json")));
        assertEquals(List.of(3L), ids(run("dlq", "list", "--data", dir.toString(), "--client", "user-42",
            "--reason", "circuit_open", "--format", "json")));
        assertEquals(List.of("no dead letters match"),
            lines(run("dlq", "list", "--data", dir.toString(), "--client", "nobody").out()));
    }

    @Test
    void shouldPageWithAFooterNamingTheNextPage()
    {
        final Result first = run("dlq", "list", "--data", dir.toString(), "--page-size", "2");
        final List<String> firstLines = lines(first.out());
        assertEquals(4, firstLines.size());
        assertEquals("page 1 of 2, 3 dead letters, newest first; next: --page 2", firstLines.get(3));

        final Result second = run("dlq", "list", "--data", dir.toString(), "--page-size", "2", "--page", "2");
        assertEquals("page 2 of 2, 3 dead letters, newest first", lines(second.out()).get(2));
        assertTrue(lines(second.out()).get(1).startsWith("1   5 "), second.out());

        assertEquals(List.of("no dead letters on page 9 (3 dead letters on 2 pages)"),
            lines(run("dlq", "list", "--data", dir.toString(), "--page-size", "2", "--page", "9").out()));
    }

    @Test
    void shouldListOneJsonObjectPerLine() throws Exception
    {
        final Result result = run("dlq", "list", "--data", dir.toString(), "--format", "json");

        final List<JsonNode> letters = result.jsonLines();
        assertEquals(3, letters.size());
        final JsonNode redriven = letters.get(2);
        assertEquals(1, redriven.get("id").asLong());
        assertEquals("sub-1", redriven.get("subscriptionId").asText());
        assertEquals("user-42", redriven.get("clientId").asText());
        assertEquals(5, redriven.get("seq").asLong());
        assertEquals("max_retries_exceeded", redriven.get("reason").asText());
        assertEquals(5, redriven.get("attempts").asInt());
        assertEquals(T0 - 2 * HOUR, redriven.get("firstFailureMillis").asLong());
        assertEquals(T0 - HOUR, redriven.get("lastFailureMillis").asLong());
        assertEquals("HTTP 503 Service Unavailable", redriven.get("lastError").asText());
        assertTrue(redriven.get("redriven").asBoolean());
        assertEquals(T0, redriven.get("redrivenMillis").asLong());
        assertEquals("read timed out\nafter 10000 ms", letters.get(1).get("lastError").asText());
        assertFalse(letters.get(1).get("redriven").asBoolean());
    }

    @Test
    void shouldShowOneLetterWithItsEvent() throws Exception
    {
        final Result result = run("dlq", "show", "--data", dir.toString(), "2");

        assertEquals(0, result.status(), result.err());
        final List<String> lines = lines(result.out());
        assertEquals(List.of(
            "id:             2",
            "seq:            9",
            "reason:         timeout",
            "attempts:       1",
            "subscription:   sub-2",
            "client:         user-7",
            "first failure:  2025-12-22T00:00:00Z",
            "last failure:   2025-12-22T00:00:00Z",
            "redriven:       no",
            "last error:     read timed out",
            "                after 10000 ms"), lines.subList(0, 11));
        assertTrue(lines.get(11).startsWith("event:          {\"seq\":9,\"topic\":\"users.42.tasks\",\"id\":\"evt-9\""),
            lines.get(11));

        final JsonNode json = run("dlq", "show", "--data", dir.toString(), "1", "--format", "json").jsonLines().get(0);
        assertEquals(1, json.get("id").asLong());
        assertEquals(5, json.get("event").get("seq").asLong());
        assertEquals(5, json.get("event").get("data").get("v").asInt());
    }

    @Test
    void shouldSayWhenTheJournalNoLongerHoldsTheEvent() throws Exception
    {
        try (DeadLetterStore store = DeadLetterStore.open(dir, "HOURLY", Duration.ofDays(30),
            Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC)))
        {
            store.add("sub-3", "user-1", 999, DeadLetterReason.NON_RETRYABLE, 1, T0, T0, "HTTP 400");
        }

        assertTrue(run("dlq", "show", "--data", dir.toString(), "4").out()
            .contains("event:          (no longer in the journal: past retention)"));
        assertTrue(run("dlq", "show", "--data", dir.toString(), "4", "--format", "json").jsonLines().get(0)
            .get("event").isNull());
    }

    @Test
    void shouldFailToShowAnUnknownLetter()
    {
        final Result result = run("dlq", "show", "--data", dir.toString(), "77");

        assertEquals(1, result.status());
        assertEquals(List.of("ringcast dlq show: no dead letter 77 in " + dir + " (unknown, purged or past retention)"),
            result.errLines());
        assertEquals("", result.out());
    }

    @Test
    void shouldPurgeOlderThanAnAge() throws Exception
    {
        final Result result = run("dlq", "purge", "--data", dir.toString(), "--older-than", "7d");

        assertEquals(0, result.status(), result.err());
        assertEquals("purged 1 dead letter last failed before 2025-12-25T00:00:00Z\n", result.out());
        assertEquals(List.of(3L, 1L), ids(run("dlq", "list", "--data", dir.toString(), "--format", "json")));
    }

    @Test
    void shouldPurgeOlderThanAnIsoTime() throws Exception
    {
        final Result result = run("dlq", "purge", "--data", dir.toString(), "--older-than", "2025-12-31T00:00:00Z");

        assertEquals("purged 2 dead letters last failed before 2025-12-31T00:00:00Z\n", result.out());
        assertEquals(List.of(1L), ids(run("dlq", "list", "--data", dir.toString(), "--format", "json")));
    }

    @Test
    void shouldRejectBadArgumentsAsUsageErrors()
    {
        assertUsage(run("dlq", "list", "--data", dir.toString(), "--reason", "bogus"),
            "ringcast dlq list: --reason: unknown dead-letter reason 'bogus'; valid codes: max_retries_exceeded, " +
            "circuit_open, non_retryable, slow_consumer, timeout, endpoint_gone, user_offline, hold_capacity " +
            "(see 'ringcast dlq list --help')");
        assertUsage(run("dlq", "list", "--data", dir.toString(), "--page", "0"),
            "ringcast dlq list: --page must be 1 or more, was 0 (see 'ringcast dlq list --help')");
        assertUsage(run("dlq", "list", "--data", dir.toString(), "--page-size", "1001"),
            "ringcast dlq list: --page-size must be 1..1000, was 1001 (see 'ringcast dlq list --help')");
        assertUsage(run("dlq", "purge", "--data", dir.toString(), "--older-than", "last week"),
            "ringcast dlq purge: --older-than: 'last week' is neither an ISO-8601 time (e.g. 2026-05-01T12:00:00Z) " +
            "nor an age (e.g. 7d, 12h, 30m, 90s, PT12H) (see 'ringcast dlq purge --help')");
        assertUsage(run("dlq", "purge", "--data", dir.toString()),
            "ringcast dlq purge: Missing required option: '--older-than=TIME|AGE' (see 'ringcast dlq purge --help')");
        assertUsage(run("dlq", "show", "--data", dir.toString(), "x"),
            "ringcast dlq show: Invalid value for positional parameter at index 0 (ID): 'x' is not a long " +
            "(see 'ringcast dlq show --help')");
        final Result noCommand = run("dlq");
        assertEquals(2, noCommand.status());
        assertTrue(noCommand.err().endsWith("ringcast dlq: missing COMMAND (list, show or purge)\n"), noCommand.err());
    }

    @Test
    void shouldReportAJournalWithoutDeadLettersAsEmptyAndCreateNothing() throws Exception
    {
        final Path other = dir.resolve("other");
        writeJournal(other, sampleEvents(1));

        assertEquals(List.of("no dead letters"), lines(run("dlq", "list", "--data", other.toString()).out()));
        assertEquals(1, run("dlq", "show", "--data", other.toString(), "1").status());
        assertEquals("purged 0 dead letters last failed before 2025-12-31T00:00:00Z\n",
            run("dlq", "purge", "--data", other.toString(), "--older-than", "1d").out());
        assertFalse(Files.exists(other.resolve(DeadLetterStore.FOLDER)));
    }

    @Test
    void shouldRefuseMissingAndForeignFolders() throws Exception
    {
        final Result missing = run("dlq", "list", "--data", dir.resolve("nope").toString());
        assertEquals(1, missing.status());
        assertEquals(List.of("ringcast dlq list: no journal at " + dir.resolve("nope") + " (the folder does not exist)"),
            missing.errLines());

        final Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("notes.txt"), "hello");
        final Result refused = run("dlq", "list", "--data", foreign.toString());
        assertEquals(1, refused.status());
        assertEquals(List.of("ringcast dlq list: " + foreign + " is not a Ringcast journal: the folder is not empty " +
            "and has no ringcast-journal.properties"), refused.errLines());
        assertFalse(Files.exists(foreign.resolve(DeadLetterStore.FOLDER)));
    }

    private static void assertUsage(final Result result, final String message)
    {
        assertEquals(2, result.status(), result.err());
        assertEquals(List.of(message), result.errLines());
    }

    private static List<String> lines(final String text)
    {
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private static List<Long> ids(final Result result)
    {
        assertEquals(0, result.status(), result.err());
        final List<Long> ids = new ArrayList<>();
        try
        {
            for (final JsonNode node : result.jsonLines())
            {
                ids.add(node.get("id").asLong());
            }
        }
        catch (final Exception ex)
        {
            throw new AssertionError(result.out(), ex);
        }
        return ids;
    }
}
