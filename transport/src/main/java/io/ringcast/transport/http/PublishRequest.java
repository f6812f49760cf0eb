package io.ringcast.transport.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.agrona.concurrent.UnsafeBuffer;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.CodecRules;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.event.Utf8;

/**
 * The one reading of an event in its JSON publish form, shared by {@code POST /api/publish} and
 * {@code ringcast publish} (JSON lines on stdin):
 * <pre>
 * {"topic":"models.openai.gpt-x","id":"evt-1","dedupKey":"k1","priority":"high","ts":1767225600000,
 *  "attrs":{"providerName":"openai","severity":3,"score":0.75,"beta":true},"data":{"summary":"new model"}}
 * </pre>
 * {@code topic} is required; {@code id} defaults to a random UUID, {@code dedupKey} to none (the id is the key),
 * {@code priority} to {@code normal}, {@code ts} to now. {@code attrs} values keep their JSON type: a boolean, an
 * integer that fits a long, any other number (a double), a string. {@code data} is any JSON value, stored as the
 * event's JSON payload; without {@code data} the payload is empty. Unknown fields are ignored, as elsewhere in the
 * protocol. Every check of the codec ({@link CodecLimits}, {@link CodecRules}) is made here, so a request that
 * passes encodes to an event the engine accepts, and one that fails names its field.
 * <p>
 * Immutable and thread safe (the Jackson mapper is); allocates the tree, the {@link Event} and its payload bytes.
 */
public final class PublishRequest
{
    /** The field name reported when the request as a whole is wrong (not JSON, not an object). */
    public static final String BODY = "body";

    private static final String TOPIC_RULE =
        "dot-separated non-empty segments of printable ASCII without '*', '>' or spaces";

