package io.ringcast.transport.ws;

import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.filter.FilterException;
import io.ringcast.engine.filter.FilterLimits;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.subscription.BatchPolicy;

/**
 * A validated {@code subscribe} message: id, topic pattern, filter, batch policy and, when resuming, the last seq
 * the subscriber saw and the epoch it belongs to. {@link #parse} refuses anything else with a
 * {@link RequestException} naming the field. Event loop thread; allocates.
 *
 * @param id      the subscription id (1..{@value #MAX_ID_LENGTH} characters)
 * @param pattern the topic pattern
 * @param filter  the filter, or null
 * @param batch   the batch policy (the engine's default when absent)
 * @param since   last seq seen (resume from the one after), or {@link #NOT_RESUMING}
 * @param epoch   the journal epoch {@code since} belongs to, or null
 */
record SubscribeRequest(String id, TopicPattern pattern, Filter filter, BatchPolicy batch, long since, String epoch)
{
    /** The {@code since} of a subscription that does not resume. */
    static final long NOT_RESUMING = -1;

    /** Longest subscription id. */
    static final int MAX_ID_LENGTH = 128;

    /** Longest epoch string accepted. */
    static final int MAX_EPOCH_LENGTH = 128;

    /** True when the subscriber asked for history after {@link #since}. */
    boolean resuming()
    {
        return since != NOT_RESUMING;
    }

    /** Reads and checks a subscribe message. */
    static SubscribeRequest parse(final JsonNode root, final BatchPolicy defaults, final ObjectMapper mapper)
        throws RequestException
    {
        final String id = requireId(root.get("id"), "subscribe");
        if (root.has("mode"))
        {
            throw new RequestException("not_supported", "'mode' (digest) arrives in a later release", id);
        }
        final JsonNode topicNode = root.get("topic");
        if (topicNode == null || !topicNode.isTextual())
        {
            throw new RequestException("missing_field", "'subscribe' needs 'topic', a string", id);
        }
        final TopicPattern pattern;
        try
        {
            pattern = TopicPattern.parse(topicNode.textValue());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new RequestException("bad_topic", ex.getMessage(), id);
        }
        final Filter filter;
        try
        {
            filter = filter(root.get("filter"), mapper);
        }
        catch (final FilterException ex)
        {
            throw new RequestException("bad_filter", ex.getMessage(), id);
        }
        final BatchPolicy batch;
        try
        {
            batch = batch(root.get("batch"), defaults);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new RequestException("bad_batch", ex.getMessage(), id);
        }
        final JsonNode sinceNode = root.get("since");
        final JsonNode epochNode = root.get("epoch");
        long since = NOT_RESUMING;
        if (sinceNode != null && !sinceNode.isNull())
        {
            if (!sinceNode.canConvertToExactIntegral() || !sinceNode.canConvertToLong() || sinceNode.asLong() < 0)
            {
                throw new RequestException("bad_since", "'since' must be the last seq received, an integer >= 0 " +
                    "(0: from the first event kept)", id);
            }
            since = sinceNode.asLong();
        }
        String epoch = null;
        if (epochNode != null && !epochNode.isNull())
        {
            if (!epochNode.isTextual() || epochNode.textValue().length() > MAX_EPOCH_LENGTH)
            {
                throw new RequestException("bad_epoch", "'epoch' must be the string the welcome message gave " +
                    "(at most " + MAX_EPOCH_LENGTH + " characters)", id);
            }
            if (since == NOT_RESUMING)
            {
                throw new RequestException("missing_field", "'epoch' goes with 'since': send both to resume", id);
            }
            epoch = epochNode.textValue();
        }
        return new SubscribeRequest(id, pattern, filter, batch, since, epoch);
    }

    /** Checks an id field: a string of 1..{@value #MAX_ID_LENGTH} characters. */
    static String requireId(final JsonNode idNode, final String op) throws RequestException
    {
        if (idNode == null || !idNode.isTextual() || idNode.textValue().isEmpty() ||
            idNode.textValue().length() > MAX_ID_LENGTH)
        {
            throw new RequestException("missing_field",
                "'" + op + "' needs 'id', a string of 1.." + MAX_ID_LENGTH + " characters", null);
        }
        return idNode.textValue();
    }

    private static Filter filter(final JsonNode node, final ObjectMapper mapper) throws FilterException
    {
        if (node == null || node.isNull())
        {
            return null;
        }
        if (node.isTextual())
        {
            return Filter.parse(node.textValue(), FilterLimits.DEFAULT);
        }
        if (node.isObject())
        {
            return Filter.fromJson(mapper.convertValue(node, Object.class), FilterLimits.DEFAULT);
        }
        throw new FilterException("'filter' must be a string or a JSON object");
    }

    private static BatchPolicy batch(final JsonNode node, final BatchPolicy defaults)
    {
        if (node == null || node.isNull())
        {
            return defaults;
        }
        if (!node.isObject())
        {
            throw new IllegalArgumentException("'batch' must be an object like {\"max\":100,\"lingerMs\":5}");
        }
        final JsonNode max = node.get("max");
        final JsonNode linger = node.get("lingerMs");
        if (max != null && !(max.isIntegralNumber() && max.canConvertToLong()) ||
            linger != null && !(linger.isIntegralNumber() && linger.canConvertToLong()))
        {
            // canConvertToLong: 2^64 + 1 must not wrap around to an accepted 1
            throw new IllegalArgumentException("batch 'max' and 'lingerMs' must be integers within range, was " +
                node);
        }
        final long maxValue = max == null ? defaults.maxSize() : max.asLong();
        if (maxValue < 1 || maxValue > BatchPolicy.MAX_SIZE)
        {
            throw new IllegalArgumentException("batch max must be in 1.." + BatchPolicy.MAX_SIZE + ", was " + max);
        }
        final long lingerMillis = linger == null ? TimeUnit.NANOSECONDS.toMillis(defaults.lingerNanos()) :
            linger.asLong();
        return BatchPolicy.ofMillis((int)maxValue, lingerMillis);
    }

    /** A refused request: the error code and message for the client, and the subscription id when known. */
    static final class RequestException extends Exception
    {
        private static final long serialVersionUID = 1L;

        private final String code;
        private final String id;

        RequestException(final String code, final String message, final String id)
        {
            super(message, null, false, false);
            this.code = code;
            this.id = id;
        }

        String code()
        {
            return code;
        }

        String id()
        {
            return id;
        }
    }
}
