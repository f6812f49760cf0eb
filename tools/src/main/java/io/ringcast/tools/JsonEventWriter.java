package io.ringcast.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamWriteFeature;

import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.JsonValidator;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;

/**
 * {@code replay --format json}: one JSON object per line, streamed through one {@link JsonGenerator}:
 * <pre>
 * {"seq":42,"topic":"models.openai","id":"evt-1","dedupKey":"k1","priority":"high","ts":1767225600000,
 *  "attrs":{"provider":"openai","score":0.75,"count":3,"beta":true},"data":{"v":1}}
 * </pre>
 * {@code dedupKey} is present only when the event has one. Attributes keep their types and wire order.
 * {@code data} is the payload embedded as JSON when the content type is JSON and the payload is exactly one
 * valid JSON value (re-emitted on one line, numbers exact); otherwise the payload as a base64 string.
 * <p>
 * One thread. Reuses one scratch array for strings and payloads; allocates an attribute name string per
 * attribute and, for JSON payloads, a parser per event.
 */
public final class JsonEventWriter implements EventWriter
{
    private static final String[] PRIORITY_NAMES = priorityNames();

    private final JsonFactory factory;
    private final JsonValidator json = new JsonValidator();
    private final JsonGenerator generator;
    private byte[] scratch = new byte[4096];

    /** A writer onto {@code out}; closing or flushing this writer never closes {@code out}. */
    public JsonEventWriter(final OutputStream out) throws IOException
    {
        factory = new JsonFactoryBuilder()
            .rootValueSeparator((String)null)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();
        generator = factory.createGenerator(out);
    }

    @Override
    public void write(final EventView view) throws IOException
    {
        final DirectBuffer buffer = view.buffer();
        final JsonGenerator g = generator;
        g.writeStartObject();
        g.writeNumberField("seq", view.seq());
        g.writeFieldName("topic");
        writeUtf8(buffer, view.topicOffset(), view.topicLength());
        g.writeFieldName("id");
        writeUtf8(buffer, view.idOffset(), view.idLength());
        if (view.dedupKeyLength() > 0)
        {
            g.writeFieldName("dedupKey");
            writeUtf8(buffer, view.dedupKeyOffset(), view.dedupKeyLength());
        }
        g.writeStringField("priority", PRIORITY_NAMES[view.priorityCode()]);
        g.writeNumberField("ts", view.timestamp());
        g.writeObjectFieldStart("attrs");
        for (int i = 0, n = view.attributeCount(); i < n; i++)
        {
            g.writeFieldName(string(buffer, view.attributeNameOffset(i), view.attributeNameLength(i)));
            switch (view.attributeType(i))
            {
                case STRING: writeUtf8(buffer, view.attributeValueOffset(i), view.attributeValueLength(i)); break;
                case LONG: g.writeNumber(view.attributeLong(i)); break;
                case DOUBLE: g.writeNumber(view.attributeDouble(i)); break;
                default: g.writeBoolean(view.attributeBoolean(i)); break;
            }
        }
        g.writeEndObject();
        g.writeFieldName("data");
        writePayload(view);
        g.writeEndObject();
        g.writeRaw('\n');
    }

    @Override
    public void flush() throws IOException
    {
        generator.flush();
    }

    private void writePayload(final EventView view) throws IOException
    {
        final int length = view.payloadLength();
        final byte[] bytes = scratch(length);
        view.buffer().getBytes(view.payloadOffset(), bytes, 0, length);
        // validated first (the engine's strict RFC 8259 validator: Jackson's byte parser lets overlong UTF-8
        // through), so a payload that turns out invalid half-way never leaves half a value in the output
        if (view.contentType() == ContentType.JSON && length > 0 &&
            json.validate(view.buffer(), view.payloadOffset(), length))
        {
            try (JsonParser parser = factory.createParser(bytes, 0, length))
            {
                parser.nextToken();
                // exact: a decimal like 0.1000000000000000055511 keeps its digits instead of becoming a double
                generator.copyCurrentStructureExact(parser);
            }
        }
        else
        {
            generator.writeBinary(bytes, 0, length);
        }
    }

    private void writeUtf8(final DirectBuffer buffer, final int offset, final int length) throws IOException
    {
        final byte[] bytes = scratch(length);
        buffer.getBytes(offset, bytes, 0, length);
        generator.writeUTF8String(bytes, 0, length);
    }

    private String string(final DirectBuffer buffer, final int offset, final int length)
    {
        return buffer.getStringWithoutLengthUtf8(offset, length);
    }

    private byte[] scratch(final int length)
    {
        if (scratch.length < length)
        {
            scratch = new byte[BitUtil.findNextPositivePowerOfTwo(length)];
        }
        return scratch;
    }

    private static String[] priorityNames()
    {
        final Priority[] values = Priority.values();
        final String[] names = new String[values.length];
        for (final Priority p : values)
        {
            names[p.ordinal()] = p.name().toLowerCase(Locale.ROOT);
        }
        return names;
    }
}
