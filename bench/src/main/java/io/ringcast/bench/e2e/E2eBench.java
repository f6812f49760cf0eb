package io.ringcast.bench.e2e;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.HdrHistogram.Histogram;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The end-to-end latency harness's command line: runs each named system in turn under the same load (open-loop
 * publishers at a constant rate, N WebSocket subscribers), prints a report table and one verdict line per system,
 * and writes {@code <out>/<system>-<label>.hgrm} (microseconds) and {@code <out>/latency-<label>.png} (one line per
 * system). With {@code --max-rate} it steps the rate up per system until a step does not hold and reports the last
 * that did.
 * <p>
 * {@code java -cp bench/target/benchmarks.jar io.ringcast.bench.e2e.E2eBench --systems ringcast,nats,mosquitto ...}
 * from the repository root. Main thread only.
 */
@Command(name = "e2e-bench", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"End-to-end latency of Ringcast and its peers: open-loop publishers at a constant rate, N WebSocket " +
        "subscribers, latency from each message's scheduled send time to its arrival (coordinated-omission " +
        "corrected), in HdrHistogram.",
        "Each system is started on free loopback ports, measured, and stopped, one after the other."})
public final class E2eBench implements Callable<Integer>
{
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private final PrintStream out;
    private final List<StepResult> results = new ArrayList<>();

    @Spec
    private CommandSpec commandSpec;

    @Option(names = "--systems", split = ",", paramLabel = "NAME[,NAME...]", defaultValue = "ringcast",
        description = "Systems to run, in order: ringcast (server in a child JVM), nats, mosquitto, " +
            "ringcast-inprocess (server in this JVM; no server CPU). Default: ${DEFAULT-VALUE}.")
    private List<String> systems;

    @Option(names = "--rate", paramLabel = "DELIVERIES", defaultValue = "10000",
        description = "Target deliveries per second (messages/s × fan-out); with --max-rate the first step. " +
            "Default: ${DEFAULT-VALUE}.")
    private long rate;

    @Option(names = "--duration", paramLabel = "TIME", defaultValue = "30s", converter = DurationConverter.class,
        description = "Measured time per step (e.g. 500ms, 30s, 2m). Default: ${DEFAULT-VALUE}.")
    private Duration duration;

    @Option(names = "--warmup", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
        description = "Time at the same rate before measuring, per step; its messages are not measured. " +
            "Default: ${DEFAULT-VALUE}.")
    private Duration warmup;

    @Option(names = "--connections", paramLabel = "N", defaultValue = "1000",
        description = "Subscriber WebSocket connections. Default: ${DEFAULT-VALUE}.")
    private int connections;

    @Option(names = "--subs-per-conn", paramLabel = "S", defaultValue = "1",
        description = "Subscriptions per connection. Default: ${DEFAULT-VALUE}.")
    private int subscriptionsPerConnection;

    @Option(names = "--fan-out", paramLabel = "F", defaultValue = "10",
        description = "Subscriptions each message reaches (on F distinct connections); connections × S / F topics. " +
            "Default: ${DEFAULT-VALUE}.")
    private int fanOut;

    @Option(names = "--payload", paramLabel = "BYTES", defaultValue = "256",
        description = "Message payload size in bytes (JSON; at least 34). Default: ${DEFAULT-VALUE}.")
    private int payloadBytes;

    @Option(names = "--linger-ms", paramLabel = "MS", defaultValue = "1",
        description = "Ringcast batch linger of each subscription (the peers have no batching). " +
            "Default: ${DEFAULT-VALUE}.")
    private int lingerMillis;

