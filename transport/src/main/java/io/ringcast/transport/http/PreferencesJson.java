package io.ringcast.transport.http;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ringcast.engine.event.Priority;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.policy.DigestMode;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.policy.QuietHours;
import io.ringcast.engine.policy.RetryPolicy;
import io.ringcast.engine.policy.WebhookEndpoint;
import io.ringcast.engine.subscription.BatchPolicy;

/**
 * The JSON form of a user's delivery {@link Preferences} (see {@code transport/PROTOCOL.md}, "Preferences"), and of
 * the parts server-side subscriptions share with it (batch, webhook, retry). Reading is strict: unknown fields,
 * wrong types and values out of range are refused with an {@link InvalidJsonException} naming the field's path
 * ({@code quietHours[1].start}) and what is allowed. Omitted fields take {@link Preferences#DEFAULT}'s values.
 * Writing gives the canonical form, every field present, so an answer shows exactly what is in force.
 * <p>
 * Stateless; any thread (never an engine thread: it allocates freely).
 */
public final class PreferencesJson
{
    /** Parses JSON text strictly: duplicate keys and trailing content are errors. */
    static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();

    private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final String UTC = "UTC";
    private static final List<String> FIELDS = List.of("minPriority", "topics", "timeZone", "quietHours", "digest",
        "digestAt", "digestMax", "maxPerHour", "batch", "fallback");
    private static final List<String> WINDOW_FIELDS = List.of("days", "start", "end");
    private static final List<String> BATCH_FIELDS = List.of("max", "lingerMs");
    private static final List<String> WEBHOOK_FIELDS = List.of("url", "secret", "retry");
    private static final List<String> RETRY_FIELDS = List.of("maxAttempts", "baseDelayMs", "maxDelayMs", "multiplier");

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
        return parse(readTree(json), "");
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
        final QuietHours quiet = node.has("quietHours") ? quietHours(node.get("quietHours"), path + "quietHours") :
            d.quietHours();
        final DigestMode digest = has(node, "digest") ? digest(node.get("digest"), path + "digest") : d.digest();
        final LocalTime digestAt = has(node, "digestAt") ? time(node.get("digestAt"), path + "digestAt") :
            d.digestAt();
        final int digestMax = has(node, "digestMax") ?
            intIn(node.get("digestMax"), path + "digestMax", 1, Preferences.MAX_DIGEST_EVENTS, "") : d.digestMax();
        final int maxPerHour = has(node, "maxPerHour") ?
            intIn(node.get("maxPerHour"), path + "maxPerHour", 0, 1_000_000, " (0: no limit of your own)") :
            d.maxPerHour();
        final BatchPolicy batch = has(node, "batch") ? batch(node.get("batch"), path + "batch", BatchPolicy.DEFAULT) :
            d.batch();
        final WebhookEndpoint fallback = has(node, "fallback") ? webhook(node.get("fallback"), path + "fallback") :
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
        o.set("quietHours", quietHours(prefs.quietHours()));
        o.put("digest", prefs.digest().wireName());
        o.put("digestAt", hhmm(prefs.digestAt()));
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
            o.set("fallback", webhook(prefs.fallback(), secrets));
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

