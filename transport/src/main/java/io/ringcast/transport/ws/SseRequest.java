package io.ringcast.transport.ws;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;

import io.ringcast.engine.subscription.BatchPolicy;

/**
 * Reads the subscription of a {@code GET /sse} request: the query parameters {@code topic}, {@code filter},
 * {@code id}, {@code batchMax}, {@code lingerMs} and the resume position from the {@code Last-Event-ID} header (or
 * the {@code lastEventId} parameter, for clients that cannot set headers). They become the JSON form of a
 * WebSocket {@code subscribe}, so {@link SubscribeRequest} applies the very same checks and messages.
 * <p>
 * Event loop thread; allocates (once per request).
 */
final class SseRequest
{
    /** The subscription id when the request names none. */
    static final String DEFAULT_ID = "sse";

    /** The header a reconnecting EventSource sends. */
    static final String LAST_EVENT_ID = "Last-Event-ID";

    /** The query parameter standing in for {@link #LAST_EVENT_ID}. */
    static final String LAST_EVENT_ID_PARAM = "lastEventId";

    private static final int MAX_SEQ_DIGITS = 19;
    private static final int MAX_ECHO = 64;

    private SseRequest()
    {
    }

    /**
     * Validates the request's subscription.
     *
     * @param query    the decoded request URI
     * @param headers  the request headers ({@code Last-Event-ID})
     * @param defaults the engine's batch policy, for the parameters not given
     * @param mapper   parses the JSON form of a filter
     * @return the subscription asked for
     * @throws SubscribeRequest.RequestException naming the parameter and what is allowed
     */
    static SubscribeRequest parse(final QueryStringDecoder query, final HttpHeaders headers,
        final BatchPolicy defaults, final ObjectMapper mapper) throws SubscribeRequest.RequestException
    {
        final ObjectNode root = mapper.createObjectNode();
        final String idParam = param(query, "id", null);
        final String id = idParam == null ? DEFAULT_ID : idParam;
        if (id.isEmpty() || id.length() > SubscribeRequest.MAX_ID_LENGTH)
        {
            throw new SubscribeRequest.RequestException("missing_field",
                "'id' must be 1.." + SubscribeRequest.MAX_ID_LENGTH + " characters (default \"" + DEFAULT_ID + "\")",
                null);
        }
        root.put("id", id);
        final String topic = param(query, "topic", id);
        if (topic == null)
        {
            throw new SubscribeRequest.RequestException("missing_field",
                "'topic' is required: GET /sse?topic=<pattern>[&filter=<filter>]", id);
        }
        root.put("topic", topic);
        final String filter = param(query, "filter", id);
        if (filter != null && !filter.isBlank())
        {
            root.set("filter", filter(filter, mapper, id));
        }
        final String mode = param(query, "mode", id);
        if (mode != null)
        {
            root.put("mode", mode);
        }
        final Long batchMax = integer(query, "batchMax", id);
        final Long lingerMs = integer(query, "lingerMs", id);
        if (batchMax != null || lingerMs != null)
        {
            final ObjectNode batch = root.putObject("batch");
            if (batchMax != null)
            {
                batch.put("max", batchMax.longValue());
            }
            if (lingerMs != null)
            {
                batch.put("lingerMs", lingerMs.longValue());
            }
        }
        final String header = headers.get(LAST_EVENT_ID);
        lastEventId(header != null ? header : param(query, LAST_EVENT_ID_PARAM, id),
            header != null ? LAST_EVENT_ID : LAST_EVENT_ID_PARAM, root, id);
        return SubscribeRequest.parse(root, defaults, mapper);
    }

    /** The value of a parameter given at most once, or null when absent. */
    private static String param(final QueryStringDecoder query, final String name, final String id)
        throws SubscribeRequest.RequestException
    {
        final List<String> values = query.parameters().get(name);
        if (values == null || values.isEmpty())
        {
            return null;
        }
        if (values.size() > 1)
        {
            throw new SubscribeRequest.RequestException("bad_request",
                "'" + name + "' is given " + values.size() + " times: give it once", id);
        }
        return values.get(0);
    }

    private static Long integer(final QueryStringDecoder query, final String name, final String id)
        throws SubscribeRequest.RequestException
    {
        final String text = param(query, name, id);
        if (text == null)
        {
            return null;
        }
        try
        {
            return Long.valueOf(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new SubscribeRequest.RequestException("bad_batch",
                "'" + name + "' must be an integer, was '" + echo(text) + "'", id);
        }
    }

    /** The JSON form when the text looks like an object, else the string form: both compile to one filter. */
    private static JsonNode filter(final String text, final ObjectMapper mapper, final String id)
        throws SubscribeRequest.RequestException
    {
        if (!text.strip().startsWith("{"))
        {
            return mapper.getNodeFactory().textNode(text);
        }
        try
        {
            return mapper.readTree(text);
        }
        catch (final JsonProcessingException ex)
        {
            throw new SubscribeRequest.RequestException("bad_filter", "'filter' starts with '{' but is not valid " +
                "JSON (the JSON form of a filter): " + ex.getOriginalMessage(), id);
        }
    }

    /** {@code <seq>@<epoch>} or a bare {@code <seq>} (no epoch check) into {@code since} and {@code epoch}. */
    private static void lastEventId(final String value, final String source, final ObjectNode root, final String id)
        throws SubscribeRequest.RequestException
    {
        if (value == null || value.isEmpty())
        {
            return;
        }
        final int at = value.indexOf('@');
        final String seqText = at < 0 ? value : value.substring(0, at);
        final String epoch = at < 0 ? null : value.substring(at + 1);
        long seq = -1;
        if (!seqText.isEmpty() && seqText.length() <= MAX_SEQ_DIGITS && seqText.chars().allMatch(Character::isDigit))
        {
            try
            {
                seq = Long.parseLong(seqText);
            }
            catch (final NumberFormatException ex)
            {
                seq = -1; // 19 digits past Long.MAX_VALUE
            }
        }
        if (seq < 0 || epoch != null && (epoch.isEmpty() || epoch.length() > SubscribeRequest.MAX_EPOCH_LENGTH))
        {
            throw new SubscribeRequest.RequestException("bad_last_event_id", source + " must be '<seq>@<epoch>' " +
                "as an event's id gave it, or a bare '<seq>' (seq: an integer >= 0; epoch: 1.." +
                SubscribeRequest.MAX_EPOCH_LENGTH + " characters), was '" + echo(value) + "'", id);
        }
        root.put("since", seq);
        if (epoch != null)
        {
            root.put("epoch", epoch);
        }
    }

    private static String echo(final String text)
    {
        return text.length() <= MAX_ECHO ? text : text.substring(0, MAX_ECHO) + "...";
    }
}
