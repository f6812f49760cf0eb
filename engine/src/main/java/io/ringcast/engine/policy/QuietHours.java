package io.ringcast.engine.policy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;

/**
 * A user's do-not-disturb schedule: windows that start on a weekday at a local time and end at a local time, the
 * same day or (when the end is not after the start) the next day, so {@code 22:00-07:00} on a Friday runs into
 * Saturday morning. Times are read in the user's zone on the day they fall on, so a window over a daylight-saving
 * change is an hour shorter or longer in real time (a start or end inside a skipped hour moves to just after it).
 * <p>
 * Immutable; any thread. The two queries allocate ({@code java.time}); the assemble stage calls them only when a
 * cached transition has passed, never per event.
 */
public final class QuietHours
{
    /** No quiet hours. */
    public static final QuietHours NONE = new QuietHours(List.of());

    private final List<Window> windows;

    /**
     * One quiet window.
     *
     * @param day   the weekday it starts on
     * @param start local start time
     * @param end   local end time; at or before {@code start} means the next day
     */
    public record Window(DayOfWeek day, LocalTime start, LocalTime end)
    {
        /** Validates. */
        public Window
        {
            Objects.requireNonNull(day, "quiet window day");
            Objects.requireNonNull(start, "quiet window start");
            Objects.requireNonNull(end, "quiet window end");
        }

        boolean crossesMidnight()
        {
            return !end.isAfter(start);
        }
    }

    /** A schedule of {@code windows} (at most 7 × 4). */
    public QuietHours(final List<Window> windows)
    {
        if (windows.size() > 28)
        {
            throw new IllegalArgumentException("at most 28 quiet windows (4 per weekday), was " + windows.size());
        }
        this.windows = List.copyOf(windows);
    }

    /** The same window every day of the week. */
    public static QuietHours daily(final LocalTime start, final LocalTime end)
    {
        final Window[] all = new Window[7];
        for (final DayOfWeek d : DayOfWeek.values())
        {
            all[d.ordinal()] = new Window(d, start, end);
        }
        return new QuietHours(List.of(all));
    }

    /** The windows. */
    public List<Window> windows()
    {
        return windows;
    }

    /** True when there is no window. */
    public boolean isEmpty()
    {
        return windows.isEmpty();
    }

    /**
     * If {@code epochMillis} is inside a quiet window (in {@code zone}), the instant the quiet period ends (windows
     * that overlap or touch count as one period); otherwise -1. Allocates.
     */
    public long quietUntil(final long epochMillis, final ZoneId zone)
    {
        long until = -1;
        long probe = epochMillis;
        // a window ending where the next begins continues the quiet period: follow the chain (bounded)
        for (int hops = 0; hops < 32; hops++)
        {
            final long end = endOfWindowContaining(probe, zone);
            if (end < 0)
            {
                break;
            }
            until = end;
            probe = end;
        }
        return until;
    }

    /** The first instant after {@code epochMillis} at which a quiet window starts, or {@link Long#MAX_VALUE}. */
    public long nextStart(final long epochMillis, final ZoneId zone)
    {
        final LocalDate today = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
        long next = Long.MAX_VALUE;
        for (int d = 0; d <= 7; d++)
        {
            final LocalDate date = today.plusDays(d);
            for (final Window w : windows)
            {
                if (w.day() == date.getDayOfWeek())
                {
                    final long start = ZonedDateTime.of(date, w.start(), zone).toInstant().toEpochMilli();
                    if (start > epochMillis && start < next)
                    {
                        next = start;
                    }
                }
            }
            if (next != Long.MAX_VALUE)
            {
                break;
            }
        }
        return next;
    }

    private long endOfWindowContaining(final long epochMillis, final ZoneId zone)
    {
        final LocalDate today = Instant.ofEpochMilli(epochMillis).atZone(zone).toLocalDate();
        long end = -1;
        for (int d = -1; d <= 0; d++)
        {
            final LocalDate date = today.plusDays(d);
            for (final Window w : windows)
            {
                if (w.day() != date.getDayOfWeek())
                {
                    continue;
                }
                final long s = ZonedDateTime.of(date, w.start(), zone).toInstant().toEpochMilli();
                final LocalDate endDate = w.crossesMidnight() ? date.plusDays(1) : date;
                final long e = ZonedDateTime.of(endDate, w.end(), zone).toInstant().toEpochMilli();
                if (s <= epochMillis && epochMillis < e)
                {
                    end = Math.max(end, e);
                }
            }
        }
        return end;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof QuietHours && ((QuietHours)o).windows.equals(windows);
    }

    @Override
    public int hashCode()
    {
        return windows.hashCode();
    }

    @Override
    public String toString()
    {
        return "QuietHours" + windows;
    }
}
