package io.ringcast.transport.http;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.policy.UserPolicies;

import static io.ringcast.transport.http.PolicyApiFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /metrics} with the policy, webhook and dead-letter families; {@code /health} degraded and ok. */
class PolicyObservabilityTest
{
    /** A webhook dispatcher with one open circuit and a dead-letter queue past its threshold. */
    private static final PolicyGauges TROUBLED = new PolicyGauges()
    {
        @Override
        public long webhookAttempts()
        {
            return 7;
        }

        @Override
        public long webhookDeadLettered()
        {
            return 2;
        }

        @Override
        public Map<String, String> circuitStates()
        {
            final Map<String, String> states = new TreeMap<>();
            states.put("http://b.example:80", CLOSED);
            states.put("http://a.example:8080", OPEN);
            return states;
        }

        @Override
        public long deadLetters()
        {
            return 1234;
        }

        @Override
        public long deadLetterThreshold()
        {
            return 1000;
        }
    };

    @TempDir
    Path dir;

    @Test
    void shouldExportPolicyCountersSummedOverUsersAndCapTheUserSeries() throws Exception
    {
        try (PolicyApiFixture f = new PolicyApiFixture(dir, null, TROUBLED))
        {
            // stands in for the assemble stage, the counters' only writer in a server
            final UserPolicies users = f.engine.userPolicies();
            for (int i = 1; i <= 150; i++)
            {
                users.statsFor("u" + i).deferred(i);
            }
            users.statsFor("u1").heldQuiet(2);
            users.statsFor("u2").countFilteredPriority();
            users.statsFor("u2").digestSent(0);

            final HttpResponse<String> scrape = f.send("GET", "/metrics", null, null);
            assertEquals(200, scrape.statusCode());
            final String text = scrape.body();
            assertLine(text, "ringcast_policy_events_total{policy=\"deferred\"} 150.0");
            assertLine(text, "ringcast_policy_events_total{policy=\"held_quiet\"} 1.0");
            assertLine(text, "ringcast_policy_events_total{policy=\"filtered_priority\"} 1.0");
            assertLine(text, "ringcast_policy_digests_sent_total 1.0");
            assertLine(text, "ringcast_policy_held_events{reason=\"quiet_hours\"} 2.0");
            assertLine(text, "ringcast_user_deferred_events{user=\"u150\"} 150.0");
            assertLine(text, "ringcast_user_deferred_events{user=\"u51\"} 51.0");
            assertFalse(text.contains("ringcast_user_deferred_events{user=\"u50\"}"), "only the top 100");
            assertEquals(PolicyMetrics.MAX_USER_SERIES, Arrays.stream(text.split("\n"))
                .filter(l -> l.startsWith("ringcast_user_deferred_events{")).count());
            assertLine(text, "ringcast_webhook_attempts_total 7.0");
            assertLine(text, "ringcast_webhook_dead_lettered_total 2.0");
            assertLine(text, "ringcast_webhook_circuit_state{endpoint=\"http://a.example:8080\",state=\"open\"} 1.0");
            assertLine(text, "ringcast_webhook_circuit_state{endpoint=\"http://a.example:8080\",state=\"closed\"} 0.0");
            assertLine(text, "ringcast_dead_letters 1234.0");
            assertLine(text, "ringcast_dead_letter_threshold 1000.0");
        }
    }

    @Test
    void shouldReportDegradedHealthWithReasonsWhileACircuitIsOpenOrTheDeadLettersPastTheThreshold()
        throws Exception
    {
        try (PolicyApiFixture f = new PolicyApiFixture(dir.resolve("a"), null, TROUBLED))
        {
            final HttpResponse<String> health = f.send("GET", "/health", null, null);
            assertEquals(200, health.statusCode(), "still serving");
            final JsonNode h = json(health);
            assertEquals("degraded", h.get("status").asText());
            assertEquals("circuit open: http://a.example:8080", h.at("/reasons/0").asText());
            assertEquals("dead letters 1234 > threshold 1000", h.at("/reasons/1").asText());
            assertEquals(2, h.get("reasons").size());
        }
        try (PolicyApiFixture f = new PolicyApiFixture(dir.resolve("b"), null, PolicyGauges.NONE))
        {
            final JsonNode h = json(f.send("GET", "/health", null, null));
            assertEquals("ok", h.get("status").asText());
            assertTrue(h.path("reasons").isMissingNode());
        }
    }

    private static void assertLine(final String text, final String line)
    {
        assertTrue(Arrays.asList(text.split("\n")).contains(line), "no line '" + line + "' in:\n" + text);
    }
}
