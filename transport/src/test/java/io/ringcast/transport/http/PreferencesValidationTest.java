package io.ringcast.transport.http;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.ringcast.transport.http.PolicyApiFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way {@code PUT /api/users/{id}/preferences} refuses a body: 400, the field's path and what is allowed. */
class PreferencesValidationTest
{
    @TempDir
    static Path dir;

    private static PolicyApiFixture fixture;

    @BeforeAll
    static void start()
    {
        fixture = new PolicyApiFixture(dir, null, PolicyGauges.NONE);
    }

    @AfterAll
    static void stop()
    {
        fixture.close();
    }

    static Stream<Arguments> invalidPreferences()
    {
        return Stream.of(
            Arguments.of("{\"minPriority\":\"urgent\"}", "minPriority", "one of low, normal, high, critical"),
            Arguments.of("{\"topics\":\"users.>\"}", "topics", "array of topic patterns"),
            Arguments.of("{\"topics\":[\"users.>\",7]}", "topics[1]", "topic pattern string"),
            Arguments.of("{\"topics\":[\"users..x\"]}", "topics[0]", "topics[0]: "),
            Arguments.of("{\"timeZone\":\"Mars/Olympus\"}", "timeZone", "IANA time zone id"),
            Arguments.of("{\"quietHours\":{\"start\":\"25:00\",\"end\":\"07:00\"}}", "quietHours.start",
                "\"HH:MM\""),
            Arguments.of("{\"quietHours\":[{\"days\":[\"funday\"],\"start\":\"22:00\",\"end\":\"07:00\"}]}",
                "quietHours[0].days[0]", "must be a day: mon, tue"),
            Arguments.of("{\"quietHours\":{\"days\":[],\"start\":\"22:00\",\"end\":\"07:00\"}}", "quietHours.days",
                "non-empty array of days"),
            Arguments.of("{\"quietHours\":[{\"start\":\"22:00\"}]}", "quietHours[0].end", "needs 'start' and 'end'"),
            Arguments.of("{\"quietHours\":\"22-7\"}", "quietHours", "array of windows"),
            Arguments.of("{\"digest\":\"weekly\"}", "digest", "one of immediate, hourly, daily"),
            Arguments.of("{\"digestAt\":\"8:30\"}", "digestAt", "\"HH:MM\""),
            Arguments.of("{\"digestMax\":0}", "digestMax", "integer in 1..1000"),
            Arguments.of("{\"maxPerHour\":-1}", "maxPerHour", "integer in 0..1000000"),
            Arguments.of("{\"batch\":{\"max\":1001}}", "batch.max", "integer in 1..1000"),
            Arguments.of("{\"batch\":{\"lingerMs\":300001}}", "batch.lingerMs", "at most 5 min"),
            Arguments.of("{\"batch\":{\"max\":5,\"size\":3}}", "batch.size", "unknown field 'batch.size'"),
            Arguments.of("{\"fallback\":{\"url\":\"ftp://host/x\"}}", "fallback.url", "http or https"),
            Arguments.of("{\"fallback\":{\"secret\":\"0123456789abcdef0\"}}", "fallback.url", "url is required"),
            Arguments.of("{\"fallback\":{\"url\":\"http://h\",\"secret\":\"short\"}}", "fallback.secret",
                "at least 16 characters"),
            Arguments.of("{\"fallback\":{\"url\":\"http://h\",\"signed\":true}}", "fallback.signed",
                "only in answers"),
            Arguments.of("{\"fallback\":{\"url\":\"http://h\",\"retry\":{\"maxAttempts\":12}}}",
                "fallback.retry.maxAttempts", "0 to 10 retries"),
            Arguments.of("{\"fallback\":{\"url\":\"http://h\",\"retry\":{\"maxAttempts\":0}}}",
                "fallback.retry.maxAttempts", "integer in 1..11"),
            Arguments.of("{\"fallback\":{\"url\":\"http://h\",\"retry\":{\"baseDelayMs\":99}}}",
                "fallback.retry.baseDelayMs", "100 ms..60 s"),
            Arguments.of("{\"fallback\":{\"url\":\"http://h\",\"retry\":{\"maxDelayMs\":60001}}}",
                "fallback.retry.maxDelayMs", "(baseDelayMs..60 s)"),
            Arguments.of("{\"fallback\":{\"url\":\"http://h\",\"retry\":{\"multiplier\":0.5}}}",
                "fallback.retry.multiplier", "1.0..10.0"),
            Arguments.of("{\"colour\":\"blue\"}", "colour", "unknown field 'colour'; allowed: minPriority"),
            Arguments.of("[1]", null, "must be a JSON object"),
            Arguments.of("", null, "the body is empty"),
            Arguments.of("{\"minPriority\":\"high\",", null, "not valid JSON"),
            Arguments.of("{\"digestMax\":5,\"digestMax\":6}", null, "Duplicate field 'digestMax'"));
    }

    @ParameterizedTest
    @MethodSource("invalidPreferences")
    void shouldRefuseInvalidPreferencesNamingTheFieldAndWhatIsAllowed(final String body, final String field,
        final String message) throws Exception
    {
        final HttpResponse<String> r = fixture.send("PUT", "/api/users/42/preferences", body, null);
        assertEquals(400, r.statusCode(), r.body());
        final JsonNode error = json(r).get("error");
        assertEquals("bad_request", error.get("code").asText());
        assertTrue(error.get("message").asText().contains(message), error.toString());
        if (field == null)
        {
            assertNull(error.get("field"), error.toString());
        }
        else
        {
            assertEquals(field, error.path("field").asText(), error.toString());
        }
        assertNull(fixture.engine.userPolicies().preferences("42"), "nothing applied");
        assertEquals(List.of(), fixture.journal.stateLog().readAll(), "nothing saved");
    }
}
