package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.client.Ack;
import io.ringcast.client.RingcastPublisher;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.pipeline.EngineConfig;

/**
 * A client that is not Netty, the JDK's {@code java.net.http.WebSocket}, against the whole server: events go in
 * through the binary TCP publisher SDK, are journaled by Chronicle and reach the JDK client as the protocol says.
 */
class JdkWebSocketClientTest
{
    private static final long TIMEOUT = TcpToWebSocketFixture.TIMEOUT_SECONDS;

    @TempDir
    Path dir;

    private TcpToWebSocketFixture fixture;
    private RingcastPublisher publisher;
    private final List<JdkWsClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown()
    {
        clients.forEach(JdkWsClient::abort);
        if (publisher != null)
        {
            publisher.close();
        }
        if (fixture != null)
        {
            fixture.close();
        }
    }

    @Test
    void shouldReceiveExactlyTheEventsTopicAndFilterSelectWithEveryField() throws Exception
    {
        start(WebSocketConfig.defaults().withPort(0));
        final JdkWsClient client = connect("jdk-alice");
        final long head = client.subscribe("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"models.>\"," +
            "\"filter\":\"providerName == \\\"openai\\\" && severity in [\\\"high\\\", \\\"critical\\\"]\"," +
            "\"batch\":{\"max\":100,\"lingerMs\":0}}");

        final List<Event> wanted = new ArrayList<>();
        final List<Long> wantedSeqs = new ArrayList<>();
        final Event[] events = {
            event("m1", "models.openai.gpt-x", Priority.HIGH, attrs("openai", "high", 128_000L, 2.5, false),
                "{\"change\":\"price\"}"),
            event("m2", "models.openai.gpt-x", Priority.LOW, attrs("openai", "low", 8_000L, 0.5, true), "{}"),
            event("m3", "models.anthropic.claude", Priority.CRITICAL, attrs("anthropic", "critical", 1L, 1.0, true),
                "[1]"),
            event("m4", "users.42.tasks", Priority.CRITICAL, attrs("openai", "critical", 1L, 1.0, true), "{}"),
            event("m5", "models.openai.o-series.mini", Priority.CRITICAL,
                attrs("openai", "critical", -7L, -0.25, true), "{\"unicode\":\"\u00e9t\u00e9 \u20ac \ud83d\ude00\"}"),
            event("m6", "models.openai", Priority.NORMAL, Map.of("providerName", "openai"), ""),
        };
        for (final Event e : events)
        {
            final Ack ack = publisher.publish(e).get(TIMEOUT, TimeUnit.SECONDS);
            assertTrue(ack.seq() > head && !ack.duplicate(), () -> "ack " + ack);
            if (e.id().equals("m1") || e.id().equals("m5"))
            {
                wanted.add(e);
                wantedSeqs.add(ack.seq());
            }
        }
        final Event last = event("m7", "models.x.y", Priority.NORMAL, attrs("openai", "high", 0L, 0.0, false), "{}");
        wanted.add(last);
        wantedSeqs.add(publisher.publish(last).get(TIMEOUT, TimeUnit.SECONDS).seq());

        final List<JsonNode> received = new ArrayList<>();
        while (received.size() < wanted.size())
        {
            final JsonNode m = client.expect("events");
            assertEquals("s1", m.get("id").textValue());
            m.get("events").forEach(received::add);
        }
        // the last event matches: anything the filter should have dropped would have come before it
        assertEquals(wanted.size(), received.size(), () -> "received " + received);
        for (int i = 0; i < wanted.size(); i++)
        {
            assertEvent(wanted.get(i), wantedSeqs.get(i), received.get(i));
        }
        assertTrue(client.messages.isEmpty(), () -> "unexpected " + client.messages);
    }

