package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.client.Ack;
import io.ringcast.client.RingcastPublisher;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;

/**
 * 200 JDK WebSocket clients with different topic patterns and filters; events are published over the binary TCP
 * protocol. Every client must receive exactly the events its topic and filter select, in seq order, and nothing
 * else. The expected sets come from a matcher written here (NATS-style topics, the filters as Java predicates with
 * the documented semantics: a comparison on a missing attribute is false, a negated one true), not from the server.
 * <p>
 * "Nothing else": data subscriptions close their batches at the end of each ring batch (lingerMs 0) and every
 * client also holds an {@code end} subscription (batch max 1). After all expected events arrived, two sentinel
 * events are published one after the other; once the second reached a client, every batch of earlier events for
 * that client was written to its connection before it (one assemble thread, one channel, FIFO).
 */
class ManyClientsTest
{
    private static final int CLIENTS = 200;
    private static final int EVENTS = 1_000;
    private static final long TIMEOUT = TcpToWebSocketFixture.TIMEOUT_SECONDS;
    private static final String[] TOPICS = {"models.openai.gpt-x", "models.openai.o1", "models.anthropic.claude",
        "models.google.gemini.pro", "users.42.tasks", "users.7.tasks", "users.42.habits", "catalog.refresh",
        "noise.x"};
    private static final String[] PATTERNS = {"models.>", "models.openai.>", "models.*.gpt-x",
        "models.anthropic.claude", "users.*.tasks", "users.42.>", ">", "users.7.tasks", "catalog.*", "models.*.*",
        "models.google.>", "nobody.listens", "*.42.*"};
    private static final String[] PROVIDERS = {"openai", "anthropic", "google"};
    private static final String[] SEVERITIES = {"low", "high", "critical"};
    private static final String[] CAPABILITIES = {"text", "vision,text", "audio"};
    private static final double[] PRICES = {0.5, 1.0, 2.5, 3.0, 4.75};
    private static final String[] BATCHES = {"{\"max\":1}", "{\"max\":10,\"lingerMs\":0}",
        "{\"max\":1000,\"lingerMs\":0}", "{\"max\":3,\"lingerMs\":0}"};

    /** A filter as the client sends it (a JSON value) and the same rule computed here. */
    private record Selector(String json, Predicate<Event> rule)
    {
    }

    private static final Selector[] FILTERS = {
        new Selector("null", e -> true),
        new Selector("\"severity == \\\"high\\\"\"", e -> "high".equals(e.attributes().get("severity"))),
        new Selector("\"severity in [\\\"high\\\", \\\"critical\\\"]\"",
            e -> "high".equals(e.attributes().get("severity")) || "critical".equals(e.attributes().get("severity"))),
        new Selector("\"providerName != \\\"openai\\\"\"", e -> !"openai".equals(e.attributes().get("providerName"))),
        new Selector("\"contextTokens >= 100000\"", e -> number(e, "contextTokens") >= 100_000),
        new Selector("\"price < 2.5\"", e -> number(e, "price") < 2.5),
        new Selector("\"beta == true || severity == \\\"critical\\\"\"",
            e -> Boolean.TRUE.equals(e.attributes().get("beta")) || "critical".equals(e.attributes().get("severity"))),
        new Selector("\"!(providerName == \\\"openai\\\") && contextTokens > 1000\"",
            e -> !"openai".equals(e.attributes().get("providerName")) && number(e, "contextTokens") > 1000),
        new Selector("\"capability contains \\\"vision\\\"\"",
            e -> e.attributes().get("capability") instanceof String &&
            ((String)e.attributes().get("capability")).contains("vision")),
        new Selector("\"providerName startsWith \\\"open\\\" && priority >= \\\"high\\\"\"",
            e -> e.attributes().get("providerName") instanceof String &&
            ((String)e.attributes().get("providerName")).startsWith("open") &&
            e.priority().compareTo(Priority.HIGH) >= 0),
        new Selector("\"topic endsWith \\\"tasks\\\" || severity == \\\"low\\\"\"",
            e -> e.topic().endsWith("tasks") || "low".equals(e.attributes().get("severity"))),
        new Selector("{\"operator\":\"AND\",\"conditions\":[{\"field\":\"providerName\",\"op\":\"equals\"," +
            "\"value\":\"anthropic\"},{\"field\":\"price\",\"op\":\"lessThanOrEquals\",\"value\":3}]}",
            e -> "anthropic".equals(e.attributes().get("providerName")) && number(e, "price") <= 3),
    };

    @TempDir
    Path dir;

