package io.ringcast.transport.http;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.CodecError;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON publish form: what it builds, and a precise, field-named refusal for everything the codec refuses. */
class PublishRequestTest
{
    private final PublishRequest reader = new PublishRequest(CodecLimits.DEFAULT);

    @Test
    void shouldBuildTheEventWithTypedAttributesAndTheExactJsonPayload()
    {
        final Event e = reader.read("{\"topic\":\"models.openai.gpt-x\",\"id\":\"evt-1\",\"dedupKey\":\"k1\"," +
            "\"priority\":\"HIGH\",\"ts\":1767225600000,\"attrs\":{\"providerName\":\"openai\",\"severity\":3," +
            "\"score\":0.75,\"beta\":true},\"data\":{\"price\":0.1000000000000000055511,\"n\":[1,2]},\"seq\":99}", 5);
        assertEquals("models.openai.gpt-x", e.topic());
        assertEquals("evt-1", e.id());
        assertEquals("k1", e.dedupKey());
        assertEquals(Priority.HIGH, e.priority());
        assertEquals(1767225600000L, e.timestamp());
        assertEquals(0, e.seq(), "a seq in the request is not the publisher's to choose");
        assertEquals(Map.of("providerName", "openai", "severity", 3L, "score", 0.75, "beta", true), e.attributes());
        assertEquals(List.of("providerName", "severity", "score", "beta"), List.copyOf(e.attributes().keySet()));
        assertEquals(ContentType.JSON, e.contentType());
        assertEquals("{\"price\":0.1000000000000000055511,\"n\":[1,2]}", e.payloadText());
        assertValidEncoding(e);
    }

    @Test
    void shouldDefaultEverythingButTheTopic()
    {
        final Event e = reader.read("{\"topic\":\"users.42.tasks\"}", 1234);
        assertEquals(36, e.id().length(), "a random UUID");
        assertEquals("", e.dedupKey());
        assertEquals(Priority.NORMAL, e.priority());
        assertEquals(1234, e.timestamp());
        assertEquals(ContentType.OPAQUE, e.contentType());
        assertEquals(0, e.payload().length);
        assertValidEncoding(e);
        assertEquals(ContentType.JSON, reader.read("{\"topic\":\"a\",\"data\":null}", 0).contentType());
    }

    @Test
    void shouldNameTheFieldOfEveryRefusal()
    {
        refused("", "body", "must be a JSON object, was empty");
        refused("{\"topic\":\"a\"} x", "body", "not one JSON object");
        refused("\"text\"", "body", "must be a JSON object, was a string");
        refused("{\"topic\":5}", "topic", "must be a string, was a number");
        refused("{\"topic\":\"\"}", "topic", "must be 1..256 bytes");
        refused("{\"topic\":\"models.*\"}", "topic", "is not (at byte 7)");
        refused("{\"topic\":\"" + "a.".repeat(16) + "a\"}", "topic", "has 17 segments, at most 16");
        refused("{\"topic\":\"a\",\"id\":\"\"}", "id", "must be 1..128 bytes");
        refused("{\"topic\":\"a\",\"id\":7}", "id", "must be a string, was a number");
        refused("{\"topic\":\"a\",\"dedupKey\":\"" + "k".repeat(129) + "\"}", "dedupKey",
            "0..128 bytes of UTF-8, was 129");
        refused("{\"topic\":\"a\",\"priority\":2}", "priority", "\"low\", \"normal\", \"high\" or \"critical\"");
        refused("{\"topic\":\"a\",\"ts\":-1}", "ts", "non-negative integer");
        refused("{\"topic\":\"a\",\"ts\":1.5}", "ts", "non-negative integer");
        refused("{\"topic\":\"a\",\"attrs\":[]}", "attrs", "must be an object");
        refused("{\"topic\":\"a\",\"attrs\":{\"bad name\":1}}", "attrs.bad name", "[A-Za-z0-9_.-]");
        refused("{\"topic\":\"a\",\"attrs\":{\"priority\":1}}", "attrs.priority", "reserved");
        refused("{\"topic\":\"a\",\"attrs\":{\"x\":null}}", "attrs.x", "was null");
        refused("{\"topic\":\"a\",\"attrs\":{\"x\":{\"y\":1}}}", "attrs.x", "was an object");
        refused("{\"topic\":\"a\",\"attrs\":{\"x\":1e999}}", "attrs.x", "out of the range of a double");
        refused("{\"topic\":\"a\",\"attrs\":{\"x\":\"" + "v".repeat(1025) + "\"}}", "attrs.x", "at most 1024");
        refused("{\"topic\":\"a\",\"data\":\"" + "d".repeat(64 * 1024) + "\"}", "data", "at most 65536");
        final StringBuilder many = new StringBuilder("{\"topic\":\"a\",\"attrs\":{");
        for (int i = 0; i < 33; i++)
        {
            many.append(i == 0 ? "" : ",").append("\"a").append(i).append("\":1");
        }
        refused(many.append("}}").toString(), "attrs", "has 33 attributes, at most 32");
    }

    @Test
    void shouldReadFromAStreamAndAParsedTreeAlike() throws Exception
    {
        final String json = "{\"topic\":\"a.b\",\"id\":\"e\",\"ts\":1,\"attrs\":{\"n\":1}}";
        final Event fromStream = reader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), 9);
        final Event fromTree = reader.fromJson(HttpApiFixture.MAPPER.readTree(json), 9);
        assertEquals(fromStream, fromTree);
        final PublishRequestException ex = assertThrows(PublishRequestException.class,
            () -> reader.fromJson(HttpApiFixture.MAPPER.readTree("{\"topic\":\"a\",\"attrs\":{\"x\":[]}}"), 0));
        assertEquals("attrs.x", ex.field());
    }

    private void refused(final String json, final String field, final String text)
    {
        final PublishRequestException ex = assertThrows(PublishRequestException.class, () -> reader.read(json, 0),
            json);
        assertEquals(field, ex.field(), ex.getMessage());
        assertTrue(ex.getMessage().startsWith(field + ": "), ex.getMessage());
        assertTrue(ex.getMessage().contains(text), () -> "'" + ex.getMessage() + "' lacks '" + text + "'");
    }

    private static void assertValidEncoding(final Event e)
    {
        final byte[] bytes = e.toBytes();
        final EventView view = new EventView(CodecLimits.DEFAULT);
        assertEquals(CodecError.NONE, view.wrap(new UnsafeBuffer(bytes), 0, bytes.length), view.errorMessage());
        assertEquals(e, Event.from(view));
    }
}
