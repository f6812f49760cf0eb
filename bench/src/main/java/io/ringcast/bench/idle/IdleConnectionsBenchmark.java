package io.ringcast.bench.idle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * How much memory the server spends per idle WebSocket connection. Not JMH: a main program that starts the real
 * server ({@link IdleServer}) in one child JVM and the clients ({@link IdleClients}) in another (each process may
 * hold 20,000 open files here), opens N idle connections with one subscription each, and reports the server's
 * heap after full GC, direct memory and RSS, loaded minus baseline, divided by N.
 * <pre>
 * java -cp bench/target/benchmarks.jar io.ringcast.bench.idle.IdleConnectionsBenchmark --connections 10000
 *     [--server-heap 1g] [--server-jvm-args "-XX:+UseParallelGC"] [--concurrency 256] [--histo 25]
 * </pre>
 * {@code --histo K} prints the top K lines of {@code jmap -histo:live} of the server while loaded.
 */
public final class IdleConnectionsBenchmark
{
    /** The JVM flags Chronicle Queue needs on Java 17 (the parent pom's ringcast.jvm.flags; see BenchJvm). */
    private static final List<String> CHRONICLE_FLAGS = List.of(
        "--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED", "--add-opens=java.base/java.util=ALL-UNNAMED",
        "--add-opens=jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED", "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.unsupported/sun.misc=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true");

    private IdleConnectionsBenchmark()
    {
    }

    /**
     * Runs the benchmark and prints the report to standard output.
     *
     * @param args see the class doc
     */
    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = options(args);
        final int connections = Integer.parseInt(options.getOrDefault("connections", "10000"));
        final String serverHeap = options.getOrDefault("server-heap", "1g");
        final int concurrency = Integer.parseInt(options.getOrDefault("concurrency", "256"));
        final int histo = Integer.parseInt(options.getOrDefault("histo", "0"));
        final PrintStream out = System.out;
        checkOpenFileLimit(connections, out);

        final List<String> serverCommand = new ArrayList<>(List.of(java()));
        serverCommand.addAll(CHRONICLE_FLAGS);
        serverCommand.add("-Xms" + serverHeap);
        serverCommand.add("-Xmx" + serverHeap);
        if (options.containsKey("server-jvm-args"))
        {
            serverCommand.addAll(List.of(options.get("server-jvm-args").trim().split("\\s+")));
        }
        serverCommand.addAll(List.of("-cp", System.getProperty("java.class.path"), IdleServer.class.getName()));