    @Option(names = "--publishers", paramLabel = "P", defaultValue = "1",
        description = "Publisher connections, one thread each. Default: ${DEFAULT-VALUE}.")
    private int publishers;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench/results",
        description = "Folder for the .hgrm files (microseconds) and PNG plots. Default: ${DEFAULT-VALUE}.")
    private Path outDir;

    @Option(names = "--grace", paramLabel = "TIME", defaultValue = "2s", converter = DurationConverter.class,
        description = "Longest wait after a step's schedule for deliveries in flight; what has not arrived by then " +
            "counts as missing. Default: ${DEFAULT-VALUE}.")
    private Duration grace;

    @Option(names = "--max-rate",
        description = "Step the rate up from --rate (× --rate-factor) until p99 exceeds --p99-bound-ms or deliveries " +
            "fall behind; report the last rate that held.")
    private boolean maxRate;

    @Option(names = "--p99-bound-ms", paramLabel = "MS", defaultValue = "10",
        description = "p99 bound for a rate to hold (both modes' verdicts). Default: ${DEFAULT-VALUE}.")
    private double p99BoundMillis;

    @Option(names = "--rate-factor", paramLabel = "X", defaultValue = "1.5",
        description = "With --max-rate, each step's rate is the last one's times X. Default: ${DEFAULT-VALUE}.")
    private double rateFactor;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "20",
        description = "With --max-rate, the most steps per system. Default: ${DEFAULT-VALUE}.")
    private int maxSteps;

    @Option(names = "--ringcast-jar", paramLabel = "JAR",
        description = "The Ringcast server jar (default: tools/target/ringcast.jar; build it with " +
            "`mvn -B -q -DskipTests -pl tools -am package`).")
    private Path ringcastJar;

    @Option(names = "--spin-us", paramLabel = "US", defaultValue = "60",
        description = "Publishers park until this long before each send, then spin. Default: ${DEFAULT-VALUE}.")
    private long spinMicros;

    @Option(names = "--connect-timeout", paramLabel = "TIME", defaultValue = "120s",
        converter = DurationConverter.class,
        description = "Longest wait for every subscriber to be connected and subscribed. Default: ${DEFAULT-VALUE}.")
    private Duration connectTimeout;

    /** A harness printing to {@code out}. */
    public E2eBench(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * Runs the command line and exits with its code: 0 when every system ran (whatever the verdicts), 1 when a
     * system could not be run, 2 for bad options. Started without {@code --add-exports
     * java.base/jdk.internal.misc=ALL-UNNAMED} (plain {@code java -cp}), it runs itself in a child JVM with the flags.
     */
    public static void main(final String[] args) throws Exception
    {
        if (!Object.class.getModule().isExported("jdk.internal.misc", E2eBench.class.getModule()))
        {
            System.exit(relaunch(args));
        }
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new E2eBench(System.out)).execute(args));
    }

    /**
     * Runs the harness again in a child JVM with the flags Agrona (the event encoder of the Ringcast publisher) and
     * Chronicle (the in-process server) need, which {@code java -cp} does not take from the jar's manifest; the same
     * class path, JVM options and arguments otherwise. Returns the child's exit code.
     */
    private static int relaunch(final String[] args) throws Exception
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(RingcastServerProcess.CHRONICLE_FLAGS);
        command.addAll(java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), E2eBench.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** Every step result of the last {@link #call}, in run order. */
    public List<StepResult> results()
    {
        return List.copyOf(results);
    }

    @Override
    public Integer call() throws Exception
    {
        final LoadSpec spec;
        try
        {
            spec = new LoadSpec(rate, duration, warmup, connections, subscriptionsPerConnection, fanOut, payloadBytes,
                lingerMillis, publishers);
            if (!(p99BoundMillis > 0) || spinMicros < 0)
            {
                throw new IllegalArgumentException("--p99-bound-ms must be positive and --spin-us >= 0");
            }
            for (final String system : systems)
            {
                SystemRegistry.create(system).close();
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(commandSpec.commandLine(), ex.getMessage());
        }
        if (ringcastJar != null)
        {
            System.setProperty(RingcastSystem.JAR_PROPERTY, ringcastJar.toString());
        }
        final E2eRun.Settings settings = new E2eRun.Settings(grace, connectTimeout,
            TimeUnit.MICROSECONDS.toNanos(spinMicros));
        results.clear();
        final List<StepResult> reported = new ArrayList<>();
        final Map<String, List<StepResult>> stepsBySystem = new LinkedHashMap<>();
        int failures = 0;
        for (final String name : systems)
        {
            final SystemUnderTest system = SystemRegistry.create(name);
            stepsBySystem.put(system.name(), List.of());
            try (E2eRun run = E2eRun.open(system, spec, settings, out))
            {
                final List<StepResult> steps = maxRate ?
                    MaxRateSearch.run(run, rate, rateFactor, p99BoundMillis, maxSteps, out) : List.of(run.measure(rate));
                stepsBySystem.put(system.name(), steps);
                for (final StepResult step : steps)
                {
                    results.add(step);
                    out.println("[" + step.system() + "] wrote " + E2eReport.writeHistogram(outDir, step));
                }
                if (maxRate)
                {
                    final StepResult held = MaxRateSearch.lastHeld(steps, p99BoundMillis);
                    if (held != null)
                    {
                        reported.add(held);
                    }
                }
                else
                {
                    reported.addAll(steps);
                }
            }
            catch (final Exception ex)
            {
                failures++;
                out.println("[" + name + "] FAILED: " + ex);
                system.close();
            }
        }
        out.println();
        E2eReport.printTable(out, results);
        out.println();
        verdicts(spec, stepsBySystem);
        plots(reported, spec);
        return failures == 0 ? 0 : 1;
    }

    private void verdicts(final LoadSpec spec, final Map<String, List<StepResult>> stepsBySystem)
    {
        if (!maxRate)
        {
            for (final StepResult r : results)
            {
                out.println(r.verdict(p99BoundMillis));
            }
            return;
        }
        for (final Map.Entry<String, List<StepResult>> e : stepsBySystem.entrySet())
        {
            final String name = e.getKey();
            final List<StepResult> steps = e.getValue();
            final StepResult held = MaxRateSearch.lastHeld(steps, p99BoundMillis);
            if (steps.isEmpty())
            {
                out.println(name + ": did not run");
            }
            else if (held == null)
            {
                out.println(name + ": no rate held; the first step: " +
                    steps.get(0).verdict(p99BoundMillis));
            }
            else
            {
                out.printf(Locale.ROOT, "%s: max sustainable %,d deliveries/s at p99 <= %.1f ms (p50 %.2f ms, p99 " +
                    "%.2f ms, p99.9 %.2f ms, max %.2f ms)%s%n", held.system(), held.spec().deliveriesPerSecond(),
                    p99BoundMillis, held.percentileMillis(50), held.percentileMillis(99), held.percentileMillis(99.9),
                    held.maxMillis(), held == steps.get(steps.size() - 1) ? "; the step limit stopped the search" :
                    "; next step: " + steps.get(steps.size() - 1).verdict(p99BoundMillis));
            }
        }
        out.println("(max-rate load: " + StepResult.label(spec).replaceFirst("^\\d+dps-", "") + ")");
    }

    private void plots(final List<StepResult> reported, final LoadSpec spec) throws Exception
    {
        final Map<String, Map<String, Histogram>> byLoad = new LinkedHashMap<>();
        for (final StepResult r : reported)
        {
            if (r.latencyNanos().getTotalCount() == 0)
            {
                continue;
            }
            final String load = maxRate ? "maxrate-" + StepResult.label(spec).replaceFirst("^\\d+dps-", "") :
                "latency-" + r.label();
            final String series = maxRate ? String.format(Locale.ROOT, "%s @ %,d deliveries/s", r.system(),
                r.spec().deliveriesPerSecond()) : r.system();
            byLoad.computeIfAbsent(load, k -> new LinkedHashMap<>()).put(series, r.latencyNanos());
        }
        for (final Map.Entry<String, Map<String, Histogram>> e : byLoad.entrySet())
        {
            final Path png = outDir.resolve(e.getKey() + ".png");
            PercentilePlot.write(png, title(spec), e.getValue());
            out.println("wrote " + png);
        }
    }

    private String title(final LoadSpec spec)
    {
        return String.format(Locale.ROOT, "%s%,d connections × %d subs, fan-out %d, %d B payload, linger %d ms",
            maxRate ? "max sustainable rate (p99 <= " + p99BoundMillis + " ms): " : "%,d deliveries/s, ".formatted(
                spec.deliveriesPerSecond()), spec.connections(), spec.subscriptionsPerConnection(), spec.fanOut(),
            spec.payloadBytes(), spec.lingerMillis());
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or an ISO-8601 duration ({@code PT30S}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration>
    {
        @Override
        public Duration convert(final String value)
        {
            final Matcher m = DURATION.matcher(value.trim());
            if (m.matches())
            {
                final long n = Long.parseLong(m.group(1));
                switch (m.group(2))
                {
                    case "ms":
                        return Duration.ofMillis(n);
                    case "s":
                        return Duration.ofSeconds(n);
                    case "m":
                        return Duration.ofMinutes(n);
                    default:
                        return Duration.ofHours(n);
                }
            }
            try
            {
                return Duration.parse(value.trim());
            }
            catch (final RuntimeException ex)
            {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: use e.g. 500ms, " +
                    "30s, 2m, 1h");
            }
        }
    }
}
