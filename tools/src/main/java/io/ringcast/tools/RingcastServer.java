package io.ringcast.tools;

import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.engine.policy.RateLimits;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;
import io.ringcast.journal.deadletter.DeadLetterStore;
import io.ringcast.journal.deadletter.Redriver;
import io.ringcast.transport.auth.Authenticator;
import io.ringcast.transport.auth.OpenAuthenticator;
import io.ringcast.transport.http.AdminOnlyRoutes;
import io.ringcast.transport.http.ApiRoutes;
import io.ringcast.transport.http.DeadLetterRoutes;
import io.ringcast.transport.http.RouteTable;
import io.ringcast.transport.http.StateRestore;
import io.ringcast.transport.tcp.TcpIngestConfig;
import io.ringcast.transport.tcp.TcpIngestServer;
import io.ringcast.transport.ws.WebSocketConfig;
import io.ringcast.transport.http.DeliveryGauges;
import io.ringcast.transport.webhook.WebhookDispatcher;
import io.ringcast.transport.webhook.WebhookDispatcherConfig;
import io.ringcast.transport.ws.WebSocketDelivery;
import io.ringcast.transport.ws.WebSocketServer;

/**
 * The server {@code ringcast serve} runs, wired in the order events flow: the Chronicle journal, the engine on it
 * delivering through WebSocket and SSE, the binary TCP ingest in front and the HTTP port (WebSocket, SSE, the HTTP
 * API, dead-letter re-drive) behind, all sharing one {@link Authenticator}. Before the ports open, the users'
 * preferences and server-side subscriptions are rebuilt from the journal's state log ({@link StateRestore}).
 * {@link #close()} stops in the reverse order of arrival: no new publishes, subscribers told 1001, the ring drained,
 * the journal flushed and closed.
 */
final class RingcastServer implements AutoCloseable
{
    /** Default dead letters past which {@code /health} reports degraded. */
    static final long DEFAULT_DEAD_LETTER_ALERT = 1000;

    private final ChronicleJournal journal;
    private final RingcastEngine engine;
    private final TcpIngestServer tcp;
    private final WebSocketServer ws;
    private final DeadLetterStore deadLetters;
    private final RouteTable routes;
    private final Authenticator authenticator;
    private final StateRestore.Result restored;
    private final WebhookDispatcher webhooks;

    private RingcastServer(final ChronicleJournal journal, final RingcastEngine engine, final TcpIngestServer tcp,
        final WebSocketServer ws, final DeadLetterStore deadLetters, final RouteTable routes,
        final Authenticator authenticator, final StateRestore.Result restored, final WebhookDispatcher webhooks)
    {
        this.restored = restored;
        this.webhooks = webhooks;
        this.journal = journal;
        this.engine = engine;
        this.tcp = tcp;
        this.ws = ws;
        this.deadLetters = deadLetters;
        this.routes = routes;
        this.authenticator = authenticator;
    }

    /** Starts everything with auth off, or closes what started and rethrows. */
    static RingcastServer start(final JournalConfig journalConfig, final TcpIngestConfig tcpConfig,
        final WebSocketConfig wsConfig)
    {
        return start(journalConfig, tcpConfig, wsConfig, OpenAuthenticator.INSTANCE);
    }

    /** Starts everything without rate limits, or closes what started and rethrows. */
    static RingcastServer start(final JournalConfig journalConfig, final TcpIngestConfig tcpConfig,
        final WebSocketConfig wsConfig, final Authenticator authenticator)
    {
        return start(journalConfig, tcpConfig, wsConfig, authenticator, RateLimits.NONE);
    }

    /** Starts everything with the server's {@code rateLimits}, or closes what started and rethrows. */
    static RingcastServer start(final JournalConfig journalConfig, final TcpIngestConfig tcpConfig,
        final WebSocketConfig wsConfig, final Authenticator authenticator, final RateLimits rateLimits)
    {
        return start(journalConfig, tcpConfig, wsConfig, authenticator, rateLimits, DEFAULT_DEAD_LETTER_ALERT,
            WebhookDispatcherConfig.DEFAULT);
    }

