package io.ringcast.bench.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;
import io.ringcast.transport.auth.OpenAuthenticator;
import io.ringcast.transport.tcp.TcpIngestConfig;
import io.ringcast.transport.tcp.TcpIngestServer;
import io.ringcast.transport.ws.WebSocketConfig;
import io.ringcast.transport.ws.WebSocketDelivery;
import io.ringcast.transport.ws.WebSocketServer;

/**
 * Ringcast inside the harness's JVM, wired as {@code ringcast serve} wires it (tools' {@code RingcastServer}) minus
 * the HTTP API and dead letters: a Chronicle journal in a temporary folder, the engine delivering through WebSocket,
 * the WebSocket endpoint and the binary TCP ingest on free loopback ports, auth off, every setting at its default.
 * For the smoke test and quick tries; real measurements run the server in its own JVM.
 * <p>
 * Threads: {@link #start} and {@link #close} on one thread.
 */
final class RingcastInProcessServer implements RingcastSystem.Server
{
    private final Path directory;
    private final ChronicleJournal journal;
    private final RingcastEngine engine;
    private final WebSocketServer ws;
    private final TcpIngestServer tcp;

    private RingcastInProcessServer(final Path directory, final ChronicleJournal journal, final RingcastEngine engine,
        final WebSocketServer ws, final TcpIngestServer tcp)
    {
        this.directory = directory;
        this.journal = journal;
        this.engine = engine;
        this.ws = ws;
        this.tcp = tcp;
    }

    /** Starts everything, or closes what started and rethrows. */
    static RingcastInProcessServer start() throws IOException
    {
        final Path directory = Files.createTempDirectory("ringcast-bench-inprocess-");
        final ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(directory.resolve("journal")));
        RingcastEngine engine = null;
        WebSocketServer ws = null;
        try
        {
            engine = RingcastEngine.start(EngineConfig.builder().codecLimits(journal.limits()).build(), journal,
                new WebSocketDelivery());
            ws = WebSocketServer.builder(WebSocketConfig.defaults().withPort(0), engine).journal(journal).start();
            final TcpIngestServer tcp = TcpIngestServer.start(TcpIngestConfig.defaults().withPort(0), engine,
                journal::headSeq, journal::epoch, OpenAuthenticator.INSTANCE);
            return new RingcastInProcessServer(directory, journal, engine, ws, tcp);
        }
        catch (final RuntimeException ex)
        {
            if (ws != null)
            {
                ws.close();
            }
            if (engine != null)
            {
                engine.close();
            }
            journal.close();
            delete(directory);
            throw ex;
        }
    }

    @Override
    public int tcpPort()
    {
        return tcp.port();
    }

    @Override
    public int httpPort()
    {
        return ws.port();
    }

    /** -1: the server shares the harness's process, so its CPU cannot be told apart. */
    @Override
    public long pid()
    {
        return -1;
    }

    @Override
    public void close()
    {
        try
        {
            tcp.close();
            ws.close();
            engine.close();
        }
        finally
        {
            journal.close();
            delete(directory);
        }
    }

    static void delete(final Path directory)
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
