package io.ringcast.tools;

import java.io.PrintStream;
import java.nio.file.Path;

import io.ringcast.engine.delivery.CountingDelivery;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;
import io.ringcast.transport.tcp.TcpIngestConfig;
import io.ringcast.transport.tcp.TcpIngestServer;
import io.ringcast.transport.tcp.TokenValidator;

/**
 * The server {@code ringcast serve} runs, wired in the order events flow: the Chronicle journal, the engine on it,
 * and the binary TCP ingest in front. Subscribers (WebSocket, SSE, webhooks) arrive with the rest of the transport;
 * until then the engine delivers to a counting port, so publishes are journaled, ACKed and replayable.
 * {@link #close()} stops in the reverse order: no new publishes, the ring drained, the journal flushed and closed.
 */
final class RingcastServer implements AutoCloseable
{
    private final ChronicleJournal journal;
    private final RingcastEngine engine;
    private final TcpIngestServer tcp;

    private RingcastServer(final ChronicleJournal journal, final RingcastEngine engine, final TcpIngestServer tcp)
    {
        this.journal = journal;
        this.engine = engine;
        this.tcp = tcp;
    }

    /** Starts everything, or closes what started and rethrows. */
    static RingcastServer start(final JournalConfig journalConfig, final TcpIngestConfig tcpConfig)
    {
        final ChronicleJournal journal = ChronicleJournal.open(journalConfig);
        RingcastEngine engine = null;
        try
        {
            engine = RingcastEngine.start(EngineConfig.builder().codecLimits(journalConfig.limits()).build(), journal,
                new CountingDelivery());
            final TcpIngestServer tcp = TcpIngestServer.start(tcpConfig, engine, journal::headSeq, journal::epoch,
                TokenValidator.ACCEPT_ALL);
            return new RingcastServer(journal, engine, tcp);
        }
        catch (final RuntimeException ex)
        {
            if (engine != null)
            {
                engine.close();
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
        out.println("ringcast: WebSocket, SSE and HTTP delivery arrive with the rest of the transport; " +
            "publishes are journaled, ACKed and replayable now");
        out.flush();
    }

    /** The bound TCP port. */
    int tcpPort()
    {
        return tcp.port();
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
                engine.close();
            }
            finally
            {
                journal.close();
            }
        }
    }
}
