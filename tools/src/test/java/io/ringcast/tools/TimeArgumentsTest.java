package io.ringcast.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimeArgumentsTest
{
    private static final long NOON = Instant.parse("2026-05-01T12:00:00Z").toEpochMilli();

    @Test
    void shouldParseInstantsWithAndWithoutOffset()
    {
        assertEquals(NOON, TimeArguments.parseInstant("2026-05-01T12:00:00Z"));
        assertEquals(NOON + 250, TimeArguments.parseInstant("2026-05-01T12:00:00.250Z"));
        assertEquals(NOON, TimeArguments.parseInstant("2026-05-01T14:00:00+02:00"));
        assertEquals(NOON, TimeArguments.parseInstant("2026-05-01T12:00:00"));
        assertEquals(NOON, TimeArguments.parseInstant(" 2026-05-01T12:00 "));
        assertEquals(NOON - 12 * 3_600_000L, TimeArguments.parseInstant("2026-05-01"));
    }

    @Test
    void shouldRejectWhatIsNotAnInstant()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> TimeArguments.parseInstant("2026-02-30T00:00:00Z"));
        assertEquals("'2026-02-30T00:00:00Z' is not an ISO-8601 time (e.g. 2026-05-01T12:00:00Z)", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TimeArguments.parseInstant("1714564800000"));
        assertThrows(IllegalArgumentException.class, () -> TimeArguments.parseInstant(""));
    }

    @Test
    void shouldParseAgesWithUnitsAndIsoDurations()
    {
        assertEquals(Duration.ofMillis(500), TimeArguments.parseAge("500ms"));
        assertEquals(Duration.ofSeconds(90), TimeArguments.parseAge("90s"));
        assertEquals(Duration.ofMinutes(30), TimeArguments.parseAge("30m"));
        assertEquals(Duration.ofHours(12), TimeArguments.parseAge("12h"));
        assertEquals(Duration.ofDays(7), TimeArguments.parseAge("7d"));
        assertEquals(Duration.ofDays(7), TimeArguments.parseAge("7D"));
        assertEquals(Duration.ofDays(14), TimeArguments.parseAge("2w"));
        assertEquals(Duration.ofHours(12), TimeArguments.parseAge("PT12H"));
        assertEquals(Duration.ofDays(7), TimeArguments.parseAge("P7D"));
        assertNull(TimeArguments.parseAge("7"));
        assertNull(TimeArguments.parseAge("7y"));
        assertNull(TimeArguments.parseAge("2026-05-01"));
        assertNull(TimeArguments.parseAge("Pxyz"));
    }

    @Test
    void shouldTurnAnAgeOrAnInstantIntoACutoff()
    {
        assertEquals(NOON - 7 * 86_400_000L, TimeArguments.parseCutoff("7d", NOON));
        assertEquals(NOON, TimeArguments.parseCutoff("2026-05-01T12:00:00Z", 0));
        assertThrows(IllegalArgumentException.class, () -> TimeArguments.parseCutoff("PT-1H", NOON));
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> TimeArguments.parseCutoff("soon", NOON));
        assertEquals("'soon' is neither an ISO-8601 time (e.g. 2026-05-01T12:00:00Z) nor an age " +
            "(e.g. 7d, 12h, 30m, 90s, PT12H)", ex.getMessage());
    }

    @Test
    void shouldFormatAsUtcInstant()
    {
        assertEquals("2026-05-01T12:00:00Z", TimeArguments.format(NOON));
        assertEquals("2026-05-01T12:00:00.250Z", TimeArguments.format(NOON + 250));
    }
}
