package io.ringcast.transport.http;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ringcast.engine.event.Priority;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.policy.DigestMode;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.policy.QuietHours;
import io.ringcast.engine.policy.WebhookEndpoint;
import io.ringcast.engine.subscription.BatchPolicy;

import static io.ringcast.transport.http.JsonFields.MAPPER;
import static io.ringcast.transport.http.JsonFields.allowOnly;
import static io.ringcast.transport.http.JsonFields.has;
import static io.ringcast.transport.http.JsonFields.intIn;
import static io.ringcast.transport.http.JsonFields.longIn;
import static io.ringcast.transport.http.JsonFields.requireObject;

/**
 * The JSON form of a user's delivery {@link Preferences} (see {@code transport/PROTOCOL.md}, "Preferences"), and of
 * the batch policy server-side subscriptions share with it; quiet hours are read and written by {@link QuietHoursJson},
 * webhooks by {@link WebhookJson}. Reading is strict: unknown fields,
 * wrong types and values out of range are refused with an {@link InvalidJsonException} naming the field's path
 * ({@code quietHours[1].start}) and what is allowed. Omitted fields take {@link Preferences#DEFAULT}'s values.
 * Writing gives the canonical form, every field present, so an answer shows exactly what is in force.
 * <p>
 * Stateless; any thread (never an engine thread: it allocates freely).
 */
public final class PreferencesJson
{
    private static final String UTC = "UTC";
    private static final List<String> FIELDS = List.of("minPriority", "topics", "timeZone", "quietHours", "digest",
        "digestAt", "digestMax", "maxPerHour", "batch", "fallback");
    private static final List<String> BATCH_FIELDS = List.of("max", "lingerMs");

    private PreferencesJson()
    {
    }

    /**
     * Reads preferences from JSON text.
     *
     * @throws InvalidJsonException naming what is wrong and where
     */
    public static Preferences parse(final String json)
    {
        return parse(JsonFields.readTree(json), "");
    }

    /**
     * Reads preferences from a parsed object; {@code path} prefixes field names in errors (e.g.
     * {@code "preferences."}, or empty).
     *
     * @throws InvalidJsonException naming what is wrong and where
     */
    public static Preferences parse(final JsonNode node, final String path)
    {
        final Preferences d = Preferences.DEFAULT;
        final String where = path.endsWith(".") ? path.substring(0, path.length() - 1) : path;
        if (node == null || !node.isObject())
        {
            throw new InvalidJsonException(where.isEmpty() ? null : where, (where.isEmpty() ? "preferences" : where) +
                " must be a JSON object like {\"minPriority\":\"high\",\"timeZone\":\"Europe/Berlin\"}");
        }
        allowOnly(node, path, FIELDS);
        final Priority minPriority = has(node, "minPriority") ? priority(node.get("minPriority"), path + "minPriority") :
            d.minPriority();
        final List<TopicPattern> topics = has(node, "topics") ? topics(node.get("topics"), path + "topics") :
            d.topics();
        final ZoneId zone = has(node, "timeZone") ? zone(node.get("timeZone"), path + "timeZone") : d.zone();
        final QuietHours quiet = node.has("quietHours") ? QuietHoursJson.read(node.get("quietHours"), path + "quietHours") :
            d.quietHours();
        final DigestMode digest = has(node, "digest") ? digest(node.get("digest"), path + "digest") : d.digest();
        final LocalTime digestAt = has(node, "digestAt") ? QuietHoursJson.time(node.get("digestAt"), path + "digestAt") :
            d.digestAt();
        final int digestMax = has(node, "digestMax") ?
            intIn(node.get("digestMax"), path + "digestMax", 1, Preferences.MAX_DIGEST_EVENTS, "") : d.digestMax();
        final int maxPerHour = has(node, "maxPerHour") ?
            intIn(node.get("maxPerHour"), path + "maxPerHour", 0, 1_000_000, " (0: no limit of your own)") :
            d.maxPerHour();
        final BatchPolicy batch = has(node, "batch") ? batch(node.get("batch"), path + "batch", BatchPolicy.DEFAULT) :
            d.batch();
        final WebhookEndpoint fallback = has(node, "fallback") ? WebhookJson.read(node.get("fallback"), path + "fallback") :
            d.fallback();
        try
        {
            return new Preferences(minPriority, topics, zone, quiet, digest, digestAt, digestMax, maxPerHour, batch,
                fallback);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InvalidJsonException(where.isEmpty() ? null : where, ex.getMessage());
        }
    }

