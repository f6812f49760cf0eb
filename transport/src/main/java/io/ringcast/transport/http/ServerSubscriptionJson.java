package io.ringcast.transport.http;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.filter.FilterException;
import io.ringcast.engine.filter.FilterLimits;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.policy.WebhookEndpoint;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.engine.subscription.SubscriptionStats;

/**
 * The JSON of server-side subscriptions ({@code POST /api/subscriptions}, {@code GET /api/subscriptions/{id}}) and
 * the state-log records that make preferences and server-side subscriptions survive a restart:
 * <pre>
 * {"type":"preferences","user":"42","preferences":{..canonical, with secrets..}}
 * {"type":"preferences-cleared","user":"42"}
 * {"type":"subscription","id":"srv-..","user":"42","topic":"users.42.&gt;","filter":"..."|null,
 *  "batch":{"max":..,"lingerMs":..},"webhook":{..with secret..}|null,"created":epochMillis}
 * {"type":"subscription-deleted","user":"42","id":"srv-.."}
 * </pre>
 * Filters are stored in their canonical string form, which compiles back to an equal filter. Reading is strict
 * ({@link InvalidJsonException} names the field). Stateless; any thread but the engine's.
 */
public final class ServerSubscriptionJson
{
    /** Longest user id; a user id may not hold {@code '#'} (it separates a connection's session). */
    public static final int MAX_USER_LENGTH = 128;
    /** Record type: a user's preferences set. */
    public static final String PREFERENCES = "preferences";
    /** Record type: a user's preferences cleared. */
    public static final String PREFERENCES_CLEARED = "preferences-cleared";
    /** Record type: a server-side subscription created. */
    public static final String SUBSCRIPTION = "subscription";
    /** Record type: a server-side subscription deleted. */
    public static final String SUBSCRIPTION_DELETED = "subscription-deleted";

    private static final List<String> REQUEST_FIELDS = List.of("user", "topic", "filter", "batch", "webhook");
    private static final List<String> RECORD_FIELDS = List.of("type", "id", "user", "topic", "filter", "batch",
        "webhook", "created");

    private ServerSubscriptionJson()
    {
    }

    /**
     * A server-side subscription as asked for or as saved.
     *
     * @param user    the user it belongs to (its engine client id)
     * @param pattern the topic pattern
     * @param filter  the filter, or null for every event on the topic
     * @param batch   the batch policy
     * @param webhook where batches are posted, or null for the user's live sessions (then the user's fallback)
     */
    public record Request(String user, TopicPattern pattern, Filter filter, BatchPolicy batch, WebhookEndpoint webhook)
    {
        /** The engine's subscription: client id = the user, durable. Allocates. */
        public Subscription toSubscription(final String id, final long createdMillis)
        {
            return new Subscription(user, id, pattern, filter, batch, createdMillis, true, webhook);
        }
    }

    /** A state-log record, read back. */
    public sealed interface StateRecord permits PreferencesSet, PreferencesCleared, SubscriptionCreated,
        SubscriptionDeleted
    {
        /** The user the record is about. */
        String user();
    }

    /** {@code preferences}: the user's preferences were set. */
    public record PreferencesSet(String user, Preferences preferences) implements StateRecord
    {
    }

    /** {@code preferences-cleared}: the user is back to the defaults. */
    public record PreferencesCleared(String user) implements StateRecord
    {
    }

    /** {@code subscription}: a server-side subscription was created. */
    public record SubscriptionCreated(String user, String id, Request request, long createdMillis)
        implements StateRecord
    {
    }

    /** {@code subscription-deleted}: a server-side subscription was deleted. */
    public record SubscriptionDeleted(String user, String id) implements StateRecord
    {
    }

