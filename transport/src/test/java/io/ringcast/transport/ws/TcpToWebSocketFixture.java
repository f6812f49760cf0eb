package io.ringcast.transport.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.ringcast.client.RingcastPublisher;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;
import io.ringcast.transport.auth.OpenAuthenticator;
import io.ringcast.transport.tcp.TcpIngestConfig;
import io.ringcast.transport.tcp.TcpIngestServer;

/**
 * The whole path a real deployment runs, on loopback: a Chronicle journal in a temporary folder, the engine
 * delivering through {@link WebSocketDelivery}, the binary TCP ingest in front (publishers use the SDK's
 * {@link RingcastPublisher}) and the WebSocket endpoint behind (subscribers use the JDK's WebSocket client, one
 * shared {@link HttpClient}). Closed in the order the server closes: ingest, WebSocket, engine, journal.
 */
final class TcpToWebSocketFixture implements AutoCloseable
{
    static final long TIMEOUT_SECONDS = 20;

    final ChronicleJournal journal;
    final RingcastEngine engine;
    final WebSocketServer ws;
    final TcpIngestServer tcp;
    final HttpClient http = HttpClient.newHttpClient();

    TcpToWebSocketFixture(final Path directory, final EngineConfig engineConfig, final WebSocketConfig wsConfig)
    {
        journal = ChronicleJournal.open(JournalConfig.defaults(directory));
        engine = RingcastEngine.start(engineConfig, journal, new WebSocketDelivery());
        ws = WebSocketServer.start(wsConfig, engine, journal::headSeq, journal::epoch);
        tcp = TcpIngestServer.start(TcpIngestConfig.defaults().withPort(0), engine, journal::headSeq,
            journal::epoch, OpenAuthenticator.INSTANCE);
    }

    TcpToWebSocketFixture(final Path directory)
    {
        this(directory, EngineConfig.defaults(), WebSocketConfig.defaults().withPort(0));
    }

    /** A publisher connected over the binary TCP protocol. */
    RingcastPublisher publisher()
    {
        return RingcastPublisher.connect("127.0.0.1", tcp.port(), "", "fixture");
    }

    /** Opens a JDK WebSocket as {@code user} (null: anonymous) and waits for the welcome. */
    JdkWsClient connect(final String user) throws Exception
    {
        final JdkWsClient client = new JdkWsClient();
        client.socket = http.newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + ws.port() + "/ws" + (user == null ? "" : "?user=" + user)),
                client)
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        client.expect("welcome");
        return client;
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
        }
    }
}
