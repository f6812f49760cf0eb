package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.pipeline.EngineConfig;

class WebSocketProtocolErrorsTest
{
    private final WebSocketTestSupport support = new WebSocketTestSupport(
        EngineConfig.builder().maxSubscriptionsPerClient(2).build(), WebSocketConfig.defaults().withPort(0));

    @AfterEach
    void tearDown()
    {
        support.close();
    }

    private static JsonNode expectError(final WebSocketTestSupport.Client client, final String message,
        final String code) throws Exception
    {
        client.send(message);
        final JsonNode error = client.expect("error");
        assertEquals(code, error.get("code").textValue(), () -> message + " -> " + error);
        assertTrue(error.get("message").textValue().length() > 0);
        client.assertUsable();
        return error;
    }

    @Test
    void shouldAnswerMalformedMessagesWithErrorsAndStayUsable() throws Exception
    {
        final WebSocketTestSupport.Client c = support.connect("mallory");
        expectError(c, "not json", "bad_json");
        expectError(c, "{\"op\":\"ping\"} trailing", "bad_json");
        expectError(c, "[1,2]", "bad_json");
        assertEquals("x", expectError(c, "{\"op\":\"fly\",\"id\":\"x\"}", "unknown_op").get("id").textValue());
        expectError(c, "{\"id\":\"x\"}", "missing_field");
        expectError(c, "{\"op\":7}", "missing_field");
        expectError(c, "{\"op\":\"subscribe\",\"topic\":\"a.b\"}", "missing_field");
        expectError(c, "{\"op\":\"subscribe\",\"id\":\"s1\"}", "missing_field");
        expectError(c, "{\"op\":\"unsubscribe\"}", "missing_field");
        assertTrue(c.messages.isEmpty());
    }

    @Test
    void shouldRejectBadTopicFilterAndBatchWithPreciseErrors() throws Exception
    {
        final WebSocketTestSupport.Client c = support.connect("mallory");
        final JsonNode topic = expectError(c, "{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"a..b\"}", "bad_topic");
        assertEquals("s1", topic.get("id").textValue());
        expectError(c, "{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"a.>.b\"}", "bad_topic");

        final JsonNode filter = expectError(c,
            "{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"a.>\",\"filter\":\"severity == \"}", "bad_filter");
        assertTrue(filter.get("message").textValue().startsWith("column 13:"), filter::toString);
        final JsonNode jsonFilter = expectError(c, "{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"a.>\"," +
            "\"filter\":{\"operator\":\"XOR\",\"conditions\":[]}}", "bad_filter");
        assertTrue(jsonFilter.get("message").textValue().length() > 0);
        expectError(c, "{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"a.>\",\"filter\":5}", "bad_filter");

        for (final String batch : new String[]{"{\"max\":0}", "{\"max\":1001}", "{\"lingerMs\":-1}",
            "{\"lingerMs\":300001}", "{\"max\":\"x\"}", "[]", "{\"max\":18446744073709551617}",
            "{\"lingerMs\":18446744073709551616}"})
        {
            expectError(c, "{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"a.>\",\"batch\":" + batch + "}",
                "bad_batch");
        }
        c.subscribe("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"a.>\",\"batch\":{\"max\":1000,\"lingerMs\":0}}");
    }

    @Test
    void shouldAnswerWhatThisServerCannotDoWithNotSupported() throws Exception
    {
        final WebSocketTestSupport.Client c = support.connect("mallory");
        // this server has no journal to resume from
        expectError(c, "{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"a\",\"since\":5,\"epoch\":\"e\"}",
            "not_supported");
        expectError(c, "{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"a\",\"mode\":\"digest\"}", "not_supported");
        c.socket.sendBinary(ByteBuffer.wrap(new byte[]{1, 2}), true).get(10, TimeUnit.SECONDS);
        assertEquals("not_supported", c.expect("error").get("code").textValue());
        c.assertUsable();
    }

    @Test
    void shouldAnswerAuthOnAnAuthOffServerWithTheConnectionsOwnIdentity() throws Exception
    {
        final WebSocketTestSupport.Client c = support.connect("mallory");
        c.send("{\"op\":\"auth\",\"token\":\"anything\"}");
        final JsonNode answer = c.expect("authenticated");
        assertEquals("mallory", answer.get("user").asText());
        c.assertUsable();
    }

    @Test
    void shouldReportEngineCommandStatusCodes() throws Exception
    {
        final WebSocketTestSupport.Client c = support.connect("mallory");
        c.subscribe("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"a\"}");
        assertEquals("s1", expectError(c, "{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"b\"}",
            "duplicate_subscription").get("id").textValue());
        c.subscribe("{\"op\":\"subscribe\",\"id\":\"s2\",\"topic\":\"a\"}");
        expectError(c, "{\"op\":\"subscribe\",\"id\":\"s3\",\"topic\":\"a\"}", "client_subscription_limit");
        expectError(c, "{\"op\":\"unsubscribe\",\"id\":\"nope\"}", "unknown_subscription");
        expectError(c, "{\"op\":\"resume\",\"id\":\"s1\"}", "not_paused");
        c.send("{\"op\":\"pause\",\"id\":\"s1\"}");
        c.expect("paused");
        expectError(c, "{\"op\":\"pause\",\"id\":\"s1\"}", "already_paused");

        support.publish("a", Map.of(), "1");
        assertEquals("s2", c.expect("events").get("id").textValue());
    }
}