    @Test
    void shouldDeliverToEachOfManyClientsExactlyWhatItsTopicAndFilterSelect() throws Exception
    {
        final long seed = Long.getLong("ringcast.test.seed", System.nanoTime());
        final Random random = new Random(seed);
        final List<JdkWsClient> clients = new ArrayList<>();
        try (TcpToWebSocketFixture fixture = new TcpToWebSocketFixture(dir);
            RingcastPublisher publisher = fixture.publisher())
        {
            final String[] patterns = new String[CLIENTS];
            final Selector[] filters = new Selector[CLIENTS];
            for (int i = 0; i < CLIENTS; i++)
            {
                patterns[i] = PATTERNS[i % PATTERNS.length];
                filters[i] = FILTERS[(i / PATTERNS.length + i) % FILTERS.length];
                clients.add(fixture.connect("client-" + i));
            }
            for (int i = 0; i < CLIENTS; i++)
            {
                clients.get(i).send("{\"op\":\"subscribe\",\"id\":\"data\",\"topic\":\"" + patterns[i] +
                    "\",\"filter\":" + filters[i].json() + ",\"batch\":" + BATCHES[i % BATCHES.length] + "}");
                clients.get(i).send("{\"op\":\"subscribe\",\"id\":\"end\",\"topic\":\"end.of.stream\"," +
                    "\"batch\":{\"max\":1}}");
            }
            for (final JdkWsClient client : clients)
            {
                client.expect("subscribed");
                client.expect("subscribed");
            }

            final List<Event> events = new ArrayList<>();
            final List<CompletableFuture<Ack>> acks = new ArrayList<>();
            for (int n = 0; n < EVENTS; n++)
            {
                final Event event = randomEvent(random, n);
                events.add(event);
                acks.add(publisher.publish(event));
            }
            final long[] seqs = new long[EVENTS];
            for (int n = 0; n < EVENTS; n++)
            {
                seqs[n] = acks.get(n).get(TIMEOUT, TimeUnit.SECONDS).seq();
                assertTrue(n == 0 || seqs[n] > seqs[n - 1], "one publisher's events get increasing seqs");
            }

            final List<List<String>> expected = new ArrayList<>();
            final List<List<String>> received = new ArrayList<>();
            int deliveries = 0;
            for (int i = 0; i < CLIENTS; i++)
            {
                final List<String> want = new ArrayList<>();
                for (int n = 0; n < EVENTS; n++)
                {
                    final Event e = events.get(n);
                    if (topicMatches(patterns[i], e.topic()) && filters[i].rule().test(e))
                    {
                        want.add(seqs[n] + ":" + e.id());
                    }
                }
                deliveries += want.size();
                expected.add(want);
                received.add(new ArrayList<>());
            }
            for (int i = 0; i < CLIENTS; i++)
            {
                readUntil(clients.get(i), "data", received.get(i), expected.get(i).size(), null);
            }
            for (final String sentinel : new String[]{"end-1", "end-2"})
            {
                final Event end = new Event(0, sentinel, "", "end.of.stream", Priority.NORMAL, 1L, Map.of(),
                    ContentType.OPAQUE, null);
                final long seq = publisher.publish(end).get(TIMEOUT, TimeUnit.SECONDS).seq();
                for (int i = 0; i < CLIENTS; i++)
                {
                    readUntil(clients.get(i), "data", received.get(i), expected.get(i).size(), sentinel);
                    // a data subscription that selects the sentinels too (">") gets the first one before the second
                    if (sentinel.equals("end-1") && topicMatches(patterns[i], end.topic()) && filters[i].rule().test(end))
                    {
                        expected.get(i).add(seq + ":" + sentinel);
                    }
                }
            }
            for (int i = 0; i < CLIENTS; i++)
            {
                final int client = i;
                // its copy of the second sentinel may still be on the way: it is the one thing not compared
                received.get(i).removeIf(e -> e.endsWith(":end-2"));
                assertTrue(expected.get(i).equals(received.get(i)), () -> "client " + client + " (" +
                    patterns[client] + ", " + filters[client].json() + "), seed " + seed + ": " +
                    difference(expected.get(client), received.get(client)));
            }
            assertTrue(deliveries > EVENTS, "the selectors overlap: " + deliveries + " deliveries");
            assertTrue(expected.stream().anyMatch(List::isEmpty), "some client selects nothing");
        }
        finally
        {
            clients.forEach(JdkWsClient::abort);
        }
    }

