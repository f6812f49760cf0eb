package io.ringcast.transport.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;
import io.ringcast.transport.JsonMessageListener;
import io.ringcast.transport.auth.AuthException;
import io.ringcast.transport.auth.Authenticator;
import io.ringcast.transport.auth.Principal;
import io.ringcast.transport.ws.WebSocketConfig;
import io.ringcast.transport.ws.WebSocketDelivery;
import io.ringcast.transport.ws.WebSocketServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A real Chronicle journal in a temporary folder, the engine on it, and the WebSocket/HTTP server on loopback serving
 * {@code RouteTable(ApiRoutes)}, with the JDK's HTTP and WebSocket clients: for the policy endpoints.
 */
final class PolicyApiFixture implements AutoCloseable
{
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final long TIMEOUT_SECONDS = 10;

    /** Fixed tokens instead of JWTs: "admin", "alice", "bob", and "alice-models" (may subscribe to models.> only). */
    static final Authenticator TOKENS = new Authenticator()
    {
        @Override
        public boolean required()
        {
            return true;
        }

        @Override
        public Principal authenticate(final String token) throws AuthException
        {
            switch (token == null ? "" : token)
            {
                case "admin":
                    return new Principal("root", Principal.NO_EXPIRY, null, null, true);
                case "alice":
                    return new Principal("alice", Principal.NO_EXPIRY, null, null, false);
                case "bob":
                    return new Principal("bob", Principal.NO_EXPIRY, null, null, false);
                case "alice-models":
                    return new Principal("alice", Principal.NO_EXPIRY, List.of(TopicPattern.parse("models.>")), null,
                        false);
                default:
                    throw new AuthException("bad signature");
            }
        }
    };

    final ChronicleJournal journal;
    final RingcastEngine engine;
    final ApiRoutes api;
    final WebSocketServer server;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * @param authenticator null for none (every caller an admin)
     */
    PolicyApiFixture(final Path dir, final Authenticator authenticator, final PolicyGauges gauges)
    {
        journal = ChronicleJournal.open(JournalConfig.defaults(dir));
        engine = RingcastEngine.start(EngineConfig.defaults(), journal, new WebSocketDelivery());
        api = ApiRoutes.builder(engine).authenticator(authenticator).policyGauges(gauges)
            .journalHead(journal::headSeq).build();
        final WebSocketServer.Builder b = WebSocketServer.builder(WebSocketConfig.defaults().withPort(0), engine)
            .journal(journal).routes(new RouteTable(api));
        if (authenticator != null)
        {
            b.authenticator(authenticator);
        }
        server = b.start();
    }

    URI uri(final String path)
    {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> send(final String method, final String path, final String body, final String token)
        throws Exception
    {
        final HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).method(method,
            body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null)
        {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(final HttpResponse<String> response) throws IOException
    {
        return MAPPER.readTree(response.body());
    }

    /** A WebSocket as {@code user} (auth off); returns its messages, the welcome already taken. */
    WebSocket connect(final String user, final BlockingQueue<JsonNode> messages) throws Exception
    {
        final WebSocket socket = http.newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws?user=" + user),
                new JsonMessageListener(messages))
            .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertEquals("welcome", next(messages).path("type").asText());
        return socket;
    }

    static BlockingQueue<JsonNode> queue()
    {
        return new LinkedBlockingQueue<>();
    }

    static JsonNode next(final BlockingQueue<JsonNode> messages) throws InterruptedException
    {
        final JsonNode m = messages.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(m, "no message within " + TIMEOUT_SECONDS + " s");
        return m;
    }

    @Override
    public void close()
    {
        server.close();
        api.close();
        engine.close();
        journal.close();
    }
}
