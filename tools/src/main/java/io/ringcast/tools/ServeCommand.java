package io.ringcast.tools;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import io.ringcast.engine.policy.RateLimits;
import io.ringcast.journal.Durability;
import io.ringcast.journal.JournalConfig;
import io.ringcast.transport.auth.Authenticator;
import io.ringcast.transport.auth.JwtAuthenticator;
import io.ringcast.transport.auth.JwtSettings;
import io.ringcast.transport.auth.OpenAuthenticator;
import io.ringcast.transport.tcp.TcpIngestConfig;
import io.ringcast.transport.webhook.WebhookDispatcherConfig;
import io.ringcast.transport.ws.SlowConsumerPolicy;
import io.ringcast.transport.ws.WebSocketConfig;

/**
 * {@code ringcast serve}: runs the server until SIGTERM/SIGINT, then drains the ring, closes the sockets and
 * flushes the journal. Defaults work with no flags: journal in {@code ./data}, TCP ingest on 127.0.0.1:7070,
 * WebSocket, SSE and the HTTP API on 127.0.0.1:8080, auth off (loopback only).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Run the Ringcast server: binary TCP ingest, the engine and its journal, WebSocket and SSE delivery, " +
        "the HTTP API.",
    description = {
        "Prints its endpoints on start. SIGTERM or Ctrl-C stops it gracefully: no new publishes, every accepted " +
            "one journaled and answered, subscribers closed with 1001, the journal flushed.",
        "Auth: with --auth-secret(-file) (HS256) or --auth-public-key (RS256) every client needs a JWT (see " +
            "transport/PROTOCOL.md, Authentication). Without a key the server serves anyone, and it refuses to " +
            "do that on a non-loopback address unless --no-auth says so.",
        "Every option can also come from --config FILE, a properties file keyed by option name " +
            "(e.g. http-port=8081, slow-consumer=drop-oldest); flags on the command line win.",
        "Not yet: webhooks and digests (delivery policies)." })
public final class ServeCommand implements Callable<Integer>
{
    @ParentCommand
    private RingcastCli cli;

    @Spec
    private CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "data",
        description = "Journal folder, created when missing (default: ./data).")
    private Path data;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
        description = "Address to listen on (default: 127.0.0.1, this machine only).")
    private String bind;

    @Option(names = "--tcp-port", paramLabel = "PORT", defaultValue = "7070",
        description = "Binary TCP ingest port (default: 7070; 0 picks a free one).")
    private int tcpPort;

    @Option(names = "--http-port", paramLabel = "PORT", defaultValue = "8080",
        description = "HTTP port: WebSocket /ws, SSE /sse, the HTTP API (default: 8080; 0 picks a free one).")
    private int httpPort;

    @Option(names = "--durability", paramLabel = "async|sync", defaultValue = "ASYNC",
        description = "async (default): ACK once in the memory-mapped journal; sync: ACK once forced to disk.")
    private Durability durability;

    @Option(names = "--roll-cycle", paramLabel = "NAME", defaultValue = JournalConfig.DEFAULT_ROLL_CYCLE,
        description = "Journal file roll cycle (default: HOURLY).")
    private String rollCycle;

    @Option(names = "--retention", paramLabel = "AGE", defaultValue = "7d",
        description = "How long journal files are kept (default: 7d; e.g. 12h, 30d).")
    private String retention;

    @Option(names = "--auth-secret", paramLabel = "SECRET",
        description = "HS256 JWT secret, at least 32 bytes (visible in the process list: prefer --auth-secret-file).")
    private String authSecret;

    @Option(names = "--auth-secret-file", paramLabel = "FILE",
        description = "File holding the HS256 JWT secret (its bytes, a trailing newline ignored).")
    private Path authSecretFile;

    @Option(names = "--auth-public-key", paramLabel = "PEM",
        description = "RSA public key (PEM, BEGIN PUBLIC KEY) verifying RS256 JWTs.")
    private Path authPublicKey;

    @Option(names = "--auth-issuer", paramLabel = "ISS", description = "Accept only tokens with this iss.")
    private String authIssuer;

    @Option(names = "--auth-audience", paramLabel = "AUD", description = "Accept only tokens for this aud.")
    private String authAudience;

    @Option(names = "--no-auth",
        description = "Serve without auth even on a non-loopback --bind (anyone may publish and subscribe).")
    private boolean noAuth;

    @Option(names = "--slow-consumer", paramLabel = "POLICY", defaultValue = "disconnect",
        description = "What a subscriber that reads too slowly gets: disconnect (default, 1008; it resumes), " +
            "drop-oldest (a gap notice names what was dropped) or dead-letter.")
    private String slowConsumer;

    @Option(names = "--heartbeat-ms", paramLabel = "MS", defaultValue = "30000",
        description = "WebSocket ping / SSE comment interval; 2.5 intervals of silence close a WebSocket " +
            "(default: 30000).")
    private long heartbeatMillis;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "100000",
        description = "Open WebSocket/SSE/HTTP connections above which new ones get 503 (default: 100000).")
    private int maxConnections;

    @Option(names = "--rate-per-minute", paramLabel = "N", defaultValue = "0",
        description = "Per user: at most N notifications a minute, the rest deferred, not dropped (default: 0, off).")
    private int ratePerMinute;

    @Option(names = "--rate-burst", paramLabel = "N", defaultValue = "0",
        description = "Per user: how many of the minute's notifications may go at once, 1..per-minute (default: " +
            "the per-minute rate).")
    private int rateBurst;

    @Option(names = "--rate-per-hour", paramLabel = "N", defaultValue = "0",
        description = "Per user: at most N notifications each clock hour (default: 0, off).")
    private int ratePerHour;

    @Option(names = "--rate-per-day", paramLabel = "N", defaultValue = "0",
        description = "Per user: at most N notifications each UTC day (default: 0, off).")
    private int ratePerDay;

    @Option(names = "--rate-global-per-second", paramLabel = "N", defaultValue = "0",
        description = "All users together: at most N notifications a second (default: 0, off).")
    private int rateGlobalPerSecond;

    @Option(names = "--rate-global-burst", paramLabel = "N", defaultValue = "0",
        description = "All users together: how many may go at once, 1..global-per-second (default: the " +
            "global per-second rate).")
    private int rateGlobalBurst;

    @Option(names = "--dead-letter-alert", paramLabel = "N", defaultValue = "1000",
        description = "Report /health as degraded while more than N dead letters wait (default: ${DEFAULT-VALUE}; " +
            "0: never).")
    private long deadLetterAlert;

    @Option(names = "--webhook-timeout-ms", paramLabel = "MS", defaultValue = "10000",
        description = "How long a webhook endpoint may take to answer before the attempt counts as failed and is " +
            "retried (default: ${DEFAULT-VALUE}; connecting may take up to 5000 more).")
    private long webhookTimeoutMillis;

    @Option(names = "--config", paramLabel = "FILE",
        description = "Properties file with option values (keys: option names without --); flags win.")
    private Path config;

    @Override
    public Integer call() throws InterruptedException
    {
        final JournalConfig journalConfig = journalConfig();
        final TcpIngestConfig tcpConfig;
        final WebSocketConfig wsConfig;
        final Authenticator authenticator;
        final RateLimits rateLimits;
        final WebhookDispatcherConfig webhookConfig;
        try
        {
            rateLimits = new RateLimits(ratePerMinute, rateBurst == 0 ? ratePerMinute : rateBurst, ratePerHour,
                ratePerDay, rateGlobalPerSecond, rateGlobalBurst == 0 ? rateGlobalPerSecond : rateGlobalBurst);
            tcpConfig = TcpIngestConfig.defaults().withBindAddress(bind).withPort(tcpPort);
            wsConfig = WebSocketConfig.defaults().withBindAddress(bind).withPort(httpPort)
                .withSlowConsumer(SlowConsumerPolicy.of(slowConsumer), WebSocketConfig.defaults()
                    .slowConsumerBacklogBytes())
                .withHeartbeatMillis(heartbeatMillis)
                .withMaxConnections(maxConnections);
            authenticator = authenticator();
            if (deadLetterAlert < 0)
            {
                throw new IllegalArgumentException("--dead-letter-alert must be 0 (never) or more, was " +
                    deadLetterAlert);
            }
            webhookConfig = WebhookDispatcherConfig.DEFAULT.withTimeouts(
                WebhookDispatcherConfig.DEFAULT.connectTimeoutMillis(), webhookTimeoutMillis);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), ex.getMessage());
        }
        final RingcastServer server;
        try
        {
            server = RingcastServer.start(journalConfig, tcpConfig, wsConfig, authenticator, rateLimits,
                deadLetterAlert, webhookConfig);
        }
        catch (final RuntimeException ex)
        {
            throw new CliFailure("cannot start: " + ex.getMessage(), ex);
        }
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            cli.err().println("ringcast: stopping (draining the ring, flushing the journal)");
            server.close();
            cli.err().println("ringcast: stopped");
            stopped.countDown();
        }, "ringcast-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        server.printEndpoints(cli.out());
        stopped.await();
        return RingcastCli.EXIT_OK;
    }

    /**
     * When {@code args} run {@code serve --config FILE}, makes FILE's properties the serve options' defaults (so
     * command-line flags still win). Refuses a missing or unreadable file and keys that name no option, rather
     * than ignoring a typo. Called before parsing.
     */
    static void useConfigFile(final CommandLine serve, final String[] args)
    {
        int i = 0;
        while (i < args.length && !"serve".equals(args[i]))
        {
            i++;
        }
        Path file = null;
        for (i++; i < args.length; i++)
        {
            if ("--config".equals(args[i]) && i + 1 < args.length)
            {
                file = Path.of(args[i + 1]);
            }
            else if (args[i].startsWith("--config="))
            {
                file = Path.of(args[i].substring("--config=".length()));
            }
        }
        if (file == null)
        {
            return;
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            properties.load(reader);
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            throw new ParameterException(serve, "--config: cannot read " + file + ": " + ex.getMessage());
        }
        for (final String key : properties.stringPropertyNames())
        {
            if ("config".equals(key) || serve.getCommandSpec().findOption("--" + key) == null)
            {
                throw new ParameterException(serve, "--config " + file + ": '" + key + "' is not a serve option " +
                    "(keys are option names without --, e.g. http-port)");
            }
        }
        serve.setDefaultValueProvider(new CommandLine.PropertiesDefaultProvider(properties));
    }

    private Authenticator authenticator()
    {
        final int keys = (authSecret != null ? 1 : 0) + (authSecretFile != null ? 1 : 0) +
            (authPublicKey != null ? 1 : 0);
        if (keys > 1)
        {
            throw new IllegalArgumentException("give one of --auth-secret, --auth-secret-file, --auth-public-key");
        }
        if (keys == 0)
        {
            if ((authIssuer != null || authAudience != null))
            {
                throw new IllegalArgumentException("--auth-issuer/--auth-audience need a key (--auth-secret-file or " +
                    "--auth-public-key)");
            }
            if (!noAuth && !isLoopback(bind))
            {
                throw new IllegalArgumentException("refusing to serve " + bind + " without auth: give " +
                    "--auth-secret-file or --auth-public-key, or --no-auth to let anyone publish and subscribe");
            }
            return OpenAuthenticator.INSTANCE;
        }
        if (noAuth)
        {
            throw new IllegalArgumentException("--no-auth contradicts the auth key given");
        }
        JwtSettings settings = authSecret != null ? JwtSettings.hs256(authSecret) :
            authSecretFile != null ? JwtSettings.hs256SecretFile(authSecretFile) : JwtSettings.rs256(authPublicKey);
        if (authIssuer != null)
        {
            settings = settings.withIssuer(authIssuer);
        }
        if (authAudience != null)
        {
            settings = settings.withAudience(authAudience);
        }
        return new JwtAuthenticator(settings);
    }

    private static boolean isLoopback(final String address)
    {
        try
        {
            return InetAddress.getByName(address).isLoopbackAddress();
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("--bind: unknown address '" + address + "'");
        }
    }

    private JournalConfig journalConfig()
    {
        try
        {
            final Duration keep = TimeArguments.parseAge(retention);
            return JournalConfig.defaults(data).withDurability(durability).withRollCycle(rollCycle.toUpperCase())
                .withRetention(keep);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), ex.getMessage());
        }
    }
}
