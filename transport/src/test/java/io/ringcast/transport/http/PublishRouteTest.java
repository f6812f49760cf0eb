package io.ringcast.transport.http;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.metrics.RejectReason;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.PublishStatus;
import io.ringcast.transport.http.HttpApiFixture.RawResponse;

import static io.ringcast.transport.http.HttpApiFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/publish on a real server and engine: seq, duplicates, every refusal, keep-alive order. */
class PublishRouteTest
{
    private static final String EVENT = "{\"topic\":\"models.openai.gpt-x\",\"id\":\"evt-1\",\"priority\":\"high\"," +
        "\"attrs\":{\"providerName\":\"openai\",\"severity\":3},\"data\":{\"summary\":\"new model\"}}";

    @Test
    void shouldAnswerSeqOnceJournaledAndTheOriginalSeqForADuplicateDedupKey() throws Exception
    {
        try (HttpApiFixture f = new HttpApiFixture())
        {
            final HttpResponse<String> first = f.publish(EVENT, "Content-Type", "application/json");
            assertEquals(200, first.statusCode(), first.body());
            final JsonNode a = json(first);
            assertEquals(1, a.get("seq").asLong());
            assertFalse(a.get("duplicate").asBoolean());
            assertEquals("evt-1", a.get("id").asText());
            assertEquals(1, f.journal.headSeq());

            final String keyed = "{\"topic\":\"users.42.tasks\",\"id\":\"t-1\",\"dedupKey\":\"water-plants\"}";
            assertEquals(2, json(f.publish(keyed)).get("seq").asLong());
            final JsonNode again = json(f.publish(keyed.replace("t-1", "t-2")));
            assertEquals(2, again.get("seq").asLong(), again.toString());
            assertTrue(again.get("duplicate").asBoolean());
            assertEquals(3, json(f.publish(keyed.replace("water-plants", "feed-cat"))).get("seq").asLong());
            assertEquals(3, f.journal.headSeq());
        }
    }

    @Test
    void shouldNameTheFieldOfABadRequest() throws Exception
    {
        try (HttpApiFixture f = new HttpApiFixture())
        {
            assertBadRequest(f.publish("{\"topic\":"), "body", "not one JSON object");
            assertBadRequest(f.publish("[1,2]"), "body", "must be a JSON object, was an array");
            assertBadRequest(f.publish("{\"id\":\"x\"}"), "topic", "is required");
            assertBadRequest(f.publish("{\"topic\":\"a..b\"}"), "topic", "dot-separated");
            assertBadRequest(f.publish("{\"topic\":\"a.b\",\"priority\":\"urgent\"}"), "priority", "\"urgent\"");
            assertBadRequest(f.publish("{\"topic\":\"a.b\",\"attrs\":{\"tags\":[1]}}"), "attrs.tags",
                "string, number or boolean, was an array");
            assertBadRequest(f.publish("{\"topic\":\"a.b\",\"attrs\":{\"ts\":1}}"), "attrs.ts", "reserved");
            assertBadRequest(f.publish("{\"topic\":\"a.b\",\"topic\":\"c\"}"), "body", "Duplicate field 'topic'");
            assertEquals(0, f.journal.headSeq(), "nothing refused reaches the journal");
        }
    }

    @Test
    void shouldRefuseTooLargeBodiesWrongTypesAndWrongMethods() throws Exception
    {
        try (HttpApiFixture f = new HttpApiFixture(b -> b.maxBodyBytes(256)))
        {
            final String big = "{\"topic\":\"a.b\",\"data\":\"" + "x".repeat(400) + "\"}";
            final HttpResponse<String> tooBig = f.publish(big);
            assertEquals(413, tooBig.statusCode());
            assertEquals("payload_too_large", json(tooBig).at("/error/code").asText());
            assertTrue(tooBig.body().contains("at most 256"), tooBig.body());
            assertEquals(1, f.engine.metrics().rejected(RejectReason.TOO_LARGE));

            final HttpResponse<String> form = f.publish(EVENT, "Content-Type", "application/x-www-form-urlencoded");
            assertEquals(415, form.statusCode());
            assertEquals("unsupported_media_type", json(form).at("/error/code").asText());
            assertEquals(200, f.publish(EVENT, "Content-Type", "application/json; charset=utf-8").statusCode());

            final HttpResponse<String> get = f.get("/api/publish");
            assertEquals(405, get.statusCode());
            assertEquals("POST", get.headers().firstValue("allow").orElse(""));
            assertEquals("method_not_allowed", json(get).at("/error/code").asText());

            final HttpResponse<String> unknown = f.get("/api/nothing-here");
            assertEquals(404, unknown.statusCode());
            assertEquals("not_found", json(unknown).at("/error/code").asText());
        }
    }

