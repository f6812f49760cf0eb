package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.pipeline.PublishStatus;

class WebSocketDeliveryTest
{
    private final WebSocketTestSupport support = new WebSocketTestSupport();

    @AfterEach
    void tearDown()
    {
        support.close();
    }

    @Test
    void shouldDeliverPublishedEventWithSeqTopicAttrsAndData() throws Exception
    {
        final WebSocketTestSupport.Client client = support.connect("alice");
        final long head = client.subscribe("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"models.>\"}");

        final String id = support.publish("models.openai.gpt-x",
            Map.of("providerName", "open\"ai", "n", 42L, "x", 1.5, "ok", true), "{\"v\":[1,2]}");

        final JsonNode m = client.expect("events");
        assertEquals("s1", m.get("id").textValue());
        assertEquals(1, m.get("events").size());
        final JsonNode e = m.get("events").get(0);
        assertEquals(head + 1, e.get("seq").asLong());
        assertEquals("models.openai.gpt-x", e.get("topic").textValue());
        assertEquals(id, e.get("id").textValue());
        assertEquals("high", e.get("priority").textValue());
        assertTrue(e.get("ts").asLong() > 1_700_000_000_000L);
        assertEquals("open\"ai", e.get("attrs").get("providerName").textValue());
        assertEquals(42L, e.get("attrs").get("n").asLong());
        assertEquals(1.5, e.get("attrs").get("x").asDouble());
        assertTrue(e.get("attrs").get("ok").asBoolean());
        assertEquals(2, e.get("data").get("v").get(1).asInt());
    }

    @Test
    void shouldSendOpaquePayloadAsBase64() throws Exception
    {
        final WebSocketTestSupport.Client client = support.connect(null);
        client.subscribe("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"bin.*\"}");
        final byte[] data = {0, 1, 2, (byte)0xFF, 'a'};

        support.publish("bin.x", Map.of(), ContentType.OPAQUE, data);

        final JsonNode e = client.expect("events").get("events").get(0);
        assertEquals(Base64.getEncoder().encodeToString(data), e.get("data").textValue());
    }

    @Test
    void shouldRefuseAPayloadDeclaredJsonThatIsNotAtPublishAndSendValidJsonAsIs() throws Exception
    {
        final WebSocketTestSupport.Client client = support.connect(null);
        client.subscribe("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"bin.*\"}");
        final byte[] notJson = new Event(0, "bad", "", "bin.x", Priority.NORMAL, 1L, Map.of(), ContentType.JSON,
            "{\"a\": 1, oops".getBytes(StandardCharsets.UTF_8)).toBytes();
        assertEquals(PublishStatus.INVALID, support.publisher.publish(new UnsafeBuffer(notJson), 0, notJson.length,
            null, 0));
        assertTrue(support.publisher.errorMessage().contains("not valid JSON"), support.publisher.errorMessage());

        support.publish("bin.y", Map.of(), "{\"a\":\r\n [1, 2]}");
        final JsonNode data = client.expect("events").get("events").get(0).get("data");
        assertEquals(2, data.get("a").get(1).asInt(), "embedded as JSON, line breaks as spaces: " + data);
    }

    @Test
    void shouldDeliverOnlyEventsMatchingStringAndJsonFilters() throws Exception
    {
        final WebSocketTestSupport.Client client = support.connect("bob");
        client.subscribe("{\"op\":\"subscribe\",\"id\":\"str\",\"topic\":\"models.>\"," +
            "\"filter\":\"severity == \\\"high\\\"\",\"batch\":{\"max\":1,\"lingerMs\":0}}");
        client.subscribe("{\"op\":\"subscribe\",\"id\":\"json\",\"topic\":\"models.>\",\"filter\":" +
            "{\"operator\":\"AND\",\"conditions\":[{\"field\":\"severity\",\"op\":\"equals\",\"value\":\"low\"}]}," +
            "\"batch\":{\"max\":1,\"lingerMs\":0}}");

        support.publish("models.a", Map.of("severity", "low"), "1");
        final String high = support.publish("models.b", Map.of("severity", "high"), "2");
        support.publish("other.c", Map.of("severity", "high"), "3");

        final JsonNode first = client.expect("events");
        final JsonNode second = client.expect("events");
        final JsonNode forStr = "str".equals(first.get("id").textValue()) ? first : second;
        final JsonNode forJson = forStr == first ? second : first;
        assertEquals(high, forStr.get("events").get(0).get("id").textValue());
        assertEquals(2, forStr.get("events").get(0).get("data").asInt());
        assertEquals("low", forJson.get("events").get(0).get("attrs").get("severity").textValue());
        client.assertUsable();
        assertTrue(client.messages.isEmpty(), () -> "unexpected " + client.messages);
    }