    /**
     * The canonical JSON of {@code prefs}: every field. With {@code secrets} false (answers to clients) a fallback
     * webhook shows {@code "signed":true|false} instead of its secret; true (the state log) keeps the secret.
     */
    public static ObjectNode write(final Preferences prefs, final boolean secrets)
    {
        final ObjectNode o = MAPPER.createObjectNode();
        o.put("minPriority", prefs.minPriority().name().toLowerCase(Locale.ROOT));
        final ArrayNode topics = o.putArray("topics");
        for (final TopicPattern t : prefs.topics())
        {
            topics.add(t.toString());
        }
        o.put("timeZone", zoneName(prefs.zone()));
        o.set("quietHours", QuietHoursJson.write(prefs.quietHours()));
        o.put("digest", prefs.digest().wireName());
        o.put("digestAt", QuietHoursJson.hhmm(prefs.digestAt()));
        o.put("digestMax", prefs.digestMax());
        o.put("maxPerHour", prefs.maxPerHour());
        if (prefs.batch() == null)
        {
            o.putNull("batch");
        }
        else
        {
            o.set("batch", batch(prefs.batch()));
        }
        if (prefs.fallback() == null)
        {
            o.putNull("fallback");
        }
        else
        {
            o.set("fallback", WebhookJson.write(prefs.fallback(), secrets));
        }
        return o;
    }

    /**
     * The answer to a read or a change of a user's preferences:
     * {@code {"user":..,"default":true|false,"preferences":{canonical, no secrets}}}, with the defaults and
     * {@code "default":true} when the user has set none ({@code prefs} null).
     */
    public static ObjectNode answer(final String user, final Preferences prefs)
    {
        final ObjectNode o = MAPPER.createObjectNode().put("user", user).put("default", prefs == null);
        o.set("preferences", write(prefs == null ? Preferences.DEFAULT : prefs, false));
        return o;
    }

    /** {@code {"max":..,"lingerMs":..}}. */
    public static ObjectNode batch(final BatchPolicy batch)
    {
        return MAPPER.createObjectNode()
            .put("max", batch.maxSize())
            .put("lingerMs", TimeUnit.NANOSECONDS.toMillis(batch.lingerNanos()));
    }

    /**
     * A batch policy: {@code {"max":1..1000,"lingerMs":0..300000}}, absent members from {@code defaults}; null
     * (JSON null) for none.
     */
    static BatchPolicy batch(final JsonNode node, final String path, final BatchPolicy defaults)
    {
        if (node.isNull())
        {
            return null;
        }
        requireObject(node, path, "{\"max\":50,\"lingerMs\":2000}");
        allowOnly(node, path + ".", BATCH_FIELDS);
        final int max = has(node, "max") ? intIn(node.get("max"), path + ".max", 1, BatchPolicy.MAX_SIZE, "") :
            defaults.maxSize();
        final long maxLinger = TimeUnit.NANOSECONDS.toMillis(BatchPolicy.MAX_LINGER_NANOS);
        final long linger = has(node, "lingerMs") ?
            longIn(node.get("lingerMs"), path + ".lingerMs", 0, maxLinger, " (at most 5 min)") :
            TimeUnit.NANOSECONDS.toMillis(defaults.lingerNanos());
        return BatchPolicy.ofMillis(max, linger);
    }

    private static Priority priority(final JsonNode node, final String path)
    {
        final Priority p = node.isTextual() ? Priority.fromName(node.textValue()) : null;
        if (p == null)
        {
            throw new InvalidJsonException(path, path + " must be one of low, normal, high, critical; was " + node);
        }
        return p;
    }

    private static List<TopicPattern> topics(final JsonNode node, final String path)
    {
        if (!node.isArray())
        {
            throw new InvalidJsonException(path, path + " must be an array of topic patterns like [\"users.42.>\"] " +
                "([] for every topic), was " + node);
        }
        if (node.size() > Preferences.MAX_TOPICS)
        {
            throw new InvalidJsonException(path, path + " holds at most " + Preferences.MAX_TOPICS +
                " topic patterns, was " + node.size());
        }
        final List<TopicPattern> topics = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++)
        {
            final String at = path + "[" + i + "]";
            final JsonNode t = node.get(i);
            if (!t.isTextual())
            {
                throw new InvalidJsonException(at, at + " must be a topic pattern string, was " + t);
            }
            try
            {
                topics.add(TopicPattern.parse(t.textValue()));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new InvalidJsonException(at, at + ": " + ex.getMessage());
            }
        }
        return topics;
    }

    private static ZoneId zone(final JsonNode node, final String path)
    {
        if (node.isTextual())
        {
            final String id = node.textValue();
            if (UTC.equals(id))
            {
                return ZoneOffset.UTC;
            }
            if (ZoneId.getAvailableZoneIds().contains(id))
            {
                return ZoneId.of(id);
            }
        }
        throw new InvalidJsonException(path, path + " must be an IANA time zone id like \"Europe/Berlin\" or " +
            "\"UTC\", was " + node);
    }

    private static String zoneName(final ZoneId zone)
    {
        return ZoneOffset.UTC.equals(zone) ? UTC : zone.getId();
    }

    private static DigestMode digest(final JsonNode node, final String path)
    {
        if (node.isTextual())
        {
            for (final DigestMode m : DigestMode.values())
            {
                if (m.wireName().equals(node.textValue()))
                {
                    return m;
                }
            }
        }
        throw new InvalidJsonException(path, path + " must be one of immediate, hourly, daily; was " + node);
    }

}
