package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.transport.auth.AuthException;
import io.ringcast.transport.auth.Authenticator;
import io.ringcast.transport.auth.Principal;

/**
 * Auth on {@code /sse}: a token from {@code ?token=} or {@code Authorization: Bearer}, 401 without a valid one,
 * 403 for a topic outside the token's subscribe patterns, and the stream ending when the token expires.
 */
class SseAuthTest
{
    /** Token "alice": models.> for ever; "brief": the same, expiring shortly after it is verified. */
    private static final Authenticator TOKENS = new Authenticator()
    {
        @Override
        public boolean required()
        {
            return true;
        }

        @Override
        public Principal authenticate(final String token) throws AuthException
        {
            final List<TopicPattern> models = List.of(TopicPattern.parse("models.>"));
            switch (token)
            {
                case "alice":
                    return new Principal("alice", Principal.NO_EXPIRY, models, null, false);
                case "brief":
                    return new Principal("brief", System.currentTimeMillis() + 300, models, null, false);
                default:
                    throw new AuthException("the token's signature does not verify");
            }
        }
    };

    private final InMemoryJournal journal = new InMemoryJournal();
    private final List<SseStreamTest.SseClient> clients = new ArrayList<>();
    private RingcastEngine engine;
    private WebSocketServer server;
    private EnginePublisher publisher;

    @BeforeEach
    void start()
    {
        engine = RingcastEngine.start(EngineConfig.defaults(), journal, new WebSocketDelivery());
        server = WebSocketServer.builder(WebSocketConfig.defaults().withPort(0), engine)
            .headSeq(journal::headSeq).epoch(() -> "e1").authenticator(TOKENS).start();
        publisher = engine.newPublisher();
    }

    @AfterEach
    void stop() throws IOException
    {
        for (final SseStreamTest.SseClient c : clients)
        {
            c.close();
        }
        server.close();
        engine.close();
    }

    @Test
    void shouldRefuseAStreamWithoutTokenWith401() throws Exception
    {
        final SseStreamTest.SseClient client = get("/sse?topic=models.>&user=alice");
        assertEquals(401, client.status);
        assertEquals("Bearer", client.headers.get("www-authenticate"));
        assertTrue(client.body().startsWith("unauthorized: this server requires a token"));
    }

    @Test
    void shouldRefuseABadTokenWith401() throws Exception
    {
        final SseStreamTest.SseClient client = get("/sse?topic=models.>&token=forged");
        assertEquals(401, client.status);
        assertEquals("unauthorized: the token's signature does not verify\n", client.body());
    }

    @Test
    void shouldRefuseATopicOutsideTheTokenWith403() throws Exception
    {
        final SseStreamTest.SseClient client = get("/sse?topic=users.>&token=alice");
        assertEquals(403, client.status);
        assertTrue(client.body().startsWith("forbidden: your token does not allow subscribing to 'users.>'"));
        assertEquals(0, engine.registry().size());
    }

    @Test
    void shouldStreamWithABearerHeader() throws Exception
    {
        final SseStreamTest.SseClient client = get("/sse?topic=models.>", "Authorization: Bearer alice");
        assertEquals(200, client.status);
        assertTrue(client.next().json().get("client").asText().startsWith("alice#"));
        SseStreamTest.publish(publisher, "models.x", Map.of(), "{}");
        assertEquals("1@e1", client.next().id);
    }

    @Test
    void shouldEndTheStreamWhenTheTokenExpires() throws Exception
    {
        final SseStreamTest.SseClient client = get("/sse?topic=models.>&token=brief");
        assertEquals(200, client.status);
        assertEquals("welcome", client.next().event);
        final SseStreamTest.SseRecord error = client.next();
        assertEquals("error", error.event);
        assertEquals("token_expired", error.json().get("code").asText());
        assertNull(client.next());
        assertTrue(client.endedCleanly);
        WebSocketTestSupport.await("the subscription to be removed", () -> engine.registry().size() == 0);
    }

    private SseStreamTest.SseClient get(final String target, final String... headers) throws IOException
    {
        final SseStreamTest.SseClient client = SseStreamTest.SseClient.get(server.port(), target, headers);
        clients.add(client);
        return client;
    }
}
