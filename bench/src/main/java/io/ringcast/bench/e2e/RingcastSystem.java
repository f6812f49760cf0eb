package io.ringcast.bench.e2e;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.ringcast.client.RingcastPublisher;

/**
 * Ringcast as a system under test. By default the real server runs as a child process ({@code ringcast serve} from
 * {@code tools/target/ringcast.jar}, see {@link RingcastServerProcess}); {@link #inProcess()} runs it inside the
 * harness's JVM (smoke test, quick tries; server CPU then unknown).
 * <p>
 * Publishers: the SDK's {@link RingcastPublisher} over binary TCP ({@link RingcastBenchPublisher}). Subscribers:
 * JSON over WebSocket at {@code /ws?user=bench-<c>}, one subscription per topic with the load's batch linger
 * ({@link RingcastSubscriberSession}). Topic model: harness topic {@code k} is the Ringcast topic
 * {@code bench.t<k>}, subscribed with that exact pattern and no filter. Every server setting stays at its default
 * (write-buffer water marks, slow-consumer policy {@code disconnect}, one WebSocket I/O thread, async journal).
 * <p>
 * Threads: {@link #start} and {@link #close} on the harness's main thread; the rest from any thread.
 */
public final class RingcastSystem implements SystemUnderTest
{
    /** System property naming the server jar (default {@link #DEFAULT_JAR}). */
    public static final String JAR_PROPERTY = "ringcast.jar";

    /** System property with extra JVM options for the server process, separated by spaces. */
    public static final String JVM_OPTIONS_PROPERTY = "ringcast.serverJvmOptions";

    /** The server jar, relative to the working directory (the repository root). */
    public static final Path DEFAULT_JAR = Path.of("tools", "target", "ringcast.jar");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final boolean inProcess;
    private final Path jar;
    private final List<String> jvmOptions;
    private final AtomicInteger publishers = new AtomicInteger();
    private volatile Server server;
    private volatile LoadSpec spec;

    /** The port, pid and stop of a running Ringcast server, in whichever process it runs. */
    interface Server extends AutoCloseable
    {
        int tcpPort();

        int httpPort();

        long pid();

        @Override
        void close();
    }

    /**
     * The server as a child process from the jar named by {@code -Dringcast.jar} (else {@link #DEFAULT_JAR}), with
     * the JVM options of {@code -Dringcast.serverJvmOptions}. This is the constructor the registry calls.
     */
    public RingcastSystem()
    {
        this(Path.of(System.getProperty(JAR_PROPERTY, DEFAULT_JAR.toString())),
            splitOptions(System.getProperty(JVM_OPTIONS_PROPERTY, "")));
    }

    /** The server as a child process from {@code jar}, its JVM given {@code jvmOptions} besides Chronicle's flags. */
    public RingcastSystem(final Path jar, final List<String> jvmOptions)
    {
        this(false, jar, jvmOptions);
    }

    private RingcastSystem(final boolean inProcess, final Path jar, final List<String> jvmOptions)
    {
        this.inProcess = inProcess;
        this.jar = jar;
        this.jvmOptions = List.copyOf(jvmOptions);
    }

    /** The server inside this JVM (named {@code ringcast-inprocess} in reports). */
    public static RingcastSystem inProcess()
    {
        return new RingcastSystem(true, null, List.of());
    }

    /** The Ringcast topic of harness topic {@code k}: {@code bench.t<k>}. Allocates. */
    public static String topic(final int k)
    {
        return "bench.t" + k;
    }

    @Override
    public String name()
    {
        return inProcess ? "ringcast-inprocess" : "ringcast";
    }

    @Override
    public String describe()
    {
        final String where = inProcess ? "in the harness JVM" : "child JVM `java -jar " + jar + " serve`" +
            (jvmOptions.isEmpty() ? "" : " with " + String.join(" ", jvmOptions));
        return "ringcast 0.1.0-SNAPSHOT (" + where + ", default settings); publishers: binary TCP, RingcastPublisher " +
            "SDK (async, default 10,000 in flight); subscribers: JSON over WebSocket, Netty; topics bench.t<k>, " +
            "batch max " + RingcastSubscriberSession.BATCH_MAX + ", linger " +
            (spec == null ? "per load" : spec.lingerMillis() + " ms");
    }

    @Override
    public void start(final LoadSpec load) throws Exception
    {
        if (server != null)
        {
            throw new IllegalStateException(name() + " already started; close() first");
        }
        spec = load;
        server = inProcess ? RingcastInProcessServer.start() :
            RingcastServerProcess.start(jar, jvmOptions, START_TIMEOUT);
    }

    @Override
    public long serverPid()
    {
        final Server s = server;
        return s == null ? -1 : s.pid();
    }

    @Override
    public BenchPublisher newPublisher()
    {
        final int number = publishers.incrementAndGet();
        final RingcastPublisher client = RingcastPublisher.connect("127.0.0.1", started().tcpPort(), null,
            "bench-publisher-" + number);
        return new RingcastBenchPublisher(client, number, spec.topics(), spec.payloadBytes());
    }

    @Override
    public SubscriberProtocol subscriberProtocol()
    {
        final int port = started().httpPort();
        final int linger = spec.lingerMillis();
        return new SubscriberProtocol()
        {
            @Override
            public URI uri(final int connection)
            {
                return URI.create("ws://127.0.0.1:" + port + "/ws?user=bench-" + connection);
            }

            @Override
            public String subprotocol()
            {
                return null;
            }

            @Override
            public SubscriberSession open(final int connection, final int[] topics)
            {
                return new RingcastSubscriberSession(topics, linger);
            }
        };
    }

    @Override
    public void close()
    {
        final Server s = server;
        server = null;
        if (s != null)
        {
            s.close();
        }
    }

    private Server started()
    {
        final Server s = server;
        if (s == null)
        {
            throw new IllegalStateException(name() + " is not running: call start(spec) first");
        }
        return s;
    }

    private static List<String> splitOptions(final String options)
    {
        return options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
    }
}
