package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;

/** Shows that an SSE stream is not told when the engine expires its (only) subscription. */
class SseIdleExpiryTest
{
    @Test
    void shouldTellTheStreamWhenItsSubscriptionExpires() throws Exception
    {
        final InMemoryJournal journal = new InMemoryJournal();
        final RingcastEngine engine = RingcastEngine.start(EngineConfig.builder()
            .idleExpiry(Duration.ofMillis(100), Duration.ofMillis(20)).build(), journal, new WebSocketDelivery());
        try (WebSocketServer server = WebSocketServer.builder(WebSocketConfig.defaults().withPort(0), engine).start();
            SseStreamTest.SseClient client = SseStreamTest.SseClient.get(server.port(), "/sse?topic=a.>"))
        {
            assertEquals("welcome", client.next().event);
            WebSocketTestSupport.await("the engine to expire the subscription", () -> engine.registry().size() == 0);
            // fails today: WebSocketDelivery.onSubscriptionClosed only reports EXPIRED to a WebSocketSink, so the
            // stream stays open with no subscription (pings forever) and this read times out
            assertEquals("unsubscribed", client.next().event);
        }
        finally
        {
            engine.close();
        }
    }
}
