package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebSocketServerTest
{
    private final WebSocketTestSupport support = new WebSocketTestSupport();

    @AfterEach
    void tearDown()
    {
        support.close();
    }

    @Test
    void shouldWelcomeWithSessionHeadSeqEpochAndHeartbeat() throws Exception
    {
        support.publish("t", java.util.Map.of(), "1");
        WebSocketTestSupport.await("journal head", () -> support.journal.headSeq() >= 1);
        final WebSocketTestSupport.Client client = new WebSocketTestSupport.Client();
        client.socket = HttpClient.newHttpClient().newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + support.server.port() + "/ws?user=zed"), client)
            .get(10, TimeUnit.SECONDS);
        final JsonNode welcome = client.expect("welcome");
        assertEquals(support.journal.headSeq(), welcome.get("seq").asLong());
        assertEquals("epoch-1", welcome.get("epoch").textValue());
        assertEquals("zed", welcome.get("client").textValue());
        assertTrue(welcome.get("session").textValue().length() > 0);
        assertEquals(30_000, welcome.get("heartbeatMs").asLong());
        client.socket.abort();
    }

    @Test
    void shouldAnswerOtherPathsWith404() throws Exception
    {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + support.server.port() + "/other")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(404, response.statusCode());
    }

    @Test
    void shouldRefuseSecondConnectionOfSameUser() throws Exception
    {
        support.connect("twice");
        final ExecutionException ex = assertThrows(ExecutionException.class, () -> HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + support.server.port() + "/ws?user=twice"),
                new WebSocket.Listener()
                {
                })
            .get(10, TimeUnit.SECONDS));
        assertTrue(ex.getCause() instanceof WebSocketHandshakeException, ex::toString);
        assertEquals(409, ((WebSocketHandshakeException)ex.getCause()).getResponse().statusCode());
    }

    @Test
    void shouldUnsubscribeClientWhenConnectionCloses() throws Exception
    {
        final WebSocketTestSupport.Client client = support.connect("leaver");
        client.subscribe("{\"op\":\"subscribe\",\"id\":\"a\",\"topic\":\"x.>\"}");
        client.subscribe("{\"op\":\"subscribe\",\"id\":\"b\",\"topic\":\"y\"}");
        assertEquals(2, support.engine.registry().size());

        client.socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);

        WebSocketTestSupport.await("registry empty", () -> support.engine.registry().size() == 0);
        WebSocketTestSupport.await("connection gone", () -> support.server.connectionCount() == 0);
        final WebSocketTestSupport.Client again = support.connect("leaver");
        again.subscribe("{\"op\":\"subscribe\",\"id\":\"a\",\"topic\":\"x.>\"}");
    }

    @Test
    void shouldCloseConnectionsWithGoingAwayOnServerClose() throws Exception
    {
        final WebSocketTestSupport.Client client = support.connect("stayer");
        client.subscribe("{\"op\":\"subscribe\",\"id\":\"a\",\"topic\":\"x\"}");

        support.server.close();

        assertEquals(1001, client.closed.get(10, TimeUnit.SECONDS));
        WebSocketTestSupport.await("registry empty", () -> support.engine.registry().size() == 0);
    }

    @Test
    void shouldCloseWith1009WhenClientFrameExceedsMaxFrameSize() throws Exception
    {
        final WebSocketTestSupport.Client client = support.connect("big");
        client.socket.sendText("{\"op\":\"ping\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}", true);

        assertEquals(1009, client.closed.get(10, TimeUnit.SECONDS));
    }

    @Test
    void shouldSendHeartbeatPingsWhenIdle() throws Exception
    {
        try (WebSocketTestSupport quick = new WebSocketTestSupport(io.ringcast.engine.pipeline.EngineConfig.defaults(),
            WebSocketConfig.defaults().withPort(0).withHeartbeatMillis(20)))
        {
            final WebSocketTestSupport.Client client = quick.connect("idle");
            assertTrue(client.pinged.get(10, TimeUnit.SECONDS));
        }
    }
}