    @Test
    void shouldAnswerBusyWithRetryAfterWhenTheRingIsFullAndPublishOnceItDrains() throws Exception
    {
        try (HttpApiFixture f = new HttpApiFixture(EngineConfig.builder().ringSize(64).build(), b -> b))
        {
            f.journal.hold();
            final EnginePublisher filler = f.engine.newPublisher();
            final byte[] bytes = new Event(0, "fill", "", "fill.x", Priority.NORMAL, 1, null, ContentType.OPAQUE, null)
                .toBytes();
            int queued = 0;
            while (filler.tryPublish(new UnsafeBuffer(bytes), 0, bytes.length, null, 0) == PublishStatus.QUEUED)
            {
                queued++;
            }
            assertTrue(queued <= 64, "the ring took " + queued);

            final HttpResponse<String> busy = f.publish(EVENT);
            assertEquals(503, busy.statusCode(), busy.body());
            assertEquals("1", busy.headers().firstValue("retry-after").orElse(""));
            assertEquals("busy", json(busy).at("/error/code").asText());

            f.journal.release();
            // the stages need a moment to work through the full ring: until then a publish is still "busy"
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (f.engine.ringDepth() > 0 && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            final JsonNode accepted = json(f.publish(EVENT));
            assertEquals(2, accepted.get("seq").asLong(), "the fillers were one dedup key: seq 1 and duplicates");
        }
    }

    @Test
    void shouldAnswer500WhenTheJournalFails() throws Exception
    {
        try (HttpApiFixture f = new HttpApiFixture())
        {
            f.journal.failNext();
            final HttpResponse<String> failed = f.publish(EVENT);
            assertEquals(500, failed.statusCode());
            assertEquals("journal_failed", json(failed).at("/error/code").asText());
            assertTrue(failed.body().contains("disk full (test)"), failed.body());
            assertEquals(200, f.publish(EVENT.replace("evt-1", "evt-2")).statusCode());
        }
    }

    @Test
    void shouldAnswerPipelinedRequestsOnOneConnectionInOrder() throws Exception
    {
        try (HttpApiFixture f = new HttpApiFixture();
            Socket socket = new Socket("127.0.0.1", f.server.port()))
        {
            socket.setSoTimeout((int)TimeUnit.SECONDS.toMillis(HttpApiFixture.TIMEOUT_SECONDS));
            final OutputStream out = socket.getOutputStream();
            final InputStream in = socket.getInputStream();
            f.journal.hold(); // the first publish waits in the journal while the requests behind it are read
            out.write((post(EVENT) + "GET /health HTTP/1.1\r\nHost: t\r\n\r\n" + post(EVENT.replace("evt-1", "evt-2")) +
                "GET /api/nope HTTP/1.1\r\nHost: t\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            awaitPublished(f, 1);
            f.journal.release();

            final RawResponse first = RawResponse.read(in);
            assertEquals(200, first.status());
            assertTrue(first.body().contains("\"seq\":1"), first.body());
            final RawResponse health = RawResponse.read(in);
            assertTrue(health.body().contains("\"status\":\"ok\""), health.body());
            final RawResponse second = RawResponse.read(in);
            assertTrue(second.body().contains("\"seq\":2"), second.body());
            assertEquals(404, RawResponse.read(in).status());

            out.write(post(EVENT.replace("evt-1", "evt-3")).getBytes(StandardCharsets.UTF_8)); // still open: keep-alive
            out.flush();
            assertTrue(RawResponse.read(in).body().contains("\"seq\":3"));

            out.write("GET /health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            final RawResponse last = RawResponse.read(in);
            assertEquals("close", last.headers().get("connection"));
            assertEquals(-1, in.read(), "the server closes after a Connection: close request");
        }
    }

    private static void awaitPublished(final HttpApiFixture f, final long count)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HttpApiFixture.TIMEOUT_SECONDS);
        while (f.engine.metrics().published.get() < count)
        {
            assertTrue(System.nanoTime() < deadline, "the publish never reached the ring");
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static String post(final String body)
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return "POST /api/publish HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: " +
            bytes.length + "\r\n\r\n" + body;
    }

    private static void assertBadRequest(final HttpResponse<String> response, final String field, final String text)
        throws Exception
    {
        assertEquals(400, response.statusCode(), response.body());
        final JsonNode error = json(response).get("error");
        assertEquals("bad_request", error.get("code").asText());
        assertEquals(field, error.get("field").asText(), error.toString());
        assertTrue(error.get("message").asText().startsWith(field + ": "), error.toString());
        assertTrue(error.get("message").asText().contains(text), error.toString());
    }
}
