package io.ringcast.bench.e2e;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A peer server (nats-server, mosquitto) run as a child process for the benchmark: finds its binary, picks free
 * loopback ports, writes its config into a fresh temporary directory, starts it with its output in a log file there,
 * waits until every port accepts connections, and on {@link #close} stops it (SIGTERM, then a kill after a grace
 * period) and deletes the directory. A JVM shutdown hook stops it too if the harness exits without closing.
 * <p>
 * Threads: {@link #start} and {@link #close} from one thread (the harness's main thread); the accessors from any.
 */
public final class PeerProcess implements AutoCloseable
{
    /** What to tell a user whose machine lacks the peers. */
    public static final String INSTALL_HINT = "install with apt-get install -y nats-server mosquitto";

    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/local/bin",
        "/usr/bin");
    private static final int START_ATTEMPTS = 3;
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int PROBE_CONNECT_MILLIS = 200;
    private static final long POLL_MILLIS = 20;
    private static final int LOG_TAIL_CHARS = 4000;

    private final String name;
    private final Process process;
    private final Path directory;
    private final Path log;
    private final int[] ports;
    private final Thread shutdownHook;
    private boolean closed;

    private PeerProcess(final String name, final Process process, final Path directory, final Path log,
        final int[] ports)
    {
        this.name = name;
        this.process = process;
        this.directory = directory;
        this.log = log;
        this.ports = ports;
        this.shutdownHook = new Thread(this::stopProcess, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Finds an executable named {@code binaryName} on the {@code PATH} or in the usual system directories
     * ({@code /usr/sbin} holds both peers on Debian and Ubuntu but is often missing from a user's {@code PATH}).
     *
     * @throws IllegalStateException naming the directories searched and how to install the peers
     */
    public static Path findBinary(final String binaryName)
    {
        final List<String> dirs = new ArrayList<>();
        final String path = System.getenv("PATH");
        if (path != null)
        {
            for (final String dir : path.split(File.pathSeparator))
            {
                if (!dir.isEmpty())
                {
                    dirs.add(dir);
                }
            }
        }
        dirs.addAll(EXTRA_DIRS);
        for (final String dir : dirs)
        {
            final Path candidate = Path.of(dir, binaryName);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate))
            {
                return candidate;
            }
        }
        throw new IllegalStateException(binaryName + " not found on PATH or in " + EXTRA_DIRS + ": " + INSTALL_HINT);
    }

    /** True when {@link #findBinary} would find {@code binaryName} (tests skip without it). */
    public static boolean isInstalled(final String binaryName)
    {
        try
        {
            findBinary(binaryName);
            return true;
        }
        catch (final IllegalStateException ex)
        {
            return false;
        }
    }

    /**
     * Runs {@code binary} with {@code arguments} and returns the first non-empty line it prints (stdout and stderr),
     * e.g. {@code nats-server: v2.9.10} for {@code --version}. Waits at most 10 s; the exit code is ignored because
     * {@code mosquitto -h} prints its version and exits with 3.
     */
    public static String firstOutputLine(final Path binary, final String... arguments)
    {
        final List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(List.of(arguments));
        try
        {
            final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            final byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS))
            {
                p.destroyForcibly();
            }
            for (final String line : new String(out, StandardCharsets.UTF_8).split("\n"))
            {
                if (!line.isBlank())
                {
                    return line.trim();
                }
            }
            return binary.getFileName() + " (version unknown: no output from " + command + ")";
        }
        catch (final IOException ex)
        {
            return binary.getFileName() + " (version unknown: " + ex.getMessage() + ")";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return binary.getFileName() + " (version unknown: interrupted)";
        }
    }

    /**
     * Starts a peer and returns once each of its {@code portCount} loopback ports accepts TCP connections.
     * <p>
     * The ports are picked free just before the start, so another process may take one in between; when the peer
     * exits before its ports open, the start is retried (up to 3 times) with fresh ports.
     *
     * @param binary         the executable (see {@link #findBinary})
     * @param portCount      free loopback ports to pick
     * @param configFileName name of the config file in the temporary directory
     * @param config         the config text for the picked ports
     * @param arguments      the command-line arguments given the config file's path
     * @param startTimeout   how long to wait for the ports to accept connections
     * @throws IllegalStateException when it exits or does not open its ports in time, with the tail of its log
     */
    public static PeerProcess start(final Path binary, final int portCount, final String configFileName,
        final Function<int[], String> config, final Function<Path, List<String>> arguments,
        final Duration startTimeout) throws IOException, InterruptedException
    {
        final String name = binary.getFileName().toString();
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++)
        {
            final Path directory = Files.createTempDirectory("ringcast-bench-" + name + "-");
            final int[] ports = freeLoopbackPorts(portCount);
            final Path configFile = directory.resolve(configFileName);
            Files.writeString(configFile, config.apply(ports), StandardCharsets.UTF_8);
            final Path log = directory.resolve(name + ".log");
            final List<String> command = new ArrayList<>();
            command.add(binary.toString());
            command.addAll(arguments.apply(configFile));
            final Process process = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            final PeerProcess peer = new PeerProcess(name, process, directory, log, ports);
            final String problem = peer.awaitPorts(startTimeout);
            if (problem == null)
            {
                return peer;
            }
            failure = new IllegalStateException(name + " " + problem + " (command " + command + "); its log:\n" +
                peer.logTail());
            final boolean exited = !process.isAlive();
            peer.close();
            if (!exited)
            {
                break;
            }
        }
        throw failure;
    }

    /** The executable's file name, e.g. {@code nats-server}. */
    public String name()
    {
        return name;
    }

    /** The process id (for CPU time from {@code /proc/<pid>/stat}). */
    public long pid()
    {
        return process.pid();
    }

    /** Loopback port {@code index} of those picked at start, in the order the config used them. */
    public int port(final int index)
    {
        return ports[index];
    }

    /** The temporary directory holding the config and the log (deleted by {@link #close}). */
    public Path directory()
    {
        return directory;
    }

    /** True while the process runs. */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /** The last few thousand characters of the process's output (for error messages). Reads the log file. */
    public String logTail()
    {
        try
        {
            final String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() <= LOG_TAIL_CHARS ? text : "…" + text.substring(text.length() - LOG_TAIL_CHARS);
        }
        catch (final IOException ex)
        {
            return "(log " + log + " unreadable: " + ex.getMessage() + ")";
        }
    }

    /** Stops the process (SIGTERM, a kill after 5 s) and deletes its directory. Idempotent. */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        stopProcess();
        try
        {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        }
        catch (final IllegalStateException ex)
        {
            // the JVM is already shutting down and runs the hook itself
        }
        deleteDirectory();
    }

    private String awaitPorts(final Duration timeout) throws InterruptedException
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        for (final int port : ports)
        {
            while (!accepts(port))
            {
                if (process.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS))
                {
                    return "exited with code " + process.exitValue() + " before 127.0.0.1:" + port +
                        " accepted connections";
                }
                if (System.nanoTime() - deadline > 0)
                {
                    return "did not accept connections on 127.0.0.1:" + port + " within " + timeout.toMillis() +
                        " ms";
                }
            }
        }
        return null;
    }

    private static boolean accepts(final int port)
    {
        try (Socket socket = new Socket())
        {
            socket.connect(new InetSocketAddress("127.0.0.1", port), PROBE_CONNECT_MILLIS);
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }

    private static int[] freeLoopbackPorts(final int count) throws IOException
    {
        // all held open together so the same port is not handed out twice
        final ServerSocket[] sockets = new ServerSocket[count];
        try
        {
            final int[] ports = new int[count];
            for (int i = 0; i < count; i++)
            {
                sockets[i] = new ServerSocket();
                sockets[i].setReuseAddress(true);
                sockets[i].bind(new InetSocketAddress("127.0.0.1", 0));
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        }
        finally
        {
            for (final ServerSocket socket : sockets)
            {
                if (socket != null)
                {
                    socket.close();
                }
            }
        }
    }

    private void stopProcess()
    {
        if (!process.isAlive())
        {
            return;
        }
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
    }

    private void deleteDirectory()
    {
        try (Stream<Path> paths = Files.walk(directory))
        {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(p);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("could not delete " + directory, ex);
        }
    }
}
