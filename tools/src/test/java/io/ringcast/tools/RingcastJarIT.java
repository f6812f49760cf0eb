package io.ringcast.tools;

import static io.ringcast.tools.CliFixtures.JSON;
import static io.ringcast.tools.CliFixtures.sampleEvents;
import static io.ringcast.tools.CliFixtures.writeJournal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Runs the shaded jar and the launcher script as a user would, in child processes: {@code java -jar} with no
 * JVM flags, a pipe into {@code head}, and {@code ./ringcast} with its build check. Runs after {@code package}
 * (failsafe), which passes the jar's path and the repository's root as system properties.
 */
class RingcastJarIT
{
    private static final long TIMEOUT_SECONDS = 120;

    private static Path jar;
    private static Path repo;

    @TempDir
    Path tmp;

    @BeforeAll
    static void locate()
    {
        // only failsafe (mvn verify) passes these; surefire picks this class up only when -Dtest names it
        assumeTrue(System.getProperty("ringcast.jar") != null, "an integration test: run by failsafe in mvn verify");
        jar = Path.of(System.getProperty("ringcast.jar")).toAbsolutePath();
        repo = Path.of(System.getProperty("ringcast.repo")).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), "the shaded jar is built in the package phase: " + jar);
    }

    @Test
    void shouldPrintHelpWithoutAnyJvmFlags() throws Exception
    {
        final Run run = run(tmp, Map.of(), java(), "-jar", jar.toString(), "--help");

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("Usage: ringcast [-hV] COMMAND"), run.out());
        assertTrue(run.out().contains("replay") && run.out().contains("dlq"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void shouldReplayARealJournalThroughJavaJar() throws Exception
    {
        final Path data = tmp.resolve("data");
        writeJournal(data, sampleEvents(20));

        final Run run = run(tmp, Map.of(), java(), "-jar", jar.toString(), "replay", "--data", data.toString(),
            "--from-seq", "5", "--to-seq", "16", "--topic", "models.>", "--filter", "even == true");

        assertEquals(0, run.status(), run.err());
        final List<Long> seqs = new ArrayList<>();
        for (final String line : run.out().split("\n"))
        {
            final JsonNode node = JSON.readTree(line);
            seqs.add(node.get("seq").asLong());
            assertEquals(node.get("seq").asLong(), node.get("attrs").get("n").asLong());
            assertEquals(node.get("seq").asLong(), node.get("data").get("v").asLong());
        }
        assertEquals(List.of(8L, 10L, 14L, 16L), seqs);
        // nothing but the summary: no Chronicle banner, no warnings about JVM flags
        final String[] err = run.err().split("\n");
        assertEquals(1, err.length, run.err());
        assertTrue(err[0].startsWith("replay: scanned 12 events, matched 4, in "), run.err());
    }

    @Test
    void shouldEndQuietlyWhenAPipeCloses() throws Exception
    {
        final Path data = tmp.resolve("data");
        writeJournal(data, sampleEvents(100_000));

        final Run run = run(tmp, Map.of(), "bash", "-c",
            "\"$0\" -jar \"$1\" replay --data \"$2\" | head -1; echo \"status=${PIPESTATUS[0]}\"",
            java(), jar.toString(), data.toString());

        final String[] out = run.out().split("\n");
        assertEquals(2, out.length, run.out());
        assertEquals(1, JSON.readTree(out[0]).get("seq").asLong());
        assertEquals("status=0", out[1]);
        // progress lines may come before the first flush reaches head; no summary, no stack trace after it
        for (final String line : run.err().lines().toList())
        {
            assertTrue(line.matches("replay: [0-9,]+ events, at seq [0-9,]+, [0-9,]+ events/s"), run.err());
        }
    }

    @Test
    void shouldRunTheLauncherFromAnywhereThroughASymlink() throws Exception
    {
        final Path link = Files.createSymbolicLink(tmp.resolve("rc"), repo.resolve("ringcast"));
        final Run run;
        try
        {
            run = run(tmp, Map.of("RINGCAST_JAR", jar.toString()), link.toString(), "--version");
        }
        finally
        {
            Files.delete(link); // the link itself, before @TempDir cleans up and warns about links leaving it
        }

        assertEquals(0, run.status(), run.err());
        assertTrue(run.out().startsWith("ringcast "), run.out());
        assertEquals("", run.err());
    }

    @Test
    void shouldBuildOnFirstRunAndRebuildOnlyWhenSourcesChange() throws Exception
    {
        final Path fake = fakeRepo();
        final Path bin = toolsBin(true, true);
        final Map<String, String> env = Map.of("PATH", bin.toString());

        final Run first = run(tmp, env, fake.resolve("ringcast").toString(), "--help");
        assertEquals(0, first.status(), first.err());
        assertEquals("ringcast: building (first run)...\n", first.err());
        assertTrue(first.out().startsWith("Usage: ringcast"), first.out());
        assertEquals("-B -q -DskipTests -Drc.build.dir=target -pl tools -am package\n",
            Files.readString(fake.resolve("mvn-args")));

        Files.delete(fake.resolve("mvn-args"));
        final Run second = run(tmp, env, fake.resolve("ringcast").toString(), "--help");
        assertEquals(0, second.status(), second.err());
        assertEquals("", second.err());
        assertFalse(Files.exists(fake.resolve("mvn-args")));

        final Path source = fake.resolve("journal/src/main/java/J.java");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now().plusSeconds(60)));
        final Run third = run(tmp, env, fake.resolve("ringcast").toString(), "--help");
        assertEquals(0, third.status(), third.err());
        assertEquals("ringcast: building (sources changed)...\n", third.err());
    }

    @Test
    void shouldSayWhatIsMissing() throws Exception
    {
        final Path fake = fakeRepo();

        final Run noMaven = run(tmp, Map.of("PATH", toolsBin(false, true).toString()), fake.resolve("ringcast").toString());
        assertEquals(1, noMaven.status());
        assertEquals("ringcast: " + fake.resolve("tools/target/ringcast.jar") + " needs building (first run) but " +
            "mvn is not installed: install Maven 3.8+\n", noMaven.err());

        final Run noJava = run(tmp, Map.of("PATH", toolsBin(false, false).toString()),
            fake.resolve("ringcast").toString());
        assertEquals(1, noJava.status());
        assertEquals("ringcast: java not found: install a JDK 17 or later, or set JAVA_HOME\n", noJava.err());
    }

    /** A copy of the launcher beside old sources and no jar, as after a fresh clone. */
    private Path fakeRepo() throws IOException
    {
        final Path fake = Files.createDirectories(tmp.resolve("repo"));
        Files.copy(repo.resolve("ringcast"), fake.resolve("ringcast"), StandardCopyOption.COPY_ATTRIBUTES);
        final FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        for (final String module : List.of("engine", "journal", "transport", "tools"))
        {
            final Path source = Files.createDirectories(fake.resolve(module + "/src/main/java"))
                .resolve(Character.toUpperCase(module.charAt(0)) + ".java");
            Files.writeString(source, "class X {}");
            Files.setLastModifiedTime(source, old);
            Files.setLastModifiedTime(Files.writeString(fake.resolve(module + "/pom.xml"), "<project/>"), old);
        }
        Files.setLastModifiedTime(Files.writeString(fake.resolve("pom.xml"), "<project/>"), old);
        return fake;
    }

    /**
     * A PATH holding only what the launcher needs, and java if asked; with a stand-in mvn that records its arguments and
     * "builds" by copying the real jar into place.
     */
    private Path toolsBin(final boolean withMaven, final boolean withJava) throws IOException
    {
        final Path bin = Files.createDirectories(tmp.resolve("bin-" + withMaven + "-" + withJava));
        for (final String tool : List.of("bash", "env", "readlink", "find", "mktemp", "cat", "rm", "touch"))
        {
            wrapper(bin.resolve(tool), which(tool).toString());
        }
        if (withJava)
        {
            wrapper(bin.resolve("java"), java());
        }
        if (withMaven)
        {
            final Path mvn = bin.resolve("mvn");
            Files.writeString(mvn, "#!/bin/bash\n" +
                "echo \"$*\" > mvn-args\n" +
                which("mkdir") + " -p tools/target && " + which("cp") + " '" + jar + "' tools/target/ringcast.jar\n");
            mvn.toFile().setExecutable(true);
        }
        return bin;
    }

    // a script rather than a symlink: @TempDir warns when it deletes links that point out of it
    private static void wrapper(final Path file, final String target) throws IOException
    {
        Files.writeString(file, "#!" + which("bash") + "\nexec '" + target + "' \"$@\"\n");
        file.toFile().setExecutable(true);
    }

    private static Path which(final String tool)
    {
        for (final String dir : List.of("/usr/bin", "/bin", "/usr/local/bin"))
        {
            final Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        throw new IllegalStateException(tool + " not found");
    }

    private static String java()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private record Run(int status, String out, String err)
    {
    }

    private static Run run(final Path cwd, final Map<String, String> env, final String... command) throws Exception
    {
        final ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        builder.environment().remove("RINGCAST_JAVA_OPTS");
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JAVA_HOME");
        builder.environment().putAll(env);
        final Path out = Files.createTempFile(cwd, "out", ".txt");
        final Path err = Files.createTempFile(cwd, "err", ".txt");
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        final Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    }
}
