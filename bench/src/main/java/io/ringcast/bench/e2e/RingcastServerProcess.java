package io.ringcast.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ringcast serve} as a child process, as an operator runs it:
 * {@code java <Chronicle flags> [extra JVM options] -jar ringcast.jar serve --data <tmp> --tcp-port 0 --http-port 0},
 * every server setting at its default. The free ports are read from the endpoint lines it prints
 * ({@code binary TCP ingest on 127.0.0.1:P}, {@code WebSocket subscribers on ws://127.0.0.1:P/ws}); stdout and
 * stderr go to files in its temporary folder. Stopped with SIGTERM (graceful: drains the ring), killed after 30 s.
 * <p>
 * Threads: {@link #start} and {@link #close} on one thread.
 */
final class RingcastServerProcess implements RingcastSystem.Server
{
    /** The JVM flags Chronicle Queue needs on Java 17 (the parent pom's {@code ringcast.jvm.flags}). */
    static final List<String> CHRONICLE_FLAGS = List.of(
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true");

    private static final Pattern TCP = Pattern.compile("binary TCP ingest on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern WS = Pattern.compile("WebSocket subscribers on ws://127\\.0\\.0\\.1:(\\d+)/ws");
    private static final String LAST_ENDPOINT_LINE = "ringcast: auth ";
    private static final long POLL_MILLIS = 50;
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final int LOG_TAIL_CHARS = 4000;

    private final Process process;
    private final Path directory;
    private final Path stdout;
    private final Path stderr;
    private final Thread shutdownHook;
    private int tcpPort = -1;
    private int httpPort = -1;
    private boolean closed;

    private RingcastServerProcess(final Process process, final Path directory, final Path stdout, final Path stderr)
    {
        this.process = process;
        this.directory = directory;
        this.stdout = stdout;
        this.stderr = stderr;
        this.shutdownHook = new Thread(process::destroyForcibly, "stop-ringcast-serve");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts the server from {@code jar} and waits until it printed its endpoints.
     *
     * @throws IllegalStateException when the jar is missing (with the command that builds it), or the server exits
     *                               or prints no endpoints within {@code timeout} (with its output)
     */
    static RingcastServerProcess start(final Path jar, final List<String> jvmOptions, final Duration timeout)
        throws IOException, InterruptedException
    {
        if (!Files.isRegularFile(jar))
        {
            throw new IllegalStateException("the Ringcast server jar " + jar.toAbsolutePath() + " does not exist: " +
                "build it with `mvn -B -q -DskipTests -pl tools -am package` in the repository root, or point " +
                "-D" + RingcastSystem.JAR_PROPERTY + "=PATH (--ringcast-jar) at it");
        }
        final Path directory = Files.createTempDirectory("ringcast-bench-serve-");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(CHRONICLE_FLAGS);
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "serve",
            "--data", directory.resolve("data").toString(), "--tcp-port", "0", "--http-port", "0"));
        final Path out = directory.resolve("serve.out");
        final Path err = directory.resolve("serve.err");
        final Process process = new ProcessBuilder(command).directory(directory.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        process.getOutputStream().close();
        final RingcastServerProcess server = new RingcastServerProcess(process, directory, out, err);
        try
        {
            server.awaitEndpoints(command, timeout);
            return server;
        }
        catch (final IOException | InterruptedException | RuntimeException ex)
        {
            server.close();
            throw ex;
        }
    }

    @Override
    public int tcpPort()
    {
        return tcpPort;
    }

    @Override
    public int httpPort()
    {
        return httpPort;
    }

    @Override
    public long pid()
    {
        return process.pid();
    }

    /** SIGTERM, a kill after 30 s, then the temporary folder is deleted. Idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        process.destroy();
        try
        {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS))
            {
                process.destroyForcibly();
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        catch (final InterruptedException ex)
        {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException ex)
        {
            // the JVM is shutting down and runs the hook itself
        }
        RingcastInProcessServer.delete(directory);
    }

    private void awaitEndpoints(final List<String> command, final Duration timeout)
        throws IOException, InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (true)
        {
            final String text = Files.readString(stdout, StandardCharsets.UTF_8);
            if (text.contains(LAST_ENDPOINT_LINE))
            {
                final Matcher t = TCP.matcher(text);
                final Matcher w = WS.matcher(text);
                if (!t.find() || !w.find())
                {
                    throw new IllegalStateException("ringcast serve printed no TCP or WebSocket endpoint on " +
                        "127.0.0.1: " + output());
                }
                tcpPort = Integer.parseInt(t.group(1));
                httpPort = Integer.parseInt(w.group(1));
                return;
            }
            if (process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS))
            {
                throw new IllegalStateException("ringcast serve exited with code " + process.exitValue() +
                    " before serving (command " + command + "): " + output());
            }
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("ringcast serve printed no endpoints within " + timeout.toSeconds() +
                    " s (command " + command + "): " + output());
            }
        }
    }

    private String output() throws IOException
    {
        return "stdout:\n" + tail(Files.readString(stdout, StandardCharsets.UTF_8)) + "\nstderr:\n" +
            tail(Files.readString(stderr, StandardCharsets.UTF_8));
    }

    private static String tail(final String text)
    {
        return text.length() <= LOG_TAIL_CHARS ? text : "…" + text.substring(text.length() - LOG_TAIL_CHARS);
    }
}
