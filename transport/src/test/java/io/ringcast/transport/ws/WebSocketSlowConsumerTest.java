package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.pipeline.EngineConfig;

class WebSocketSlowConsumerTest
{
    private static final int CHUNK = 20;
    private static final int MAX_CHUNKS = 2_000;

    private final WebSocketTestSupport support = new WebSocketTestSupport(EngineConfig.defaults(),
        WebSocketConfig.defaults().withPort(0).withWriteWaterMarks(128 * 1024, 256 * 1024).withSendBufferBytes(8192));

    @AfterEach
    void tearDown()
    {
        support.close();
    }

    @Test
    void shouldDisconnectClientThatStopsReadingWhileOthersKeepReceiving() throws Exception
    {
        final WebSocketTestSupport.Client normal = support.connect("normal");
        normal.subscribe(
            "{\"op\":\"subscribe\",\"id\":\"n\",\"topic\":\"load\",\"batch\":{\"max\":100,\"lingerMs\":0}}");
        try (RawWebSocket slow = RawWebSocket.connect(support.server.port(), "slow", 4096))
        {
            slow.sendText(
                "{\"op\":\"subscribe\",\"id\":\"s\",\"topic\":\"load\",\"batch\":{\"max\":100,\"lingerMs\":0}}");
            assertTrue(slow.readText().contains("\"welcome\""));
            assertTrue(slow.readText().contains("\"subscribed\""));
            assertEquals(2, support.engine.registry().size());

            final String payload = "\"" + "x".repeat(1000) + "\"";
            int published = 0;
            int received = 0;
            for (int chunk = 0; chunk < MAX_CHUNKS && support.delivery.slowConsumerDisconnects() == 0; chunk++)
            {
                for (int i = 0; i < CHUNK; i++)
                {
                    support.publish("load", Map.of("i", (long)published++), payload);
                }
                // paces publishing to the normal client's speed, so only the client that stopped reading falls behind
                while (received < published)
                {
                    received += normal.expect("events").get("events").size();
                }
            }
            assertEquals(1, support.delivery.slowConsumerDisconnects());
            WebSocketTestSupport.await("slow client unsubscribed",
                () -> support.engine.registry().ofClient("slow").isEmpty());

            final String last = support.publish("load", Map.of(), "\"last\"");
            published++;
            String lastId = null;
            while (received < published)
            {
                final JsonNode events = normal.expect("events").get("events");
                received += events.size();
                lastId = events.get(events.size() - 1).get("id").textValue();
            }
            assertEquals(last, lastId);
            assertEquals(published, received);
            assertEquals(1, support.engine.registry().size());
            WebSocketTestSupport.await("slow socket closed", () -> support.server.connectionCount() == 1);
        }
    }
}
