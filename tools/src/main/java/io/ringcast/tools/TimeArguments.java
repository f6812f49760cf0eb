package io.ringcast.tools;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the time arguments of the command line: ISO-8601 instants ({@code --from-time}) and either an
 * instant or an age ({@code --older-than 7d}). Stateless; any thread; allocates.
 * <p>
 * Accepted instants: {@code 2026-05-01T12:00:00Z}, with an offset ({@code 2026-05-01T14:00:00+02:00}),
 * without one ({@code 2026-05-01T12:00:00}, read as UTC), and a bare date ({@code 2026-05-01}, midnight UTC).
 * Accepted ages: a whole number and a unit, {@code ms s m h d w} ({@code 90s}, {@code 12h}, {@code 7d}),
 * or an ISO-8601 duration ({@code PT12H}, {@code P7D}).
 */
public final class TimeArguments
{
    private static final Pattern AGE = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d|w)");
    private static final String INSTANT_EXAMPLE = "e.g. 2026-05-01T12:00:00Z";

    private TimeArguments()
    {
    }

    /**
     * The epoch milliseconds of an ISO-8601 instant.
     *
     * @throws IllegalArgumentException naming the text and what was expected
     */
    public static long parseInstant(final String text)
    {
        final String s = text.strip();
        try
        {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant().toEpochMilli();
        }
        catch (final DateTimeParseException notOffset)
        {
            try
            {
                return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC)
                    .toEpochMilli();
            }
            catch (final DateTimeParseException notLocal)
            {
                try
                {
                    return LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay().toInstant(ZoneOffset.UTC)
                        .toEpochMilli();
                }
                catch (final DateTimeParseException notDate)
                {
                    throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 time (" + INSTANT_EXAMPLE +
                        ")");
                }
            }
        }
    }

    /**
     * A positive age: {@code 7d}, {@code 12h}, {@code PT30M}.
     *
     * @return the duration, or null when the text is not an age (it may be an instant)
     */
    public static Duration parseAge(final String text)
    {
        final String s = text.strip().toLowerCase(Locale.ROOT);
        final Matcher m = AGE.matcher(s);
        if (m.matches())
        {
            final long n = Long.parseLong(m.group(1));
            switch (m.group(2))
            {
                case "ms": return Duration.ofMillis(n);
                case "s": return Duration.ofSeconds(n);
                case "m": return Duration.ofMinutes(n);
                case "h": return Duration.ofHours(n);
                case "d": return Duration.ofDays(n);
                default: return Duration.ofDays(n * 7);
            }
        }
        if (s.startsWith("p"))
        {
            try
            {
                return Duration.parse(s);
            }
            catch (final DateTimeParseException e)
            {
                return null;
            }
        }
        return null;
    }

    /**
     * An instant, or an age counted back from {@code nowMillis}: the cut-off of {@code --older-than}.
     *
     * @throws IllegalArgumentException when the text is neither, or the age is negative
     */
    public static long parseCutoff(final String text, final long nowMillis)
    {
        final Duration age = parseAge(text);
        if (age != null)
        {
            if (age.isNegative())
            {
                throw new IllegalArgumentException("age '" + text + "' is negative");
            }
            return nowMillis - age.toMillis();
        }
        try
        {
            return parseInstant(text);
        }
        catch (final IllegalArgumentException e)
        {
            throw new IllegalArgumentException("'" + text + "' is neither an ISO-8601 time (" + INSTANT_EXAMPLE +
                ") nor an age (e.g. 7d, 12h, 30m, 90s, PT12H)");
        }
    }

    /** Epoch milliseconds as an ISO-8601 instant in UTC ({@code 2026-05-01T12:00:00.250Z}). */
    public static String format(final long epochMillis)
    {
        return Instant.ofEpochMilli(epochMillis).toString();
    }
}
