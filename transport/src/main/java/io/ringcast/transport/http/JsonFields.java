package io.ringcast.transport.http;

import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The strict reading rules the policy JSON shares (preferences, quiet hours, webhooks, server-side subscriptions):
 * parsing with duplicate keys and trailing content refused, known fields only, typed members in range, every
 * refusal an {@link InvalidJsonException} naming the field's path. Stateless; any thread (never an engine thread).
 */
final class JsonFields
{
    /** Parses JSON text strictly: duplicate keys and trailing content are errors. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    private JsonFields()
    {
    }

    /** Reads JSON text into a tree, refusing bad syntax, duplicate keys and trailing content precisely. */
    static JsonNode readTree(final String json)
    {
        try
        {
            final JsonNode node = MAPPER.readTree(json);
            if (node == null || node.isMissingNode())
            {
                throw new InvalidJsonException(null, "the body is empty: send a JSON object");
            }
            return node;
        }
        catch (final JsonProcessingException ex)
        {
            throw new InvalidJsonException(null, "not valid JSON: " + ex.getOriginalMessage() +
                (ex.getLocation() == null ? "" : " (line " + ex.getLocation().getLineNr() + ", column " +
                ex.getLocation().getColumnNr() + ")"));
        }
    }

    /** True when {@code name} is present and not JSON null (null means "the default" for most fields). */
    static boolean has(final JsonNode node, final String name)
    {
        final JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    static void requireObject(final JsonNode node, final String path, final String example)
    {
        if (!node.isObject())
        {
            throw new InvalidJsonException(path, path + " must be an object like " + example + ", was " + node);
        }
    }

    /** Refuses the first field of {@code node} not in {@code allowed}, naming it and the allowed ones. */
    static void allowOnly(final JsonNode node, final String path, final List<String> allowed)
    {
        final Iterator<String> names = node.fieldNames();
        while (names.hasNext())
        {
            final String name = names.next();
            if (!allowed.contains(name))
            {
                throw new InvalidJsonException(path + name, "unknown field '" + path + name + "'; allowed: " +
                    String.join(", ", allowed));
            }
        }
    }

    static int intIn(final JsonNode node, final String path, final int min, final int max, final String note)
    {
        return (int)longIn(node, path, min, max, note);
    }

    static long longIn(final JsonNode node, final String path, final long min, final long max, final String note)
    {
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max)
        {
            throw new InvalidJsonException(path, path + " must be an integer in " + min + ".." + max + note +
                ", was " + node);
        }
        return node.asLong();
    }
}