    /**
     * Reads a create request {@code {"user","topic","filter","batch","webhook"}}; a missing batch takes
     * {@code defaults}.
     *
     * @throws InvalidJsonException naming what is wrong and where
     */
    public static Request parseRequest(final JsonNode node, final BatchPolicy defaults)
    {
        if (node == null || !node.isObject())
        {
            throw new InvalidJsonException(null, "a subscription must be a JSON object like " +
                "{\"user\":\"42\",\"topic\":\"users.42.>\"}");
        }
        JsonFields.allowOnly(node, "", REQUEST_FIELDS);
        return request(node, defaults);
    }

    /** Checks a user id: 1..{@value #MAX_USER_LENGTH} characters, no '#'. Returns an error message or null. */
    public static String userError(final String user)
    {
        if (user == null || user.isEmpty() || user.length() > MAX_USER_LENGTH)
        {
            return "a user id must be 1.." + MAX_USER_LENGTH + " characters";
        }
        if (user.indexOf('#') >= 0)
        {
            return "a user id may not hold '#', was '" + user + "'";
        }
        return null;
    }

    private static Request request(final JsonNode node, final BatchPolicy defaults)
    {
        final JsonNode userNode = node.get("user");
        if (userNode == null || !userNode.isTextual())
        {
            throw new InvalidJsonException("user", "user is required: the id of the user the " +
                "subscription belongs to, a string");
        }
        final String userError = userError(userNode.textValue());
        if (userError != null)
        {
            throw new InvalidJsonException("user", "user: " + userError);
        }
        final JsonNode topic = node.get("topic");
        if (topic == null || !topic.isTextual())
        {
            throw new InvalidJsonException("topic", "topic is required: a topic pattern like " +
                "\"users.42.>\"");
        }
        final TopicPattern pattern;
        try
        {
            pattern = TopicPattern.parse(topic.textValue());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InvalidJsonException("topic", "topic: " + ex.getMessage());
        }
        final JsonNode batchNode = node.get("batch");
        final BatchPolicy batch = batchNode == null || batchNode.isNull() ? defaults :
            PreferencesJson.batch(batchNode, "batch", defaults);
        final JsonNode hook = node.get("webhook");
        final WebhookEndpoint webhook = hook == null ? null : WebhookJson.read(hook, "webhook");
        return new Request(userNode.textValue(), pattern, filter(node.get("filter")), batch, webhook);
    }

    /** A filter in the string form or the JSON form, as the WebSocket {@code subscribe} op takes it; null for none. */
    private static Filter filter(final JsonNode node)
    {
        if (node == null || node.isNull())
        {
            return null;
        }
        try
        {
            if (node.isTextual())
            {
                return node.textValue().isBlank() ? null : Filter.parse(node.textValue(), FilterLimits.DEFAULT);
            }
            if (node.isObject())
            {
                return Filter.fromJson(JsonFields.MAPPER.convertValue(node, Object.class), FilterLimits.DEFAULT);
            }
        }
        catch (final FilterException ex)
        {
            throw new InvalidJsonException("filter", "filter: " + ex.getMessage());
        }
        throw new InvalidJsonException("filter", "filter must be a string like " +
            "\"severity == \\\"high\\\"\" or a JSON object like {\"field\":\"severity\",\"op\":\"equals\"," +
            "\"value\":\"high\"}, was " + node);
    }

    /** The answer of {@code GET /api/subscriptions/{id}}: the subscription (no webhook secret) and its stats. */
    public static ObjectNode describe(final Subscription s)
    {
        final ObjectNode o = JsonFields.MAPPER.createObjectNode()
            .put("id", s.id())
            .put("user", s.user())
            .put("topic", s.pattern().toString());
        putFilter(o, s.filter());
        o.set("batch", PreferencesJson.batch(s.batch()));
        if (s.webhook() == null)
        {
            o.putNull("webhook");
        }
        else
        {
            o.set("webhook", WebhookJson.write(s.webhook(), false));
        }
        o.put("paused", s.paused());
        final SubscriptionStats st = s.stats();
        o.putObject("stats")
            .put("delivered", st.eventsDelivered())
            .put("batches", st.batches())
            .put("errors", st.errors())
            .put("lastActivity", st.lastActivityMillis())
            .put("averageDeliveryNanos", st.averageDeliveryNanos());
        return o;
    }

