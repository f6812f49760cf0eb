package io.ringcast.transport.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.assemble.Batch;
import io.ringcast.engine.delivery.RecordingDelivery;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.event.PublishCallback;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;
import io.ringcast.journal.deadletter.DeadLetter;
import io.ringcast.journal.deadletter.DeadLetterReason;
import io.ringcast.journal.deadletter.DeadLetterStore;
import io.ringcast.journal.deadletter.Redriver;
import io.ringcast.transport.ws.WebSocketConfig;
import io.ringcast.transport.ws.WebSocketServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/dead-letters/{id}/redrive on a real server, engine, journal and dead-letter store. */
class DeadLetterRoutesTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRedriveOnceAndAnswerEveryOtherCasePrecisely() throws Exception
    {
        final RecordingDelivery delivery = new RecordingDelivery();
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(dir));
            DeadLetterStore store = DeadLetterStore.open(dir, "HOURLY", Duration.ofDays(7), Clock.systemUTC());
            RingcastEngine engine = RingcastEngine.start(EngineConfig.defaults(), journal, delivery);
            DeadLetterRoutes routes = new DeadLetterRoutes(new Redriver(store, journal, engine));
            WebSocketServer server = WebSocketServer.start(WebSocketConfig.defaults().withPort(0), engine,
                journal::headSeq, journal::epoch, routes))
        {
            engine.subscribe(new Subscription("c1", "s1", TopicPattern.parse("models.>"), null,
                BatchPolicy.ofMillis(100, 0), 0), null);
            publish(engine);
            delivery.await(() -> delivery.eventsFor("c1", "s1").size() == 1, Duration.ofSeconds(10), "the event");
            final DeadLetter letter = store.add("s1", "c1", 1, DeadLetterReason.SLOW_CONSUMER, 1, 0, 0, "slow");
            final String base = "http://127.0.0.1:" + server.port() + "/api/dead-letters/";

            final HttpResponse<String> ok = post(base + letter.id() + "/redrive");
            assertEquals(200, ok.statusCode(), ok.body());
            assertTrue(ok.body().startsWith("{\"id\":" + letter.id() + ",\"redriven\":true,\"redrivenAt\":"), ok.body());
            delivery.await(() -> delivery.batches().stream().anyMatch(b -> b.trigger() == Batch.Trigger.REDRIVE),
                Duration.ofSeconds(10), "the re-driven batch");

            final HttpResponse<String> again = post(base + letter.id() + "/redrive");
            assertEquals(409, again.statusCode());
            assertTrue(again.body().contains("already re-driven"), again.body());
            assertEquals(404, post(base + "999/redrive").statusCode());
            assertEquals(404, post(base + "abc/redrive").statusCode());
            final HttpResponse<String> get = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base + letter.id() + "/redrive")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, get.statusCode());
        }
    }

    private static HttpResponse<String> post(final String url) throws Exception
    {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void publish(final RingcastEngine engine) throws InterruptedException
    {
        final CountDownLatch acked = new CountDownLatch(1);
        final byte[] bytes = new Event(0, "e1", "", "models.x", Priority.NORMAL, 1, Map.of(), ContentType.JSON,
            "{}".getBytes(StandardCharsets.UTF_8)).toBytes();
        engine.newPublisher().publish(new UnsafeBuffer(bytes), 0, bytes.length, new PublishCallback()
        {
            @Override
            public void onAccepted(final long correlationId, final long seq)
            {
                acked.countDown();
            }

            @Override
            public void onDuplicate(final long correlationId, final long originalSeq)
            {
            }

            @Override
            public void onFailed(final long correlationId, final String reason)
            {
            }
        }, 1);
        assertTrue(acked.await(10, TimeUnit.SECONDS));
    }
}
