package io.ringcast.transport.http;

import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.event.Priority;

import static io.ringcast.transport.http.PolicyApiFixture.MAPPER;
import static io.ringcast.transport.http.PolicyApiFixture.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebSocket {@code preferences} op: read, set (answered once applied and saved), refused with the request id. */
class WebSocketPreferencesTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReadAndSetTheConnectionsUsersPreferences() throws Exception
    {
        try (PolicyApiFixture f = new PolicyApiFixture(dir, null, PolicyGauges.NONE))
        {
            final BlockingQueue<JsonNode> messages = PolicyApiFixture.queue();
            final WebSocket ws = f.connect("42", messages);

            send(ws, "{\"op\":\"preferences\",\"id\":\"r0\"}");
            final JsonNode read = next(messages);
            assertEquals("preferences", read.get("type").asText(), read.toString());
            assertEquals("r0", read.get("id").asText());
            assertEquals("42", read.get("user").asText());
            assertTrue(read.get("default").asBoolean());

            send(ws, "{\"op\":\"preferences\",\"id\":\"r1\",\"preferences\":" + PolicyRoutesTest.FULL + "}");
            final JsonNode set = next(messages);
            assertEquals("preferences", set.get("type").asText(), set.toString());
            assertEquals("r1", set.get("id").asText());
            assertFalse(set.get("default").asBoolean());
            assertEquals(MAPPER.readTree(PolicyRoutesTest.FULL_CANONICAL), set.get("preferences"));
            assertEquals(Priority.HIGH, f.engine.userPolicies().preferences("42").minPriority(), "applied");
            assertEquals(1, f.journal.stateLog().readAll().size(), "and saved");

            send(ws, "{\"op\":\"preferences\",\"id\":\"r2\",\"preferences\":{\"digest\":\"weekly\"}}");
            final JsonNode refused = next(messages);
            assertEquals("error", refused.get("type").asText(), refused.toString());
            assertEquals("bad_preferences", refused.get("code").asText());
            assertEquals("r2", refused.get("id").asText());
            assertTrue(refused.get("message").asText().startsWith("preferences.digest must be one of immediate"),
                refused.toString());

            send(ws, "{\"op\":\"preferences\"}");
            assertEquals("missing_field", next(messages).get("code").asText());

            send(ws, "{\"op\":\"preferences\",\"id\":\"r3\"}");
            assertEquals("high", next(messages).at("/preferences/minPriority").asText(), "reads what is in force");
            ws.abort();
        }
    }

    private static void send(final WebSocket ws, final String text) throws Exception
    {
        ws.sendText(text, true).get(PolicyApiFixture.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }
}