    /** The state record of a created subscription (with the webhook's secret). */
    public static String subscriptionRecord(final String id, final Request r, final long createdMillis)
    {
        final ObjectNode o = JsonFields.MAPPER.createObjectNode()
            .put("type", SUBSCRIPTION)
            .put("id", id)
            .put("user", r.user())
            .put("topic", r.pattern().toString());
        putFilter(o, r.filter());
        o.set("batch", PreferencesJson.batch(r.batch()));
        if (r.webhook() == null)
        {
            o.putNull("webhook");
        }
        else
        {
            o.set("webhook", WebhookJson.write(r.webhook(), true));
        }
        return o.put("created", createdMillis).toString();
    }

    /** The state record of a deleted subscription. */
    public static String deletedRecord(final String user, final String id)
    {
        return JsonFields.MAPPER.createObjectNode().put("type", SUBSCRIPTION_DELETED).put("user", user)
            .put("id", id).toString();
    }

    /** The state record of a user's preferences set (with the fallback's secret). */
    public static String preferencesRecord(final String user, final Preferences prefs)
    {
        final ObjectNode o = JsonFields.MAPPER.createObjectNode().put("type", PREFERENCES).put("user", user);
        o.set("preferences", PreferencesJson.write(prefs, true));
        return o.toString();
    }

    /** The state record of a user's preferences cleared. */
    public static String clearedRecord(final String user)
    {
        return JsonFields.MAPPER.createObjectNode().put("type", PREFERENCES_CLEARED).put("user", user)
            .toString();
    }

    /**
     * Reads one state record.
     *
     * @throws InvalidJsonException naming what is wrong and where
     */
    public static StateRecord readRecord(final String text)
    {
        final JsonNode node = JsonFields.readTree(text);
        if (!node.isObject() || !node.path("type").isTextual() || !node.path("user").isTextual())
        {
            throw new InvalidJsonException("type", "a state record is an object with 'type' and " +
                "'user' strings");
        }
        final String user = node.get("user").textValue();
        final String type = node.get("type").textValue();
        switch (type)
        {
            case PREFERENCES:
                JsonFields.allowOnly(node, "", List.of("type", "user", "preferences"));
                return new PreferencesSet(user, PreferencesJson.parse(node.get("preferences"), "preferences."));
            case PREFERENCES_CLEARED:
                JsonFields.allowOnly(node, "", List.of("type", "user"));
                return new PreferencesCleared(user);
            case SUBSCRIPTION:
                JsonFields.allowOnly(node, "", RECORD_FIELDS);
                final JsonNode created = node.get("created");
                return new SubscriptionCreated(user, id(node),
                    request(node, BatchPolicy.DEFAULT), created != null && created.canConvertToLong() ?
                    created.asLong() : System.currentTimeMillis());
            case SUBSCRIPTION_DELETED:
                JsonFields.allowOnly(node, "", List.of("type", "user", "id"));
                return new SubscriptionDeleted(user, id(node));
            default:
                throw new InvalidJsonException("type", "unknown state record type '" + type +
                    "'; known: " + PREFERENCES + ", " + PREFERENCES_CLEARED + ", " + SUBSCRIPTION + ", " +
                    SUBSCRIPTION_DELETED);
        }
    }

    private static String id(final JsonNode node)
    {
        final JsonNode id = node.get("id");
        if (id == null || !id.isTextual() || id.textValue().isEmpty())
        {
            throw new InvalidJsonException("id", "id is required: the subscription id, a string");
        }
        return id.textValue();
    }

    private static void putFilter(final ObjectNode o, final Filter filter)
    {
        if (filter == null || filter.isMatchAll())
        {
            o.putNull("filter");
        }
        else
        {
            o.put("filter", filter.toString());
        }
    }
}