    /**
     * Starts everything with the server's {@code rateLimits}, reporting {@code /health} degraded past
     * {@code deadLetterAlert} dead letters (0: never), posting webhooks with {@code webhookConfig}; or closes what
     * started and rethrows.
     */
    static RingcastServer start(final JournalConfig journalConfig, final TcpIngestConfig tcpConfig,
        final WebSocketConfig wsConfig, final Authenticator authenticator, final RateLimits rateLimits,
        final long deadLetterAlert, final WebhookDispatcherConfig webhookConfig)
    {
        final ChronicleJournal journal = ChronicleJournal.open(journalConfig);
        DeadLetterStore deadLetters = null;
        WebhookDispatcher webhooks = null;
        RingcastEngine engine = null;
        RouteTable routes = null;
        WebSocketServer ws = null;
        try
        {
            // after the journal: the journal's folder rules decide whether this folder may be written to
            deadLetters = DeadLetterStore.open(journalConfig.directory(), journalConfig.rollCycle(),
                journalConfig.retention(), java.time.Clock.systemUTC());
            webhooks = new WebhookDispatcher(webhookConfig, deadLetters);
            final WebSocketDelivery delivery = new WebSocketDelivery();
            engine = RingcastEngine.start(EngineConfig.builder().codecLimits(journalConfig.limits())
                .rateLimits(rateLimits).build(), journal, delivery);
            // before any port opens: clients must find their preferences and server-side subscriptions in force
            final StateRestore.Result restored = StateRestore.restore(engine, journal.stateLog().readAll());
            final AtomicReference<WebSocketServer> wsRef = new AtomicReference<>();
            final AtomicReference<TcpIngestServer> tcpRef = new AtomicReference<>();
            final ApiRoutes api = ApiRoutes.builder(engine)
                .authenticator(authenticator)
                .maxBodyBytes(wsConfig.maxHttpBodyBytes())
                .journalHead(journal::headSeq)
                .websocketConnections(() -> wsRef.get() == null ? 0 : wsRef.get().connectionCount())
                .tcpConnections(() -> tcpRef.get() == null ? 0 : tcpRef.get().connectionCount())
                .policyGauges(new DeliveryGauges(webhooks, deadLetters, deadLetterAlert,
                    () -> wsRef.get() == null ? Map.of() : wsRef.get().serverSideBatches()))
                .build();
            // re-drive is an operator action: admins only when auth is on
            routes = new RouteTable(new AdminOnlyRoutes(new DeadLetterRoutes(new Redriver(deadLetters, journal,
                engine)), authenticator), api);
            ws = WebSocketServer.builder(wsConfig, engine).journal(journal).routes(routes)
                .authenticator(authenticator).deadLetters(deadLetters).delivery(delivery).webhooks(webhooks).start();
            wsRef.set(ws);
            final TcpIngestServer tcp = TcpIngestServer.start(tcpConfig, engine, journal::headSeq, journal::epoch,
                authenticator);
            tcpRef.set(tcp);
            return new RingcastServer(journal, engine, tcp, ws, deadLetters, routes, authenticator, restored,
                webhooks);
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
            if (webhooks != null)
            {
                webhooks.close();
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
        final String http = "http://" + ws.config().bindAddress() + ":" + ws.port();
        out.println("ringcast: journal " + journal.directory().toAbsolutePath() + " (epoch " + journal.epoch() +
            ", head seq " + journal.headSeq() + ", " + journal.config().durability().name().toLowerCase() + ")");
        out.println("ringcast: " + restored.summary());
        for (final String problem : restored.problems())
        {
            out.println("ringcast: state log: " + problem);
        }
        out.println("ringcast: binary TCP ingest on " + tcp.config().bindAddress() + ":" + tcp.port() +
            " (protocol: transport/PROTOCOL.md; " + tcp.transport().name().toLowerCase() + ")");
        out.println("ringcast: WebSocket subscribers on ws://" + ws.config().bindAddress() + ":" + ws.port() + "/ws");
        out.println("ringcast: Server-Sent Events on " + http + "/sse?topic=...");
        out.println("ringcast: HTTP publish on POST " + http + "/api/publish; health " + http + "/health, metrics " +
            http + "/metrics, admin " + http + "/api/{stats,subscriptions,clients/ID,dead-letters/ID/redrive}");
        out.println("ringcast: auth " + (authenticator.required() ? "on (JWT required on every transport)" :
            "off (clients name themselves; serve binds non-loopback addresses only with a key or --no-auth)") +
            "; slow consumers: " + ws.config().slowConsumerPolicy().label());
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

    /** What was rebuilt from the state log at start. */
    StateRestore.Result restored()
    {
        return restored;
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
                    // the engine's last batches (held events included) may still go to webhooks: close it first
                    engine.close();
                }
                finally
                {
                    try
                    {
                        webhooks.close();
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
}