    /** {@code {"url":..,"secret":..|"signed":..,"retry":{..}}}; see {@link #write} for {@code secrets}. */
    public static ObjectNode webhook(final WebhookEndpoint endpoint, final boolean secrets)
    {
        final ObjectNode o = MAPPER.createObjectNode().put("url", endpoint.url().toString());
        if (secrets)
        {
            o.put("secret", endpoint.secret());
        }
        else
        {
            o.put("signed", endpoint.secret() != null);
        }
        final RetryPolicy r = endpoint.retry();
        o.putObject("retry")
            .put("maxAttempts", r.maxAttempts())
            .put("baseDelayMs", r.baseDelayMillis())
            .put("maxDelayMs", r.maxDelayMillis())
            .put("multiplier", r.multiplier());
        return o;
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

    /** A webhook: {@code {"url":"http(s)://..","secret":".." (optional),"retry":{..} (optional)}}; null for none. */
    static WebhookEndpoint webhook(final JsonNode node, final String path)
    {
        if (node.isNull())
        {
            return null;
        }
        requireObject(node, path, "{\"url\":\"https://example.com/hook\",\"secret\":\"...\"}");
        if (node.has("signed"))
        {
            throw new InvalidJsonException(path + ".signed", path + ".signed is only in answers: send 'secret' " +
                "(at least " + WebhookEndpoint.MIN_SECRET_LENGTH + " characters) to sign, or leave it out");
        }
        allowOnly(node, path + ".", WEBHOOK_FIELDS);
        final JsonNode url = node.get("url");
        if (url == null || !url.isTextual())
        {
            throw new InvalidJsonException(path + ".url", path + ".url is required: an absolute http or https URL");
        }
        final JsonNode secretNode = node.get("secret");
        if (secretNode != null && !secretNode.isNull() && !secretNode.isTextual())
        {
            throw new InvalidJsonException(path + ".secret", path + ".secret must be a string of at least " +
                WebhookEndpoint.MIN_SECRET_LENGTH + " characters, was " + secretNode);
        }
        final String secret = secretNode == null || secretNode.isNull() ? null : secretNode.textValue();
        if (secret != null && secret.length() < WebhookEndpoint.MIN_SECRET_LENGTH)
        {
            throw new InvalidJsonException(path + ".secret", path + ".secret must be at least " +
                WebhookEndpoint.MIN_SECRET_LENGTH + " characters, was " + secret.length());
        }
        final RetryPolicy retry = has(node, "retry") ? retry(node.get("retry"), path + ".retry") : RetryPolicy.DEFAULT;
        try
        {
            return WebhookEndpoint.of(url.textValue(), secret, retry);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InvalidJsonException(path + ".url", path + ".url: " + ex.getMessage());
        }
    }

    private static RetryPolicy retry(final JsonNode node, final String path)
    {
        requireObject(node, path, "{\"maxAttempts\":5,\"baseDelayMs\":500,\"maxDelayMs\":30000}");
        allowOnly(node, path + ".", RETRY_FIELDS);
        final RetryPolicy d = RetryPolicy.DEFAULT;
        final int attempts = has(node, "maxAttempts") ? intIn(node.get("maxAttempts"), path + ".maxAttempts", 1,
            RetryPolicy.MAX_ATTEMPTS, " (the first attempt and 0 to 10 retries)") : d.maxAttempts();
        final long base = has(node, "baseDelayMs") ? longIn(node.get("baseDelayMs"), path + ".baseDelayMs",
            RetryPolicy.MIN_DELAY_MILLIS, RetryPolicy.MAX_DELAY_MILLIS, " (100 ms..60 s)") : d.baseDelayMillis();
        final long max = has(node, "maxDelayMs") ? longIn(node.get("maxDelayMs"), path + ".maxDelayMs", base,
            RetryPolicy.MAX_DELAY_MILLIS, " (baseDelayMs..60 s)") : Math.max(base, d.maxDelayMillis());
        double multiplier = d.multiplier();
        if (has(node, "multiplier"))
        {
            final JsonNode m = node.get("multiplier");
            if (!m.isNumber() || !(m.asDouble() >= 1.0 && m.asDouble() <= 10.0))
            {
                throw new InvalidJsonException(path + ".multiplier", path + ".multiplier must be a number in " +
                    "1.0..10.0, was " + m);
            }
            multiplier = m.asDouble();
        }
        return new RetryPolicy(attempts, base, max, multiplier);
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

    private static LocalTime time(final JsonNode node, final String path)
    {
        if (!node.isTextual() || !HH_MM.matcher(node.textValue()).matches())
        {
            throw new InvalidJsonException(path, path + " must be a time \"HH:MM\" (00:00..23:59), was " + node);
        }
        final String t = node.textValue();
        return LocalTime.of(Integer.parseInt(t.substring(0, 2)), Integer.parseInt(t.substring(3)));
    }

    private static String hhmm(final LocalTime t)
    {
        return String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute());
    }

    /** {@code null}, one window for every day ({@code {"start","end"}}) or an array of windows with days. */
    private static QuietHours quietHours(final JsonNode node, final String path)
    {
        if (node.isNull())
        {
            return QuietHours.NONE;
        }
        if (node.isObject())
        {
            return new QuietHours(window(node, path));
        }
        if (!node.isArray())
        {
            throw new InvalidJsonException(path, path + " must be an array of windows like [{\"days\":[\"mon\"]," +
                "\"start\":\"22:00\",\"end\":\"07:00\"}], one window for every day like {\"start\":\"22:00\"," +
                "\"end\":\"07:00\"}, or null; was " + node);
        }
        final List<QuietHours.Window> windows = new ArrayList<>();
        for (int i = 0; i < node.size(); i++)
        {
            windows.addAll(window(node.get(i), path + "[" + i + "]"));
        }
        try
        {
            return new QuietHours(windows);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InvalidJsonException(path, path + ": " + ex.getMessage());
        }
    }

    private static List<QuietHours.Window> window(final JsonNode node, final String path)
    {
        requireObject(node, path, "{\"days\":[\"mon\",\"tue\"],\"start\":\"22:00\",\"end\":\"07:00\"}");
        allowOnly(node, path + ".", WINDOW_FIELDS);
        if (!has(node, "start") || !has(node, "end"))
        {
            throw new InvalidJsonException(path + (has(node, "start") ? ".end" : ".start"), path + " needs 'start' " +
                "and 'end', times \"HH:MM\" (an end at or before the start runs into the next day)");
        }
        final LocalTime start = time(node.get("start"), path + ".start");
        final LocalTime end = time(node.get("end"), path + ".end");
        final Set<DayOfWeek> days = has(node, "days") ? days(node.get("days"), path + ".days") :
            EnumSet.allOf(DayOfWeek.class);
        final List<QuietHours.Window> windows = new ArrayList<>(days.size());
        for (final DayOfWeek day : days)
        {
            windows.add(new QuietHours.Window(day, start, end));
        }
        return windows;
    }

    private static Set<DayOfWeek> days(final JsonNode node, final String path)
    {
        if (!node.isArray() || node.isEmpty())
        {
            throw new InvalidJsonException(path, path + " must be a non-empty array of days (mon, tue, wed, thu, " +
                "fri, sat, sun), was " + node);
        }
        final Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (int i = 0; i < node.size(); i++)
        {
            final DayOfWeek day = node.get(i).isTextual() ? day(node.get(i).textValue()) : null;
            if (day == null)
            {
                throw new InvalidJsonException(path + "[" + i + "]", path + "[" + i + "] must be a day: mon, tue, " +
                    "wed, thu, fri, sat or sun (or the full English name); was " + node.get(i));
            }
            days.add(day);
        }
        return days;
    }

    private static DayOfWeek day(final String name)
    {
        for (final DayOfWeek d : DayOfWeek.values())
        {
            if (d.name().equalsIgnoreCase(name) || dayName(d).equalsIgnoreCase(name))
            {
                return d;
            }
        }
        return null;
    }

    private static String dayName(final DayOfWeek day)
    {
        return day.getDisplayName(TextStyle.SHORT, Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** Canonical: one entry per (start, end), its days Monday first, entries in order of first appearance. */
    private static ArrayNode quietHours(final QuietHours quiet)
    {
        final Map<String, EnumSet<DayOfWeek>> byTimes = new LinkedHashMap<>();
        for (final QuietHours.Window w : quiet.windows())
        {
            byTimes.computeIfAbsent(hhmm(w.start()) + "-" + hhmm(w.end()), k -> EnumSet.noneOf(DayOfWeek.class))
                .add(w.day());
        }
        final ArrayNode out = MAPPER.createArrayNode();
        for (final Map.Entry<String, EnumSet<DayOfWeek>> e : byTimes.entrySet())
        {
            final ObjectNode o = out.addObject();
            final ArrayNode days = o.putArray("days");
            for (final DayOfWeek d : e.getValue())
            {
                days.add(dayName(d));
            }
            o.put("start", e.getKey().substring(0, 5));
            o.put("end", e.getKey().substring(6));
        }
        return out;
    }

    /** True when {@code name} is present and not JSON null (null means "the default" for most fields). */
    private static boolean has(final JsonNode node, final String name)
    {
        final JsonNode v = node.get(name);
        return v != null && !v.isNull();
    }

    private static void requireObject(final JsonNode node, final String path, final String example)
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

    /** Refused JSON: what is wrong, where ({@link #field()}, a path like {@code fallback.retry.maxAttempts}). */
    public static final class InvalidJsonException extends IllegalArgumentException
    {
        private static final long serialVersionUID = 1L;

        private final String field;

        /**
         * @param field   the path of the field at fault, or null when the whole document is
         * @param message what is wrong and what is allowed
         */
        public InvalidJsonException(final String field, final String message)
        {
            super(message);
            this.field = field;
        }

        /** The path of the field at fault, or null. */
        public String field()
        {
            return field;
        }
    }
}