    private final CodecLimits limits;
    private final ObjectMapper mapper = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS) // data keeps the digits the publisher sent
        .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
        .build();

    /** Reads requests against {@code limits} (the engine's {@code EngineConfig.codecLimits()}). */
    public PublishRequest(final CodecLimits limits)
    {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** The limits requests are checked against. */
    public CodecLimits limits()
    {
        return limits;
    }

    /**
     * Parses one JSON object from {@code in} (UTF-8, nothing after it) into an event.
     *
     * @param nowMillis the timestamp when the request has no {@code ts}
     * @throws PublishRequestException naming the field at fault ({@link #BODY} for a syntax error)
     */
    public Event read(final InputStream in, final long nowMillis)
    {
        final JsonNode node;
        try
        {
            node = mapper.readTree(in);
        }
        catch (final JacksonException ex)
        {
            throw notJson(ex);
        }
        catch (final IOException ex)
        {
            throw new PublishRequestException(BODY, "could not be read: " + ex.getMessage());
        }
        return fromJson(node, nowMillis);
    }

    /** As {@link #read(InputStream, long)}, from text. */
    public Event read(final String json, final long nowMillis)
    {
        final JsonNode node;
        try
        {
            node = mapper.readTree(json);
        }
        catch (final JacksonException ex)
        {
            throw notJson(ex);
        }
        return fromJson(node, nowMillis);
    }

    /**
     * Checks an already parsed request and builds its event (seq 0).
     *
     * @param node      the request: must be an object
     * @param nowMillis the timestamp when the request has no {@code ts}
     * @throws PublishRequestException naming the field at fault
     */
    public Event fromJson(final JsonNode node, final long nowMillis)
    {
        if (node == null || !node.isObject())
        {
            throw new PublishRequestException(BODY, "must be a JSON object, was " + kind(node));
        }
        final String topic = topic(node.get("topic"));
        final String id = optionalText(node, "id", 1, limits.maxIdLength());
        final String dedupKey = optionalText(node, "dedupKey", 0, limits.maxDedupKeyLength());
        final Priority priority = priority(node.get("priority"));
        final long ts = timestamp(node.get("ts"), nowMillis);
        final Map<String, Object> attrs = attributes(node.get("attrs"));
        final JsonNode data = node.get("data");
        byte[] payload = new byte[0];
        if (data != null)
        {
            try
            {
                payload = mapper.writeValueAsBytes(data);
            }
            catch (final JacksonException ex)
            {
                throw new PublishRequestException("data", "could not be written as JSON: " + ex.getOriginalMessage());
            }
            if (payload.length > limits.maxPayloadLength())
            {
                throw new PublishRequestException("data", "is " + payload.length + " bytes as JSON, at most " +
                    limits.maxPayloadLength() + " are allowed");
            }
        }
        return new Event(0, id == null ? UUID.randomUUID().toString() : id, dedupKey, topic, priority, ts, attrs,
            data == null ? ContentType.OPAQUE : ContentType.JSON, payload);
    }

    private String topic(final JsonNode node)
    {
        if (node == null || node.isNull())
        {
            throw new PublishRequestException("topic", "is required (" + TOPIC_RULE + ")");
        }
        if (!node.isTextual())
        {
            throw new PublishRequestException("topic", "must be a string, was " + kind(node));
        }
        final String topic = node.textValue();
        final byte[] bytes = topic.getBytes(StandardCharsets.UTF_8);
        if (bytes.length == 0 || bytes.length > limits.maxTopicLength())
        {
            throw new PublishRequestException("topic", "must be 1.." + limits.maxTopicLength() + " bytes, was " +
                bytes.length);
        }
        final int segments = CodecRules.countTopicSegments(new UnsafeBuffer(bytes), 0, bytes.length);
        if (segments < 0)
        {
            throw new PublishRequestException("topic", "must be " + TOPIC_RULE + "; '" + topic +
                "' is not (at byte " + (-segments - 1) + ")");
        }
        if (segments > limits.maxTopicSegments())
        {
            throw new PublishRequestException("topic", "has " + segments + " segments, at most " +
                limits.maxTopicSegments() + " are allowed");
        }
        return topic;
    }

    private static String optionalText(final JsonNode request, final String field, final int minBytes,
        final int maxBytes)
    {
        final JsonNode node = request.get(field);
        if (node == null || node.isNull())
        {
            return null;
        }
        if (!node.isTextual())
        {
            throw new PublishRequestException(field, "must be a string, was " + kind(node));
        }
        final String text = node.textValue();
        final int bytes = Utf8.encodedLength(text);
        if (bytes < minBytes || bytes > maxBytes)
        {
            throw new PublishRequestException(field, "must be " + minBytes + ".." + maxBytes + " bytes of UTF-8, was " +
                bytes);
        }
        return text;
    }

    private static Priority priority(final JsonNode node)
    {
        if (node == null || node.isNull())
        {
            return Priority.NORMAL;
        }
        final Priority p = node.isTextual() ? Priority.fromName(node.textValue()) : null;
        if (p == null)
        {
            throw new PublishRequestException("priority",
                "must be \"low\", \"normal\", \"high\" or \"critical\", was " + node);
        }
        return p;
    }

    private static long timestamp(final JsonNode node, final long nowMillis)
    {
        if (node == null || node.isNull())
        {
            return nowMillis;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0)
        {
            throw new PublishRequestException("ts", "must be a non-negative integer (epoch milliseconds), was " + node);
        }
        return node.longValue();
    }

    private Map<String, Object> attributes(final JsonNode node)
    {
        final Map<String, Object> attrs = new LinkedHashMap<>();
        if (node == null || node.isNull())
        {
            return attrs;
        }
        if (!node.isObject())
        {
            throw new PublishRequestException("attrs", "must be an object of name: string, number or boolean, was " +
                kind(node));
        }
        if (node.size() > limits.maxAttributes())
        {
            throw new PublishRequestException("attrs", "has " + node.size() + " attributes, at most " +
                limits.maxAttributes() + " are allowed");
        }
        final Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext())
        {
            final Map.Entry<String, JsonNode> f = fields.next();
            final String name = f.getKey();
            final String field = "attrs." + name;
            checkName(name, field);
            attrs.put(name, value(f.getValue(), field));
        }
        return attrs;
    }

    private void checkName(final String name, final String field)
    {
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > limits.maxAttributeNameLength() ||
            !CodecRules.isValidName(new UnsafeBuffer(bytes), 0, bytes.length))
        {
            throw new PublishRequestException(field, "an attribute name must be 1.." +
                limits.maxAttributeNameLength() + " characters of [A-Za-z0-9_.-]");
        }
        if (name.equals("topic") || name.equals("priority") || name.equals("id") || name.equals("ts"))
        {
            throw new PublishRequestException(field, "the name is reserved for a built-in field (topic, priority, " +
                "id, ts)");
        }
    }

    private Object value(final JsonNode v, final String field)
    {
        if (v.isBoolean())
        {
            return v.booleanValue();
        }
        if (v.isIntegralNumber() && v.canConvertToLong())
        {
            return v.longValue();
        }
        if (v.isNumber())
        {
            final double d = v.doubleValue();
            if (!Double.isFinite(d))
            {
                throw new PublishRequestException(field, "the number " + v + " is out of the range of a double");
            }
            return d;
        }
        if (v.isTextual())
        {
            final int bytes = Utf8.encodedLength(v.textValue());
            if (bytes > limits.maxAttributeValueLength())
            {
                throw new PublishRequestException(field, "the string is " + bytes + " bytes of UTF-8, at most " +
                    limits.maxAttributeValueLength() + " are allowed");
            }
            return v.textValue();
        }
        throw new PublishRequestException(field, "must be a string, number or boolean, was " + kind(v));
    }

    private static PublishRequestException notJson(final JacksonException ex)
    {
        final JsonLocation at = ex.getLocation();
        final String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
        return new PublishRequestException(BODY, "is not one JSON object: " + ex.getOriginalMessage() + where);
    }

    private static String kind(final JsonNode node)
    {
        if (node == null || node.isMissingNode())
        {
            return "empty";
        }
        final String type = node.getNodeType().name().toLowerCase(Locale.ROOT);
        return node.isNull() ? "null" : (type.startsWith("a") || type.startsWith("o") ? "an " : "a ") + type;
    }
}
