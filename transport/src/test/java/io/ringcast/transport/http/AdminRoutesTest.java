package io.ringcast.transport.http;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static io.ringcast.transport.http.HttpApiFixture.json;
import static io.ringcast.transport.http.HttpApiFixture.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /health, /metrics, /api/subscriptions, /api/clients/{id}, /api/stats on a real server and engine. */
class AdminRoutesTest
{
    private static final Pattern SAMPLE = Pattern.compile(
        "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? " +
        "(-?[0-9.]+(?:[eE][-+]?[0-9]+)?|NaN|[+-]Inf)");

    @Test
    void shouldReportHealth() throws Exception
    {
        try (HttpApiFixture f = new HttpApiFixture())
        {
            assertEquals(200, f.publish("{\"topic\":\"a.b\"}").statusCode());
            final HttpResponse<String> response = f.get("/health");
            assertEquals(200, response.statusCode());
            final JsonNode health = json(response);
            assertEquals("ok", health.get("status").asText());
            assertEquals(1, health.get("journalHead").asLong());
            assertTrue(health.get("ringDepth").isIntegralNumber());
            assertTrue(health.at("/connections/websocket").asInt() >= 1, health.toString());
            assertEquals(3, health.at("/connections/tcp").asInt());
            assertTrue(health.get("uptimeSeconds").asLong() >= 0);
            assertEquals(405, postStatus(f, "/health"));
        }
    }

    @Test
    void shouldExposeEveryEngineNumberInPrometheusTextFormat() throws Exception
    {
        try (HttpApiFixture f = new HttpApiFixture())
        {
            final BlockingQueue<JsonNode> alice = f.subscribe("alice", "s1", "models.>");
            assertEquals(200, f.publish("{\"topic\":\"models.x\",\"attrs\":{\"severity\":\"high\"}}").statusCode());
            assertEquals("events", next(alice).get("type").asText());
            assertEquals(400, f.publish("{}").statusCode());

            final HttpResponse<String> response = f.get("/metrics");
            assertEquals(200, response.statusCode());
            assertTrue(response.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"),
                response.headers().toString());
            final Map<String, Double> samples = parsePrometheusText(response.body());
            assertEquals(1.0, samples.get("ringcast_published_total"));
            assertEquals(1.0, samples.get("ringcast_accepted_total"));
            assertEquals(1.0, samples.get("ringcast_journaled_total"));
            assertEquals(1.0, samples.get("ringcast_events_delivered_total"));
            assertEquals(0.0, samples.get("ringcast_rejected_total{reason=\"busy\"}"));
            assertEquals(1.0, samples.get("ringcast_rejected_total{reason=\"malformed\"}"));
            assertEquals(0.0, samples.get("ringcast_rejected_total{reason=\"journal_failed\"}"));
            assertTrue(samples.containsKey("ringcast_dedup_keys"));
            assertEquals(1.0, samples.get("ringcast_journal_head_seq"));
            assertEquals(1.0, samples.get("ringcast_subscriptions"));
            assertEquals(3.0, samples.get("ringcast_connections{transport=\"tcp\"}"));
            assertTrue(samples.get("ringcast_connections{transport=\"websocket\"}") >= 1);
            assertTrue(samples.containsKey("ringcast_ring_depth"));
            assertEquals(1.0, samples.get("ringcast_delivery_latency_seconds_count"));
            assertTrue(samples.get("ringcast_delivery_latency_seconds{quantile=\"0.99\"}") > 0);
            assertTrue(samples.get("ringcast_delivery_latency_max_seconds") > 0);
        }
    }

    @Test
    void shouldListSubscriptionsAndClientsAndStats() throws Exception
    {
        try (HttpApiFixture f = new HttpApiFixture())
        {
            f.subscribe("alice", "s1", "models.>");
            f.subscribe("bob", "b1", "users.*.tasks");

            final JsonNode all = json(f.get("/api/subscriptions"));
            assertEquals(2, all.get("total").asInt());
            assertFalse(all.get("truncated").asBoolean());
            final JsonNode first = all.at("/subscriptions/0");
            assertEquals("alice", first.get("client").asText());
            assertEquals("s1", first.get("id").asText());
            assertEquals("models.>", first.get("topic").asText());
            assertTrue(first.get("filter").asText().contains("severity"), first.toString());
            assertFalse(first.get("paused").asBoolean());
            assertEquals(10, first.at("/batch/max").asInt());
            assertEquals(5, first.at("/batch/lingerMs").asInt());
            assertEquals(0, first.get("delivered").asLong());
            assertTrue(first.has("batches") && first.has("errors") && first.has("lastActivity"), first.toString());

            final JsonNode bobs = json(f.get("/api/subscriptions?client=bob"));
            assertEquals(1, bobs.get("count").asInt());
            assertEquals("b1", bobs.at("/subscriptions/0/id").asText());
            assertEquals(0, json(f.get("/api/subscriptions?client=nobody")).get("total").asInt());
            final JsonNode one = json(f.get("/api/subscriptions?limit=1"));
            assertEquals(1, one.get("count").asInt());
            assertTrue(one.get("truncated").asBoolean());
            final HttpResponse<String> badLimit = f.get("/api/subscriptions?limit=10001");
            assertEquals(400, badLimit.statusCode());
            assertEquals("limit", json(badLimit).at("/error/field").asText());

            final JsonNode alice = json(f.get("/api/clients/ali%63e"));
            assertEquals("alice", alice.get("client").asText());
            assertEquals(1, alice.get("subscriptionCount").asInt());
            assertEquals("s1", alice.at("/subscriptions/0/id").asText());
            final HttpResponse<String> nobody = f.get("/api/clients/nobody");
            assertEquals(404, nobody.statusCode());
            assertEquals("not_found", json(nobody).at("/error/code").asText());

            assertEquals(200, f.publish("{\"topic\":\"models.x\"}").statusCode());
            final JsonNode stats = json(f.get("/api/stats"));
            assertEquals(1, stats.at("/counters/accepted").asLong());
            assertEquals(0, stats.at("/rejected/busy").asLong());
            assertTrue(stats.at("/latencyNanos").has("p50") && stats.at("/latencyNanos").has("p999"), stats.toString());
            assertTrue(stats.at("/latencyNanos").has("max"));
            assertEquals(1, stats.get("journalHead").asLong());
            assertEquals(2, stats.get("subscriptions").asInt());
            assertTrue(stats.has("ringDepth"));
        }
    }

    private static int postStatus(final HttpApiFixture f, final String path) throws Exception
    {
        final HttpResponse<String> response = f.http.send(HttpRequest.newBuilder(f.uri(path))
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("GET", response.headers().firstValue("allow").orElse(""));
        return response.statusCode();
    }

    /** Every sample line parsed (name with its labels -> value); fails on any line that is not valid text format. */
    static Map<String, Double> parsePrometheusText(final String body)
    {
        final Map<String, Double> samples = new HashMap<>();
        for (final String line : body.split("\n"))
        {
            if (line.isEmpty() || line.startsWith("# HELP ") || line.startsWith("# TYPE "))
            {
                continue;
            }
            final Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a Prometheus text sample line: " + line);
            samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(
                m.group(3).replace("+Inf", "Infinity").replace("-Inf", "-Infinity")));
        }
        return samples;
    }
}