        final long started = System.nanoTime();
        try (Child server = new Child("server", serverCommand))
        {
            final Map<String, String> ready = fields(server.awaitLine("READY"));
            final String port = ready.get("port");
            final Map<String, String> baseline = fields(server.ask("measure baseline", "MEASURE"));
            out.println("server pid " + ready.get("pid") + " on ws://127.0.0.1:" + port + "/ws; baseline heap " +
                mib(baseline.get("heap")) + "; opening " + connections + " connections ...");

            try (Child clients = new Child("clients", List.of(java(), "-Xmx1g", "-cp",
                System.getProperty("java.class.path"), IdleClients.class.getName(), port,
                Integer.toString(connections), Integer.toString(concurrency))))
            {
                String line;
                while ((line = clients.nextLine()) != null && !line.startsWith("ALL") && !line.startsWith("FAILED"))
                {
                    out.printf("  %s (%.1f s)%n", line, (System.nanoTime() - started) / 1e9);
                }
                if (line == null || line.startsWith("FAILED"))
                {
                    throw new IllegalStateException("clients failed: " + line);
                }
                final Map<String, String> loaded = fields(server.ask("measure loaded", "MEASURE"));
                final String status = clients.ask("status", "STATUS");
                if (histo > 0)
                {
                    printHistogram(ready.get("pid"), histo, out);
                }
                report(out, connections, serverCommand, baseline, loaded, status, args);
                clients.send("quit");
            }
        }
    }

    private static void report(final PrintStream out, final int n, final List<String> serverCommand,
        final Map<String, String> baseline, final Map<String, String> loaded, final String clientStatus,
        final String[] args)
    {
        out.println();
        out.println("Ringcast idle WebSocket connections: server memory per connection");
        out.println("machine      : " + Runtime.getRuntime().availableProcessors() + " cores, " +
            System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", " +
            System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        out.println("command      : java -cp " + System.getProperty("java.class.path") + " " +
            IdleConnectionsBenchmark.class.getName() + " " + String.join(" ", args));
        out.println("server JVM   : " + String.join(" ", serverCommand.subList(CHRONICLE_FLAGS.size() + 1,
            serverCommand.indexOf("-cp"))) + " (plus the Chronicle flags)");
        out.println("connections  : " + loaded.get("connections") + " open on the server, each with 1 subscription" +
            " (" + clientStatus + " on the client side)");
        out.printf("%-28s %14s %14s %16s%n", "", "baseline", "loaded", "per connection");
        row(out, "heap used after full GC", baseline.get("heap"), loaded.get("heap"), n);
        row(out, "direct, JDK buffer pool", baseline.get("jdkDirect"), loaded.get("jdkDirect"), n);
        row(out, "direct, Netty counter", baseline.get("nettyDirect"), loaded.get("nettyDirect"), n);
        row(out, "direct, Netty pooled arenas", baseline.get("pooledDirect"), loaded.get("pooledDirect"), n);
        row(out, "RSS (/proc/PID/status)", baseline.get("rss"), loaded.get("rss"), n);
        out.println("(KiB = 1024 bytes; heap is the smallest used-heap figure after three System.gc() calls)");
    }

    private static void row(final PrintStream out, final String name, final String before, final String after,
        final int n)
    {
        final long b = Long.parseLong(before);
        final long a = Long.parseLong(after);
        if (b < 0 || a < 0)
        {
            out.printf("%-28s %14s %14s %16s%n", name, "n/a", "n/a", "n/a");
            return;
        }
        out.printf("%-28s %14s %14s %12.2f KiB%n", name, mib(before), mib(after), (a - b) / 1024.0 / n);
    }

    private static String mib(final String bytes)
    {
        return String.format("%.1f MiB", Long.parseLong(bytes) / 1048576.0);
    }

    private static void printHistogram(final String pid, final int lines, final PrintStream out)
        throws IOException, InterruptedException
    {
        final Process jmap = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jmap").toString(),
            "-histo:live", pid).redirectErrorStream(true).start();
        out.println();
        out.println("jmap -histo:live " + pid + " (top " + lines + ")");
        try (BufferedReader in = new BufferedReader(new InputStreamReader(jmap.getInputStream(),
            StandardCharsets.UTF_8)))
        {
            in.lines().limit(lines + 3L).forEach(out::println);
        }
        jmap.destroy();
        jmap.waitFor();
    }

    private static void checkOpenFileLimit(final int connections, final PrintStream out)
    {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/limits")))
        {
            lines.filter(l -> l.startsWith("Max open files")).findFirst().ifPresent(l ->
            {
                final long soft = Long.parseLong(l.split("\\s+")[3]);
                if (soft < connections + 500L)
                {
                    out.println("warning: open-file limit " + soft + " per process is low for " + connections +
                        " connections (ulimit -n)");
                }
            });
        }
        catch (final IOException | RuntimeException ex)
        {
            // no /proc: nothing to check
        }
    }

    private static String java()
    {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Map<String, String> options(final String[] args)
    {
        final Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++)
        {
            if (!args[i].startsWith("--") || i + 1 >= args.length)
            {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'; options: " +
                    "--connections N, --server-heap SIZE, --server-jvm-args \"...\", --concurrency N, --histo K");
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    /** "WORD k=v k=v" to a map of the k=v pairs. */
    private static Map<String, String> fields(final String line)
    {
        final Map<String, String> fields = new HashMap<>();
        for (final String part : line.split(" "))
        {
            final int eq = part.indexOf('=');
            if (eq > 0)
            {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        return fields;
    }

    /** A child JVM spoken to by lines: commands on its standard input, answers on its standard output. */
    private static final class Child implements AutoCloseable
    {
        private final String name;
        private final Process process;
        private final BufferedReader in;
        private final Writer commands;

        Child(final String name, final List<String> command) throws IOException
        {
            this.name = name;
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            commands = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        }

        String nextLine() throws IOException
        {
            return in.readLine();
        }

        /** Skips lines until one starts with {@code prefix}; fails if the child exits first. */
        String awaitLine(final String prefix) throws IOException
        {
            String line;
            while ((line = in.readLine()) != null)
            {
                if (line.startsWith(prefix))
                {
                    return line;
                }
                System.out.println("  [" + name + "] " + line);
            }
            throw new IllegalStateException(name + " exited before printing " + prefix);
        }

        void send(final String command) throws IOException
        {
            commands.write(command + "\n");
            commands.flush();
        }

        String ask(final String command, final String answerPrefix) throws IOException
        {
            send(command);
            return awaitLine(answerPrefix);
        }

        @Override
        public void close() throws Exception
        {
            try
            {
                send("quit");
            }
            catch (final IOException ex)
            {
                // already gone
            }
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS))
            {
                process.destroyForcibly();
            }
        }
    }
}
