package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.transport.auth.AuthException;
import io.ringcast.transport.auth.Authenticator;
import io.ringcast.transport.auth.Principal;

/**
 * WebSocket authentication with a required token: from {@code ?token=}, {@code Authorization: Bearer} or the
 * {@code auth} op; refused tokens; subscribe claims; a connection closed when its token expires.
 */
class WebSocketAuthTest
{
    private final RingcastEngine engine = RingcastEngine.start(EngineConfig.defaults(),
        new InMemoryJournal(), new WebSocketDelivery());
    private final WebSocketServer server = WebSocketServer.builder(
        WebSocketConfig.defaults().withPort(0).withAuthTimeoutMillis(300), engine)
        .authenticator(new TableAuthenticator()).start();

    @AfterEach
    void stop()
    {
        server.close();
        engine.close();
    }

    @Test
    void shouldAdmitATokenFromTheQueryAndNameTheClientAfterItsUser() throws Exception
    {
        final WebSocketTestSupport.Client c = connect("?token=alice", null);
        final JsonNode welcome = c.expect("welcome");
        assertTrue(welcome.get("client").asText().startsWith("alice#"), welcome::toString);
        c.subscribe("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"news.>\"}");
    }

    @Test
    void shouldAdmitABearerHeaderAndLetOneUserHaveTwoConnections() throws Exception
    {
        final WebSocketTestSupport.Client one = connect("", "Bearer alice");
        one.expect("welcome");
        final WebSocketTestSupport.Client two = connect("", "Bearer alice");
        two.expect("welcome");
        one.subscribe("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"news.>\"}");
        two.subscribe("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"news.>\"}");
    }

    @Test
    void shouldRefuseAnInvalidTokenWith401() throws Exception
    {
        final ExecutionException ex = assertThrows(ExecutionException.class, () -> connect("?token=nobody", null));
        assertTrue(ex.getCause() instanceof WebSocketHandshakeException, ex::toString);
        assertEquals(401, ((WebSocketHandshakeException)ex.getCause()).getResponse().statusCode());
    }

    @Test
    void shouldTakeTheTokenFromTheAuthOpAndRefuseCommandsBeforeIt() throws Exception
    {
        final WebSocketTestSupport.Client c = connect("", null);
        assertTrue(c.expect("welcome").get("authRequired").asBoolean());
        c.send("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"news.>\"}");
        assertEquals("unauthorized", c.expect("error").get("code").asText());
        c.send("{\"op\":\"auth\",\"token\":\"nobody\"}");
        assertEquals("unauthorized", c.expect("error").get("code").asText());
        c.send("{\"op\":\"auth\",\"token\":\"alice\"}");
        assertEquals("alice", c.expect("authenticated").get("user").asText());
        c.subscribe("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"news.>\"}");
        c.send("{\"op\":\"auth\",\"token\":\"bob\"}");
        assertEquals("forbidden", c.expect("error").get("code").asText(), "a connection keeps its user");
    }

    @Test
    void shouldCloseAConnectionThatNeverAuthenticates() throws Exception
    {
        final WebSocketTestSupport.Client c = connect("", null);
        c.expect("welcome");
        assertEquals("unauthorized", c.expect("error").get("code").asText());
        assertEquals(1008, c.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldEnforceTheTokensSubscribeClaims() throws Exception
    {
        final WebSocketTestSupport.Client c = connect("?token=bob", null);
        c.expect("welcome");
        c.subscribe("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"news.sport.>\"}");
        c.send("{\"op\":\"subscribe\",\"id\":\"s2\",\"topic\":\"news.>\"}");
        final JsonNode error = c.expect("error");
        assertEquals("forbidden", error.get("code").asText());
        assertEquals("s2", error.get("id").asText());
    }

    @Test
    void shouldCloseTheConnectionWhenTheTokenExpires() throws Exception
    {
        final WebSocketTestSupport.Client c = connect("?token=short", null);
        c.expect("welcome");
        assertEquals("token_expired", c.expect("error").get("code").asText());
        assertEquals(1008, c.closed.get(10, TimeUnit.SECONDS));
    }

    private WebSocketTestSupport.Client connect(final String query, final String authorization) throws Exception
    {
        final WebSocketTestSupport.Client client = new WebSocketTestSupport.Client();
        final WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        if (authorization != null)
        {
            builder.header("Authorization", authorization);
        }
        client.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws" + query), client)
            .get(WebSocketTestSupport.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        return client;
    }

    /** Tokens are user names: alice may do anything, bob only news.sport.*, short expires in 300 ms. */
    private static final class TableAuthenticator implements Authenticator
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
                case "alice":
                    return new Principal("alice", Principal.NO_EXPIRY, null, null, false);
                case "bob":
                    return new Principal("bob", Principal.NO_EXPIRY, List.of(TopicPattern.parse("news.sport.>")),
                        List.of(), false);
                case "short":
                    return new Principal("carol", System.currentTimeMillis() + 300, null, null, false);
                default:
                    throw new AuthException("unknown token");
            }
        }
    }
}