    @Test
    void shouldBatchUpToMaxEventsPerMessage() throws Exception
    {
        final WebSocketTestSupport.Client client = support.connect("carol");
        final long head = client.subscribe(
            "{\"op\":\"subscribe\",\"id\":\"b\",\"topic\":\"t\",\"batch\":{\"max\":3,\"lingerMs\":60000}}");

        for (int i = 0; i < 9; i++)
        {
            support.publish("t", Map.of(), String.valueOf(i));
        }

        long expectedSeq = head + 1;
        for (int batch = 0; batch < 3; batch++)
        {
            final JsonNode events = client.expect("events").get("events");
            assertEquals(3, events.size());
            for (final JsonNode e : events)
            {
                assertEquals(expectedSeq++, e.get("seq").asLong());
            }
        }
    }

    @Test
    void shouldEncodeEachEventOnceForAllReceivers() throws Exception
    {
        final WebSocketTestSupport.Client a = support.connect("a");
        final WebSocketTestSupport.Client b = support.connect("b");
        a.subscribe("{\"op\":\"subscribe\",\"id\":\"x\",\"topic\":\"shared.>\"}");
        b.subscribe("{\"op\":\"subscribe\",\"id\":\"y\",\"topic\":\"shared.*\"}");
        final long before = support.delivery.encodings();

        final String id = support.publish("shared.one", Map.of("k", "v"), "{\"hello\":\"world\"}");

        final JsonNode ea = a.expect("events").get("events").get(0);
        final JsonNode eb = b.expect("events").get("events").get(0);
        assertEquals(id, ea.get("id").textValue());
        assertEquals(ea, eb);
        assertEquals(before + 1, support.delivery.encodings());
    }

    @Test
    void shouldStopDeliveryAfterUnsubscribe() throws Exception
    {
        final WebSocketTestSupport.Client client = support.connect("dave");
        client.subscribe("{\"op\":\"subscribe\",\"id\":\"gone\",\"topic\":\"u\",\"batch\":{\"max\":1,\"lingerMs\":0}}");
        client.subscribe("{\"op\":\"subscribe\",\"id\":\"kept\",\"topic\":\"u\",\"batch\":{\"max\":1,\"lingerMs\":0}}");
        client.send("{\"op\":\"unsubscribe\",\"id\":\"gone\"}");
        assertEquals("gone", client.expect("unsubscribed").get("id").textValue());

        support.publish("u", Map.of(), "1");

        assertEquals("kept", client.expect("events").get("id").textValue());
        client.assertUsable();
        assertTrue(client.messages.isEmpty(), () -> "unexpected " + client.messages);
        assertEquals(1, support.engine.registry().size());
    }

    @Test
    void shouldPauseAndResume() throws Exception
    {
        final WebSocketTestSupport.Client client = support.connect("erin");
        client.subscribe("{\"op\":\"subscribe\",\"id\":\"p\",\"topic\":\"p\",\"batch\":{\"max\":1,\"lingerMs\":0}}");
        client.send("{\"op\":\"pause\",\"id\":\"p\"}");
        client.expect("paused");
        support.publish("p", Map.of(), "1");
        client.send("{\"op\":\"resume\",\"id\":\"p\"}");
        final long resumedAt = client.expect("resumed").get("seq").asLong();

        support.publish("p", Map.of(), "2");

        final JsonNode e = client.expect("events").get("events").get(0);
        assertEquals(resumedAt + 1, e.get("seq").asLong());
        assertEquals(2, e.get("data").asInt());
    }
}