    @Test
    void shouldReassembleMessagesFragmentedInBothDirections() throws Exception
    {
        start(WebSocketConfig.defaults().withPort(0));
        final JdkWsClient client = connect("jdk-bob");
        final String id = "s-\u00e9t\u00e9-\u20ac";
        // one subscribe message in three frames, split inside the JSON and inside non-ASCII text
        client.socket.sendText("{\"op\":\"subscribe\",\"id\":\"s-\u00e9", false).get(TIMEOUT, TimeUnit.SECONDS);
        client.socket.sendText("t\u00e9-\u20ac\",\"topic\":\"big.", false).get(TIMEOUT, TimeUnit.SECONDS);
        client.socket.sendText("*\",\"batch\":{\"max\":10,\"lingerMs\":1000}}", true).get(TIMEOUT, TimeUnit.SECONDS);
        assertEquals(id, client.expect("subscribed").get("id").textValue());

        // three 60 KB payloads: one events message of about 180 KB that the client receives in parts
        final List<String> payloads = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            final String payload = "{\"blob\":\"" + String.valueOf((char)('a' + i)).repeat(60_000) + "\"}";
            payloads.add(payload);
            publisher.publish(event("big-" + i, "big.x", Priority.NORMAL, Map.of(), payload))
                .get(TIMEOUT, TimeUnit.SECONDS);
        }
        final List<JsonNode> received = new ArrayList<>();
        while (received.size() < payloads.size())
        {
            final JsonNode m = client.expect("events");
            assertEquals(id, m.get("id").textValue());
            m.get("events").forEach(received::add);
        }
        for (int i = 0; i < payloads.size(); i++)
        {
            assertEquals("big-" + i, received.get(i).get("id").textValue());
            assertEquals(payloads.get(i), received.get(i).get("data").toString());
        }
        assertTrue(client.largestPartCount() > 1, "the ~180 KB message arrived in parts and was reassembled");
    }

    @Test
    void shouldAnswerPingFramesAndPingOpsAndSendHeartbeatPings() throws Exception
    {
        start(WebSocketConfig.defaults().withPort(0).withHeartbeatMillis(200));
        final JdkWsClient client = connect("jdk-carol");

        client.socket.sendPing(ByteBuffer.wrap("nonce-1".getBytes(StandardCharsets.UTF_8)))
            .get(TIMEOUT, TimeUnit.SECONDS);
        final ByteBuffer pong = client.pongs.poll(TIMEOUT, TimeUnit.SECONDS);
        assertEquals("nonce-1", pong == null ? null : StandardCharsets.UTF_8.decode(pong).toString());

        client.send("{\"op\":\"ping\"}");
        client.expect("pong");

        // an idle connection gets the server's heartbeat ping; the JDK client answers it and stays connected
        client.serverPing.get(TIMEOUT, TimeUnit.SECONDS);
        client.send("{\"op\":\"ping\"}");
        client.expect("pong");
        assertTrue(!client.closed.isDone(), "still open");
    }

    @Test
    void shouldStopDeliveringToAnUnsubscribedSubscriptionOnly() throws Exception
    {
        start(WebSocketConfig.defaults().withPort(0));
        final JdkWsClient client = connect("jdk-dave");
        client.subscribe("{\"op\":\"subscribe\",\"id\":\"tasks\",\"topic\":\"users.42.tasks\",\"batch\":{\"max\":1}}");
        client.subscribe("{\"op\":\"subscribe\",\"id\":\"all\",\"topic\":\"users.42.>\",\"batch\":{\"max\":1}}");

        publisher.publish(event("t1", "users.42.tasks", Priority.NORMAL, Map.of(), "{}")).get(TIMEOUT, TimeUnit.SECONDS);
        final List<String> first = List.of(eventOf(client.expect("events")), eventOf(client.expect("events")));
        assertTrue(first.contains("tasks:t1") && first.contains("all:t1"), first::toString);

        client.send("{\"op\":\"unsubscribe\",\"id\":\"tasks\"}");
        assertEquals("tasks", client.expect("unsubscribed").get("id").textValue());
        publisher.publish(event("t2", "users.42.tasks", Priority.NORMAL, Map.of(), "{}")).get(TIMEOUT, TimeUnit.SECONDS);
        assertEquals("all:t2", eventOf(client.expect("events")));
        // a command after t2 on the ring: its answer follows any batch of t2 on this connection
        client.send("{\"op\":\"pause\",\"id\":\"all\"}");
        client.expect("paused");
        client.send("{\"op\":\"unsubscribe\",\"id\":\"tasks\"}");
        assertEquals("unknown_subscription", client.expect("error").get("code").textValue());

        client.subscribe("{\"op\":\"subscribe\",\"id\":\"tasks\",\"topic\":\"users.42.tasks\"}");
        publisher.publish(event("t3", "users.42.tasks", Priority.NORMAL, Map.of(), "{}")).get(TIMEOUT, TimeUnit.SECONDS);
        assertEquals("tasks:t3", eventOf(client.expect("events")));
    }

    private void start(final WebSocketConfig config)
    {
        fixture = new TcpToWebSocketFixture(dir, EngineConfig.defaults(), config);
        publisher = fixture.publisher();
    }

    private JdkWsClient connect(final String user) throws Exception
    {
        final JdkWsClient client = fixture.connect(user);
        clients.add(client);
        return client;
    }

    /** "subscription:eventId" of a one-event events message. */
    private static String eventOf(final JsonNode m)
    {
        assertEquals(1, m.get("events").size(), m::toString);
        return m.get("id").textValue() + ":" + m.get("events").get(0).get("id").textValue();
    }

    private static Map<String, Object> attrs(final String provider, final String severity, final long tokens,
        final double price, final boolean beta)
    {
        final Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("providerName", provider);
        attrs.put("severity", severity);
        attrs.put("contextTokens", tokens);
        attrs.put("price", price);
        attrs.put("beta", beta);
        return attrs;
    }

    private static Event event(final String id, final String topic, final Priority priority,
        final Map<String, Object> attrs, final String json)
    {
        return new Event(0, id, "", topic, priority, 1_700_000_000_000L + id.hashCode(), attrs, ContentType.JSON,
            json.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertEvent(final Event expected, final long seq, final JsonNode actual)
    {
        assertEquals(seq, actual.get("seq").asLong(), actual::toString);
        assertEquals(expected.topic(), actual.get("topic").textValue());
        assertEquals(expected.id(), actual.get("id").textValue());
        assertEquals(expected.priority().name().toLowerCase(), actual.get("priority").textValue());
        assertEquals(expected.timestamp(), actual.get("ts").asLong());
        final JsonNode attrs = actual.get("attrs");
        assertEquals(expected.attributes().size(), attrs.size(), attrs::toString);
        final Iterator<String> names = attrs.fieldNames();
        for (final Map.Entry<String, Object> a : expected.attributes().entrySet())
        {
            assertEquals(a.getKey(), names.next(), "attributes keep their publish order");
            final JsonNode v = attrs.get(a.getKey());
            if (a.getValue() instanceof String)
            {
                assertEquals(a.getValue(), v.textValue());
            }
            else if (a.getValue() instanceof Long)
            {
                assertTrue(v.isIntegralNumber(), v::toString);
                assertEquals(a.getValue(), v.asLong());
            }
            else if (a.getValue() instanceof Double)
            {
                assertTrue(v.isNumber(), v::toString);
                assertEquals((Double)a.getValue(), v.asDouble());
            }
            else
            {
                assertTrue(v.isBoolean(), v::toString);
                assertEquals(a.getValue(), v.booleanValue());
            }
        }
        final String payload = expected.payloadText();
        final JsonNode data = actual.get("data");
        if (payload.isEmpty())
        {
            assertTrue(data.isNull(), data::toString);
        }
        else
        {
            assertEquals(WebSocketTestSupport.MAPPER.valueToTree(parse(payload)), data);
        }
    }

    private static Object parse(final String json)
    {
        try
        {
            return WebSocketTestSupport.MAPPER.readValue(json, Object.class);
        }
        catch (final java.io.IOException ex)
        {
            throw new AssertionError(ex);
        }
    }
}
