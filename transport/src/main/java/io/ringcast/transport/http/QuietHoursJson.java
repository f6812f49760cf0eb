package io.ringcast.transport.http;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ringcast.engine.policy.QuietHours;

import static io.ringcast.transport.http.JsonFields.MAPPER;
import static io.ringcast.transport.http.JsonFields.allowOnly;
import static io.ringcast.transport.http.JsonFields.has;
import static io.ringcast.transport.http.JsonFields.requireObject;

/**
 * The JSON of quiet hours and times of day in preferences: windows {@code {"days":[..],"start":"HH:MM",
 * "end":"HH:MM"}} (an array, or one object for every day), weekday names, and the canonical form answers show.
 * Stateless; any thread.
 */
final class QuietHoursJson
{
    private static final Pattern HH_MM = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
    private static final List<String> WINDOW_FIELDS = List.of("days", "start", "end");

    private QuietHoursJson()
    {
    }

    /** {@code null}, one window for every day ({@code {"start","end"}}) or an array of windows with days. */
    static QuietHours read(final JsonNode node, final String path)
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

    /** Canonical: one entry per (start, end), its days Monday first, entries in order of first appearance. */
    static ArrayNode write(final QuietHours quiet)
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

    static LocalTime time(final JsonNode node, final String path)
    {
        if (!node.isTextual() || !HH_MM.matcher(node.textValue()).matches())
        {
            throw new InvalidJsonException(path, path + " must be a time \"HH:MM\" (00:00..23:59), was " + node);
        }
        final String t = node.textValue();
        return LocalTime.of(Integer.parseInt(t.substring(0, 2)), Integer.parseInt(t.substring(3)));
    }

    static String hhmm(final LocalTime t)
    {
        return String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute());
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
}
