package io.ringcast.tools;

import java.io.PrintStream;
import java.nio.file.Path;

import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;
import io.ringcast.journal.deadletter.DeadLetterStore;
import io.ringcast.journal.deadletter.Redriver;
import io.ringcast.transport.auth.OpenAuthenticator;
import io.ringcast.transport.http.DeadLetterRoutes;
import io.ringcast.transport.tcp.TcpIngestConfig;
import io.ringcast.transport.tcp.TcpIngestServer;
import io.ringcast.transport.ws.WebSocketConfig;
import io.ringcast.transport.ws.WebSocketDelivery;
import io.ringcast.transport.ws.WebSocketServer;

/**
 * The server {@code ringcast serve} runs, wired in the order events flow: the Chronicle journal, the engine on it
 * delivering through WebSocket, the binary TCP ingest in front and the WebSocket endpoint behind.
 * {@link #close()} stops in the reverse order of arrival: no new publishes, subscribers told 1001, the ring drained,
 * the journal flushed and closed.
 */
final class RingcastServer implements AutoCloseable
{
    private final ChronicleJournal journal;
    private final RingcastEngine engine;
    private final TcpIngestServer tcp;
    private final WebSocketServer ws;
    private final DeadLetterStore deadLetters;
    private final DeadLetterRoutes routes;

    private RingcastServer(final ChronicleJournal journal, final RingcastEngine engine, final TcpIngestServer tcp,
        final WebSocketServer ws, final DeadLetterStore deadLetters, final DeadLetterRoutes routes)
    {
        this.deadLetters = deadLetters;
        this.routes = routes;
        this.journal = journal;
        this.engine = engine;
        this.tcp = tcp;
        this.ws = ws;
    }

    /** Starts everything, or closes what started and rethrows. */
    static RingcastServer start(final JournalConfig journalConfig, final TcpIngestConfig tcpConfig,
        final WebSocketConfig wsConfig)
    {
        final ChronicleJournal journal = ChronicleJournal.open(journalConfig);
        DeadLetterStore deadLetters = null;
        RingcastEngine engine = null;
        DeadLetterRoutes routes = null;
        WebSocketServer ws = null;
        try
        {
            // after the journal: the journal's folder rules decide whether this folder may be written to
            deadLetters = DeadLetterStore.open(journalConfig.directory(), journalConfig.rollCycle(),
                journalConfig.retention(), java.time.Clock.systemUTC());
            engine = RingcastEngine.start(EngineConfig.builder().codecLimits(journalConfig.limits()).build(), journal,
                new WebSocketDelivery());
            routes = new DeadLetterRoutes(new Redriver(deadLetters, journal, engine));
            ws = WebSocketServer.start(wsConfig, engine, journal::headSeq, journal::epoch, routes);
            final TcpIngestServer tcp = TcpIngestServer.start(tcpConfig, engine, journal::headSeq, journal::epoch,
                OpenAuthenticator.INSTANCE);
            return new RingcastServer(journal, engine, tcp, ws, deadLetters, routes);
        }
        catch (final RuntimeException ex)
        {
            if (ws != null)
            {
                ws.close();
            }
            if (routes != null)
            {
                routes.close();
            }
            if (engine != null)
            {
                engine.close();
            }
            if (deadLetters != null)
            {
                deadLetters.close();
            }
            journal.close();
            throw ex;
        }
    }

    /** Prints where the server listens and what it holds. */
    void printEndpoints(final PrintStream out)
    {
        out.println("ringcast: journal " + journal.directory().toAbsolutePath() + " (epoch " + journal.epoch() +
            ", head seq " + journal.headSeq() + ", " + journal.config().durability().name().toLowerCase() + ")");
        out.println("ringcast: binary TCP ingest on " + tcp.config().bindAddress() + ":" + tcp.port() +
            " (protocol: transport/PROTOCOL.md)");
        out.println("ringcast: WebSocket subscribers on ws://" + ws.config().bindAddress() + ":" + ws.port() + "/ws");
        out.println("ringcast: dead-letter re-drive on POST http://" + ws.config().bindAddress() + ":" + ws.port() +
            "/api/dead-letters/{id}/redrive (ringcast dlq redrive)");
        out.println("ringcast: not yet: resume (since/epoch), auth, SSE, webhooks and the rest of the HTTP API");
        out.flush();
    }



    /** The bound TCP ingest port. */
    int tcpPort()
    {
        return tcp.port();
    }

    /** The bound WebSocket/HTTP port. */
    int httpPort()
    {
        return ws.port();
    }

    /** The server's dead-letter store (tests add letters to re-drive). */
    DeadLetterStore deadLetters()
    {
        return deadLetters;
    }

    @Override
    public void close()
    {
        try
        {
            tcp.close();
        }
        finally
        {
            try
            {
                ws.close();
                routes.close();
            }
            finally
            {
                try
                {
                    engine.close();
                }
                finally
                {
                    deadLetters.close();
                    journal.close();
                }
            }
        }
    }
}