    @Test
    void shouldDeliverEachEventOnceWhenSubscriptionsSharingItCloseTheirBatchesAtDifferentTimes() throws Exception
    {
        final List<JdkWsClient> clients = new ArrayList<>();
        try (TcpToWebSocketFixture fixture = new TcpToWebSocketFixture(dir);
            RingcastPublisher publisher = fixture.publisher())
        {
            // the batch of "waits" holds each event while the one-event batches of the others close at once
            final String[] batches = {"{\"max\":1}", "{\"max\":4,\"lingerMs\":60000}", "{\"max\":1}"};
            for (int i = 0; i < batches.length; i++)
            {
                clients.add(fixture.connect(i == 1 ? "waits" : "eager-" + i));
                clients.get(i).subscribe("{\"op\":\"subscribe\",\"id\":\"s\",\"topic\":\"shared.>\"," +
                    "\"batch\":" + batches[i] + "}");
            }
            final List<String> published = new ArrayList<>();
            for (int n = 0; n < 4; n++)
            {
                final Event e = new Event(0, "shared-" + n, "", "shared.t", Priority.NORMAL, 1L, Map.of(),
                    ContentType.JSON, ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
                published.add(publisher.publish(e).get(TIMEOUT, TimeUnit.SECONDS).seq() + ":" + e.id());
            }
            for (final JdkWsClient client : clients)
            {
                final List<String> got = new ArrayList<>();
                readUntil(client, "s", got, published.size(), null);
                assertEquals(published, got, "every subscriber gets each shared event once, with its own content");
            }
        }
        finally
        {
            clients.forEach(JdkWsClient::abort);
        }
    }

    /**
     * Reads the events of subscription {@code dataId} into {@code into} until it holds {@code count} and, if given,
     * the sentinel arrived on the {@code end} subscription.
     */
    private static void readUntil(final JdkWsClient client, final String dataId, final List<String> into,
        final int count, final String sentinel) throws InterruptedException
    {
        boolean sentinelSeen = sentinel == null;
        while (into.size() < count || !sentinelSeen)
        {
            final JsonNode m = client.expect("events");
            if ("end".equals(m.get("id").textValue()))
            {
                sentinelSeen |= sentinel != null && sentinel.equals(m.get("events").get(0).get("id").textValue());
                continue;
            }
            assertEquals(dataId, m.get("id").textValue(), m::toString);
            for (final JsonNode e : m.get("events"))
            {
                into.add(e.get("seq").asLong() + ":" + e.get("id").textValue());
            }
        }
    }

    /** Where two event lists first differ, with a little context, and their sizes. */
    private static String difference(final List<String> expected, final List<String> received)
    {
        int i = 0;
        while (i < expected.size() && i < received.size() && expected.get(i).equals(received.get(i)))
        {
            i++;
        }
        final int from = Math.max(0, i - 2);
        return "expected " + expected.size() + " events, received " + received.size() + "; first difference at " +
            i + ": expected " + expected.subList(from, Math.min(expected.size(), i + 3)) + ", received " +
            received.subList(from, Math.min(received.size(), i + 3));
    }

    private static Event randomEvent(final Random random, final int n)
    {
        final Map<String, Object> attrs = new LinkedHashMap<>();
        if (random.nextInt(5) > 0)
        {
            attrs.put("providerName", PROVIDERS[random.nextInt(PROVIDERS.length)]);
        }
        if (random.nextInt(5) > 0)
        {
            attrs.put("severity", SEVERITIES[random.nextInt(SEVERITIES.length)]);
        }
        if (random.nextInt(5) > 0)
        {
            attrs.put("contextTokens", (long)random.nextInt(200_001));
        }
        if (random.nextInt(5) > 0)
        {
            attrs.put("price", PRICES[random.nextInt(PRICES.length)]);
        }
        if (random.nextInt(5) > 0)
        {
            attrs.put("beta", random.nextBoolean());
        }
        if (random.nextInt(5) > 0)
        {
            attrs.put("capability", CAPABILITIES[random.nextInt(CAPABILITIES.length)]);
        }
        return new Event(0, "ev-" + n, "", TOPICS[random.nextInt(TOPICS.length)],
            Priority.values()[random.nextInt(Priority.values().length)], 1_700_000_000_000L + n, attrs,
            ContentType.JSON, ("{\"n\":" + n + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** A numeric attribute, NaN when absent or not a number: every comparison with NaN is false. */
    private static double number(final Event e, final String name)
    {
        final Object v = e.attributes().get(name);
        return v instanceof Number ? ((Number)v).doubleValue() : Double.NaN;
    }

    /** NATS-style: {@code *} is one segment, a final {@code >} one or more. */
    static boolean topicMatches(final String pattern, final String topic)
    {
        final String[] p = pattern.split("\\.");
        final String[] t = topic.split("\\.");
        for (int i = 0; i < p.length; i++)
        {
            if (p[i].equals(">"))
            {
                return t.length > i;
            }
            if (i >= t.length || !(p[i].equals("*") || Objects.equals(p[i], t[i])))
            {
                return false;
            }
        }
        return p.length == t.length;
    }
}
