package io.ringcast.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import io.ringcast.journal.Durability;
import io.ringcast.journal.JournalConfig;
import io.ringcast.transport.tcp.TcpIngestConfig;
import io.ringcast.transport.ws.WebSocketConfig;

/**
 * {@code ringcast serve}: runs the server until SIGTERM/SIGINT, then drains the ring, closes the sockets and
 * flushes the journal. Defaults work with no flags: journal in {@code ./data}, TCP ingest on 127.0.0.1:7070,
 * WebSocket on 127.0.0.1:8080/ws.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Run the Ringcast server: binary TCP ingest, the engine and its journal, WebSocket delivery.",
    description = {
        "Prints its endpoints on start. SIGTERM or Ctrl-C stops it gracefully: no new publishes, every accepted " +
            "one journaled and answered, the journal flushed.",
        "Not yet: resume (since/epoch), auth, SSE, webhooks and the HTTP API; they arrive with the rest of the " +
            "transport." })
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
        description = "WebSocket port, path /ws (default: 8080; 0 picks a free one).")
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

    @Override
    public Integer call() throws InterruptedException
    {
        final JournalConfig journalConfig = journalConfig();
        final TcpIngestConfig tcpConfig;
        final WebSocketConfig wsConfig;
        try
        {
            tcpConfig = TcpIngestConfig.defaults().withBindAddress(bind).withPort(tcpPort);
            wsConfig = WebSocketConfig.defaults().withBindAddress(bind).withPort(httpPort);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), ex.getMessage());
        }
        final RingcastServer server;
        try
        {
            server = RingcastServer.start(journalConfig, tcpConfig, wsConfig);
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
