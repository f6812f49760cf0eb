package io.ringcast.tools;

import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code ringcast} command line: the top-level command and its error policy. Subcommands: {@code serve} (the
 * server), {@code publish} (binary TCP), {@code subscribe} (WebSocket, with resume), {@code replay} (journal to JSON
 * lines or codec frames) and {@code dlq} (dead letters).
 * <p>
 * Every error is one line on stderr, never a stack trace: usage errors (unknown or conflicting options,
 * values that do not parse) exit {@value #EXIT_USAGE}, failures (no journal, no such dead letter, I/O)
 * exit {@value #EXIT_FAILURE}. An unexpected exception also prints one line; its stack trace is printed
 * only when the environment variable {@code RINGCAST_DEBUG} is set.
 * <p>
 * One instance runs one command line on the calling thread ({@link #run}); it allocates freely.
 */
@Command(
    name = "ringcast",
    mixinStandardHelpOptions = true,
    versionProvider = RingcastCli.Version.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Ringcast, a low-latency real-time notification engine: the server and its tools.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = { ServeCommand.class, PublishCommand.class, SubscribeCommand.class, ReplayCommand.class,
        DlqCommand.class },
    footerHeading = "%n",
    footer = {
        "Exit status: 0 success, 1 failure, 2 usage error.",
        "Run 'ringcast COMMAND --help' for the options of a command." })
public final class RingcastCli implements Callable<Integer>
{
    /** Exit status of a command that did what it was asked. */
    public static final int EXIT_OK = 0;
    /** Exit status of a command that could not do it (no journal, I/O error, ...). */
    public static final int EXIT_FAILURE = 1;
    /** Exit status of a command line that does not parse or whose options conflict. */
    public static final int EXIT_USAGE = 2;

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final LongSupplier nanoTime;

    @Spec
    private CommandSpec spec;

    private RingcastCli(final InputStream in, final PrintStream out, final PrintStream err, final Clock clock,
        final LongSupplier nanoTime)
    {
        this.in = in;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.nanoTime = nanoTime;
    }

    /** Entry point of {@code java -jar ringcast.jar}: runs the command line and exits with its status. */
    public static void main(final String[] args)
    {
        final int status = run(args, System.out, System.err);
        System.out.flush();
        // Chronicle may leave non-daemon housekeeping threads behind: the status is final here
        System.exit(status);
    }

    /**
     * Runs one command line, writing results to {@code out} and messages to {@code err}. Calling thread;
     * allocates. Does not exit the JVM, so tests run commands in-process. First disables Chronicle's analytics
     * (before any Chronicle class loads) and sets library logging to warnings unless configured otherwise.
     *
     * @return the exit status: {@link #EXIT_OK}, {@link #EXIT_FAILURE} or {@link #EXIT_USAGE}
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err)
    {
        return run(args, out, err, Clock.systemUTC(), System::nanoTime);
    }

    /**
     * As {@link #run(String[], PrintStream, PrintStream)} with the wall clock ({@code dlq purge --older-than 7d})
     * and the monotonic clock (replay progress and rate) given, so tests control time.
     */
    public static int run(final String[] args, final PrintStream out, final PrintStream err, final Clock clock,
        final LongSupplier nanoTime)
    {
        return run(args, System.in, out, err, clock, nanoTime);
    }

    /** As {@link #run(String[], PrintStream, PrintStream, Clock, LongSupplier)} reading {@code in} as stdin. */
    public static int run(final String[] args, final InputStream in, final PrintStream out, final PrintStream err,
        final Clock clock, final LongSupplier nanoTime)
    {
        configureLibraries();
        final RingcastCli cli = new RingcastCli(in, out, err, clock, nanoTime);
        final CommandLine commandLine = new CommandLine(cli)
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
            .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
            .setParameterExceptionHandler((ex, ignored) -> usageError(ex, err))
            .setExecutionExceptionHandler((ex, commandLineOfEx, parseResult) ->
                failure(ex, commandLineOfEx.getCommandSpec().qualifiedName(), err));
        try
        {
            ServeCommand.useConfigFile(commandLine.getSubcommands().get("serve"), args);
        }
        catch (final CommandLine.ParameterException ex)
        {
            return usageError(ex, err);
        }
        return commandLine.execute(args);
    }

    /** Without a command: the usage on stderr, and a usage error status. */
    @Override
    public Integer call()
    {
        spec.commandLine().usage(err);
        err.println("ringcast: missing COMMAND");
        return EXIT_USAGE;
    }

    InputStream in()
    {
        return in;
    }

    PrintStream out()
    {
        return out;
    }

    PrintStream err()
    {
        return err;
    }

    Clock clock()
    {
        return clock;
    }

    LongSupplier nanoTime()
    {
        return nanoTime;
    }

    private static int usageError(final ParameterException ex, final PrintStream err)
    {
        final String command = ex.getCommandLine().getCommandSpec().qualifiedName();
        err.println(command + ": " + oneLine(ex.getMessage()) + " (see '" + command + " --help')");
        return EXIT_USAGE;
    }

    private static int failure(final Exception ex, final String command, final PrintStream err)
    {
        if (ex instanceof CliFailure)
        {
            err.println(command + ": " + oneLine(ex.getMessage()));
        }
        else
        {
            err.println(command + ": failed: " + ex.getClass().getSimpleName() +
                (ex.getMessage() == null ? "" : ": " + oneLine(ex.getMessage())) +
                (debug() ? "" : " (set RINGCAST_DEBUG=1 for details)"));
        }
        if (debug())
        {
            ex.printStackTrace(err);
        }
        return EXIT_FAILURE;
    }

    private static boolean debug()
    {
        final String value = System.getenv("RINGCAST_DEBUG");
        return value != null && !value.isEmpty() && !"0".equals(value);
    }

    private static String oneLine(final String message)
    {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    // before any Chronicle or slf4j class initialises: they read these once
    private static void configureLibraries()
    {
        System.setProperty("chronicle.analytics.disable", "true");
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
        setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
        // the tools open a queue with the default roll cycle; Chronicle then adopts the one on disk, and says so
        setIfAbsent("org.slf4j.simpleLogger.log.net.openhft.chronicle.queue.impl.single.SCQMeta", "error");
        setIfAbsent("org.slf4j.simpleLogger.log.net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder",
            "error");
    }

    private static void setIfAbsent(final String key, final String value)
    {
        if (System.getProperty(key) == null)
        {
            System.setProperty(key, value);
        }
    }

    /** {@code --version}: the jar's Implementation-Version (from the build), and the Java runtime. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String version = RingcastCli.class.getPackage().getImplementationVersion();
            return new String[] {
                "ringcast " + (version == null ? "(development build)" : version),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")" };
        }
    }
}
