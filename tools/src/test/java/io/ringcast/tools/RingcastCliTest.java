package io.ringcast.tools;

import static io.ringcast.tools.CliFixtures.run;
import static io.ringcast.tools.CliFixtures.sampleEvents;
import static io.ringcast.tools.CliFixtures.writeJournal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.tools.CliFixtures.Result;

class RingcastCliTest
{
    @TempDir
    Path dir;

    @Test
    void shouldPrintHelpListingTheCommands()
    {
        final Result result = run("--help");

        assertEquals(0, result.status());
        assertTrue(result.out().startsWith("Usage: ringcast [-hV] COMMAND"), result.out());
        assertTrue(result.out().contains("  replay  "), result.out());
        assertTrue(result.out().contains("  dlq  "), result.out());
        assertTrue(result.out().contains("Exit status: 0 success, 1 failure, 2 usage error."), result.out());
        assertEquals("", result.err());
    }

    @Test
    void shouldPrintHelpOfEachCommand()
    {
        final Result replay = run("replay", "--help");
        assertEquals(0, replay.status());
        for (final String option : List.of("--data=DIR", "--from-seq=N", "--from-time=ISO", "--to-seq=M",
            "--topic=PATTERN", "--filter=EXPR", "--format=json|binary", "--quiet"))
        {
            assertTrue(replay.out().contains(option), option + " in " + replay.out());
        }
        assertTrue(run("dlq", "list", "--help").out().contains("--page-size=N"));
        assertTrue(run("dlq", "purge", "--help").out().contains("--older-than=TIME|AGE"));
    }

    @Test
    void shouldPrintTheVersion()
    {
        final Result result = run("--version");

        assertEquals(0, result.status());
        assertTrue(result.out().startsWith("ringcast "), result.out());
        assertTrue(result.out().contains("Java " + System.getProperty("java.version")), result.out());
    }

    @Test
    void shouldAnswerUsageErrorsWithOneLineAndStatusTwo()
    {
        assertUsage(run("frobnicate"),
            "ringcast: Unmatched argument at index 0: 'frobnicate' (see 'ringcast --help')");
        assertUsage(run("replay", "--data", dir.toString(), "--bogus"),
            "ringcast replay: Unknown option: '--bogus' (see 'ringcast replay --help')");
        assertUsage(run("replay"),
            "ringcast replay: Missing required option: '--data=DIR' (see 'ringcast replay --help')");
        assertUsage(run("replay", "--data", dir.toString(), "--format", "xml"),
            "ringcast replay: Invalid value for option '--format': expected one of [JSON, BINARY] (case-insensitive) " +
            "but was 'xml' (see 'ringcast replay --help')");
        final Result noCommand = run();
        assertEquals(2, noCommand.status());
        assertTrue(noCommand.err().startsWith("Usage: ringcast"), noCommand.err());
        assertTrue(noCommand.err().endsWith("ringcast: missing COMMAND\n"), noCommand.err());
    }

    @Test
    void shouldRejectConflictingOrInvalidReplayOptions() throws Exception
    {
        writeJournal(dir, sampleEvents(3));
        final String data = dir.toString();

        assertUsage(run("replay", "--data", data, "--from-seq", "2", "--from-time", "2026-01-01T00:00:00Z"),
            "ringcast replay: --from-seq and --from-time cannot be used together: start at a seq or at a time " +
            "(see 'ringcast replay --help')");
        assertUsage(run("replay", "--data", data, "--from-time", "2026-13-01T00:00:00Z"),
            "ringcast replay: --from-time: '2026-13-01T00:00:00Z' is not an ISO-8601 time " +
            "(e.g. 2026-05-01T12:00:00Z) (see 'ringcast replay --help')");
        assertUsage(run("replay", "--data", data, "--topic", "models..x"),
            "ringcast replay: --topic: topic pattern 'models..x' has an empty segment #2 (see 'ringcast replay --help')");
        assertUsage(run("replay", "--data", data, "--topic", "models.>.x"),
            "ringcast replay: --topic: '>' may only be the last segment of 'models.>.x' " +
            "(see 'ringcast replay --help')");
        assertUsage(run("replay", "--data", data, "--filter", "severity === \"high\""),
            "ringcast replay: --filter: column 10: expected a comparison operator after 'severity', found '===' " +
            "(see 'ringcast replay --help')");
        assertUsage(run("replay", "--data", data, "--filter", "{\"field\":\"a\",\"op\":\"nope\",\"value\":1}"),
            "ringcast replay: --filter: op: unknown operator \"nope\" (expected equals, notEquals, contains, " +
            "notContains, startsWith, endsWith, greaterThan, greaterThanOrEquals, lessThan, lessThanOrEquals, in, " +
            "notIn, matches or ==, !=, >, >=, <, <=) (see 'ringcast replay --help')");
        assertUsage(run("replay", "--data", data, "--from-seq", "10", "--to-seq", "9"),
            "ringcast replay: --to-seq 9 is below --from-seq 10 (see 'ringcast replay --help')");
        assertUsage(run("replay", "--data", data, "--from-seq", "-1"),
            "ringcast replay: --from-seq must be 0 or more, was -1 (see 'ringcast replay --help')");
    }

    @Test
    void shouldFailWithoutAJournal() throws Exception
    {
        final Path missing = dir.resolve("missing");
        assertFailure(run("replay", "--data", missing.toString()),
            "ringcast replay: no journal at " + missing + " (the folder does not exist)");
        assertFalse(Files.exists(missing));

        final Path empty = Files.createDirectories(dir.resolve("empty"));
        assertFailure(run("replay", "--data", empty.toString()),
            "ringcast replay: no journal at " + empty + " (the folder is empty)");
        assertEquals(0, Files.list(empty).count());

        final Path foreign = Files.createDirectories(dir.resolve("foreign"));
        Files.writeString(foreign.resolve("photo.jpg"), "not a journal");
        assertFailure(run("replay", "--data", foreign.toString()),
            "ringcast replay: " + foreign + " is not a Ringcast journal: the folder is not empty and has no " +
            "ringcast-journal.properties");

        final Path file = Files.writeString(dir.resolve("file.txt"), "x");
        assertFailure(run("replay", "--data", file.toString()),
            "ringcast replay: " + file + " is not a Ringcast journal: it is a file, not a directory");
    }

    @Test
    void shouldStopQuietlyWhenTheOutputIsClosed() throws Exception
    {
        writeJournal(dir, sampleEvents(50_000));
        final int[] written = { 0 };
        // a pipe whose reader went away after the first chunk, as `ringcast replay ... | head -1`
        final OutputStream closingPipe = new OutputStream()
        {
            @Override
            public void write(final int b) throws IOException
            {
                write(new byte[] { (byte)b }, 0, 1);
            }

            @Override
            public void write(final byte[] b, final int off, final int len) throws IOException
            {
                if (written[0] > 0)
                {
                    throw new IOException("Broken pipe");
                }
                written[0] += len;
            }
        };
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status = RingcastCli.run(new String[] { "replay", "--data", dir.toString() },
            new PrintStream(closingPipe, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            Clock.systemUTC(), System::nanoTime);

        assertEquals(0, status);
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    private static void assertUsage(final Result result, final String message)
    {
        assertEquals(2, result.status(), result.err());
        assertEquals(List.of(message), result.errLines());
        assertEquals("", result.out());
    }

    private static void assertFailure(final Result result, final String message)
    {
        assertEquals(1, result.status(), result.err());
        assertEquals(List.of(message), result.errLines());
        assertEquals("", result.out());
    }
}
