package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;

/**
 * The event JSON the WebSocket and SSE subscribers get, straight from codec bytes (as an event read back from an old
 * journal, which ingest validation never saw).
 */
class EventJsonEncoderTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void shouldSendAPayloadDeclaredJsonThatIsNotAsBase64SoTheMessageStaysValid() throws Exception
    {
        for (final String notJson : new String[]{"{\"a\": 1, oops", "1 2", " "})
        {
            final byte[] payload = notJson.getBytes(StandardCharsets.UTF_8);
            assertEquals(Base64.getEncoder().encodeToString(payload), encode(ContentType.JSON, payload).get("data")
                .textValue(), notJson);
        }
    }

    @Test
    void shouldEmbedJsonAsItIsWithLineBreaksAsSpacesAndOpaqueAsBase64() throws Exception
    {
        final byte[] json = "{\"a\":\r\n  [1, \"x\\ny\"]}".getBytes(StandardCharsets.UTF_8);
        final JsonNode data = encode(ContentType.JSON, json).get("data");
        assertEquals("x\ny", data.get("a").get(1).textValue());
        assertEquals(Base64.getEncoder().encodeToString(json), encode(ContentType.OPAQUE, json).get("data")
            .textValue());
        assertEquals(true, encode(ContentType.JSON, new byte[0]).get("data").isNull());
    }

    private static JsonNode encode(final ContentType type, final byte[] payload) throws Exception
    {
        final byte[] bytes = new Event(7, "e1", "", "a.b", Priority.HIGH, 1_700_000_000_000L,
            Map.of("n", 1L), type, payload).toBytes();
        final EventView view = new EventView(CodecLimits.DEFAULT);
        view.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        final ByteBuf out = new EventJsonEncoder().encode(UnpooledByteBufAllocator.DEFAULT, view);
        try
        {
            final String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(-1, text.indexOf('\n'), "one line: " + text);
            final JsonNode node = MAPPER.readTree(text);
            assertEquals(7, node.get("seq").asLong());
            return node;
        }
        finally
        {
            out.release();
        }
    }
}
