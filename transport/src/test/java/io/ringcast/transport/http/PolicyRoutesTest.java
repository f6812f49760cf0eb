package io.ringcast.transport.http;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.policy.DigestMode;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.subscription.Subscription;

import static io.ringcast.transport.http.PolicyApiFixture.MAPPER;
import static io.ringcast.transport.http.PolicyApiFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The preferences and server-side subscription endpoints over real sockets, on an engine over a real Chronicle
 * journal: round trips, every validation error, who may do what, and the state log records they leave.
 */
class PolicyRoutesTest
{
    static final String FULL = "{\"minPriority\":\"high\",\"topics\":[\"users.42.>\"],\"timeZone\":\"Europe/Berlin\"," +
        "\"quietHours\":[{\"days\":[\"mon\",\"tue\"],\"start\":\"22:00\",\"end\":\"07:00\"}],\"digest\":\"daily\"," +
        "\"digestAt\":\"08:30\",\"digestMax\":50,\"maxPerHour\":20,\"batch\":{\"max\":50,\"lingerMs\":2000}," +
        "\"fallback\":{\"url\":\"http://127.0.0.1:9/hook\",\"secret\":\"0123456789abcdef0\"," +
        "\"retry\":{\"maxAttempts\":5,\"baseDelayMs\":500,\"maxDelayMs\":30000}}}";
    static final String FULL_CANONICAL = "{\"minPriority\":\"high\",\"topics\":[\"users.42.>\"]," +
        "\"timeZone\":\"Europe/Berlin\",\"quietHours\":[{\"days\":[\"mon\",\"tue\"],\"start\":\"22:00\"," +
        "\"end\":\"07:00\"}],\"digest\":\"daily\",\"digestAt\":\"08:30\",\"digestMax\":50,\"maxPerHour\":20," +
        "\"batch\":{\"max\":50,\"lingerMs\":2000},\"fallback\":{\"url\":\"http://127.0.0.1:9/hook\",\"signed\":true," +
        "\"retry\":{\"maxAttempts\":5,\"baseDelayMs\":500,\"maxDelayMs\":30000,\"multiplier\":2.0}}}";

    @TempDir
    Path dir;

    @Test
    void shouldPutGetAndDeletePreferencesAndSaveEachChange() throws Exception
    {
        try (PolicyApiFixture f = new PolicyApiFixture(dir, null, PolicyGauges.NONE))
        {
            final HttpResponse<String> none = f.send("GET", "/api/users/42/preferences", null, null);
            assertEquals(200, none.statusCode(), none.body());
            assertTrue(json(none).get("default").asBoolean());
            assertEquals(PreferencesJson.write(Preferences.DEFAULT, false), json(none).get("preferences"));

            final HttpResponse<String> put = f.send("PUT", "/api/users/42/preferences", FULL, null);
            assertEquals(200, put.statusCode(), put.body());
            assertEquals("42", json(put).get("user").asText());
            assertFalse(json(put).get("default").asBoolean());
            assertEquals(MAPPER.readTree(FULL_CANONICAL), json(put).get("preferences"));
            final Preferences inForce = f.engine.userPolicies().preferences("42");
            assertNotNull(inForce, "applied before the answer");
            assertEquals(DigestMode.DAILY, inForce.digest());

            final HttpResponse<String> get = f.send("GET", "/api/users/42/preferences", null, null);
            assertEquals(json(put), json(get), "GET shows what PUT put in force");

            final HttpResponse<String> partial = f.send("PUT", "/api/users/42/preferences",
                "{\"quietHours\":{\"start\":\"23:00\",\"end\":\"06:30\"}}", null);
            assertEquals(200, partial.statusCode(), partial.body());
            final JsonNode p = json(partial).get("preferences");
            assertEquals("low", p.get("minPriority").asText(), "omitted fields take the defaults");
            assertEquals(7, p.at("/quietHours/0/days").size(), "the object form means every day");
            assertEquals("06:30", p.at("/quietHours/0/end").asText());

            final HttpResponse<String> deleted = f.send("DELETE", "/api/users/42/preferences", null, null);
            assertEquals(204, deleted.statusCode(), deleted.body());
            assertNull(f.engine.userPolicies().preferences("42"));
            assertTrue(json(f.send("GET", "/api/users/42/preferences", null, null)).get("default").asBoolean());

            final List<String> log = f.journal.stateLog().readAll();
            assertEquals(3, log.size(), log.toString());
            final JsonNode first = MAPPER.readTree(log.get(0));
            assertEquals("preferences", first.get("type").asText());
            assertEquals("0123456789abcdef0", first.at("/preferences/fallback/secret").asText(),
                "the state record keeps the secret the answers leave out");
            assertEquals(MAPPER.readTree("{\"type\":\"preferences-cleared\",\"user\":\"42\"}"),
                MAPPER.readTree(log.get(2)));

            final HttpResponse<String> wrongMethod = f.send("POST", "/api/users/42/preferences", "{}", null);
            assertEquals(405, wrongMethod.statusCode());
            assertEquals("GET, PUT, DELETE", wrongMethod.headers().firstValue("allow").orElse(""));
            assertEquals(404, f.send("GET", "/api/users/42/nothing", null, null).statusCode());
        }
    }

    @Test
    void shouldLetUsersUseOnlyTheirOwnPreferencesAndAdminsEveryones() throws Exception
    {
        try (PolicyApiFixture f = new PolicyApiFixture(dir, PolicyApiFixture.TOKENS, PolicyGauges.NONE))
        {
            assertEquals(401, f.send("GET", "/api/users/alice/preferences", null, null).statusCode());
            assertEquals(401, f.send("GET", "/api/users/alice/preferences", null, "forged").statusCode());
            assertEquals(200, f.send("PUT", "/api/users/alice/preferences", "{\"minPriority\":\"normal\"}", "alice")
                .statusCode());
            final HttpResponse<String> other = f.send("GET", "/api/users/alice/preferences", null, "bob");
            assertEquals(403, other.statusCode());
            assertEquals("forbidden", json(other).at("/error/code").asText());
            assertTrue(json(other).at("/error/message").asText().contains("user 'bob' may not use the preferences " +
                "of user 'alice'"), other.body());
            assertEquals(403, f.send("PUT", "/api/users/alice/preferences", "{}", "bob").statusCode());
            assertEquals(403, f.send("GET", "/api/users/alice/stats", null, "bob").statusCode());
            assertEquals(403, f.send("DELETE", "/api/users/alice/preferences", null, "bob").statusCode());
            assertEquals("normal", f.engine.userPolicies().preferences("alice").minPriority().name()
                .toLowerCase(), "bob changed nothing");

            final HttpResponse<String> admin = f.send("GET", "/api/users/alice/preferences", null, "admin");
            assertEquals(200, admin.statusCode());
            assertEquals("normal", json(admin).at("/preferences/minPriority").asText());
            final HttpResponse<String> stats = f.send("GET", "/api/users/alice/stats", null, "alice");
            assertEquals(200, stats.statusCode(), stats.body());
            assertEquals(0, json(stats).get("deferredTotal").asLong());
            assertEquals(204, f.send("DELETE", "/api/users/alice/preferences", null, "admin").statusCode());
            assertNull(f.engine.userPolicies().preferences("alice"));
        }
    }

    @Test
    void shouldCreateReadAndDeleteServerSideSubscriptions() throws Exception
    {
        try (PolicyApiFixture f = new PolicyApiFixture(dir, PolicyApiFixture.TOKENS, PolicyGauges.NONE))
        {
            final String body = "{\"user\":\"alice\",\"topic\":\"models.>\",\"filter\":{\"operator\":\"AND\"," +
                "\"conditions\":[{\"field\":\"severity\",\"op\":\"equals\",\"value\":\"high\"}]},\"batch\":{\"max\":10,\"lingerMs\":5}," +
                "\"webhook\":{\"url\":\"https://hooks.example/alice\",\"secret\":\"0123456789abcdef0\"}}";
            assertEquals(403, f.send("POST", "/api/subscriptions", body, "bob").statusCode(), "not for another user");
            final HttpResponse<String> outside = f.send("POST", "/api/subscriptions",
                body.replace("models.>", "users.>"), "alice-models");
            assertEquals(403, outside.statusCode(), "outside the token's subscribe patterns");
            final HttpResponse<String> bad = f.send("POST", "/api/subscriptions",
                body.replace("\"max\":10", "\"max\":0"), "alice");
            assertEquals(400, bad.statusCode());
            assertEquals("batch.max", json(bad).at("/error/field").asText());
            final HttpResponse<String> badFilter = f.send("POST", "/api/subscriptions",
                "{\"user\":\"alice\",\"topic\":\"models.>\",\"filter\":\"severity ==\"}", "alice");
            assertEquals(400, badFilter.statusCode());
            assertEquals("filter", json(badFilter).at("/error/field").asText());

            final HttpResponse<String> created = f.send("POST", "/api/subscriptions", body, "alice-models");
            assertEquals(201, created.statusCode(), created.body());
            final String id = json(created).get("id").asText();
            assertTrue(id.startsWith("srv-"), id);
            final Subscription s = f.engine.registry().find("alice", id);
            assertNotNull(s, "live before the answer");
            assertTrue(s.durable());
            assertEquals("https://hooks.example/alice", s.webhook().url().toString());

            final HttpResponse<String> read = f.send("GET", "/api/subscriptions/" + id, null, "alice");
            assertEquals(200, read.statusCode(), read.body());
            final JsonNode r = json(read);
            assertEquals("alice", r.get("user").asText());
            assertEquals("models.>", r.get("topic").asText());
            assertEquals(s.filter().toString(), r.get("filter").asText());
            assertEquals(10, r.at("/batch/max").asInt());
            assertTrue(r.at("/webhook/signed").asBoolean());
            assertTrue(r.at("/webhook/secret").isMissingNode(), "no secret in answers");
            assertEquals(0, r.at("/stats/delivered").asLong());
            assertEquals(403, f.send("GET", "/api/subscriptions/" + id, null, "bob").statusCode());
            final HttpResponse<String> list = f.send("GET", "/api/subscriptions?client=alice", null, "admin");
            assertEquals(200, list.statusCode(), "the admin list still works");
            assertEquals(id, json(list).at("/subscriptions/0/id").asText());

            assertEquals(403, f.send("DELETE", "/api/subscriptions/" + id, null, "bob").statusCode());
            assertEquals(204, f.send("DELETE", "/api/subscriptions/" + id, null, "alice").statusCode());
            assertNull(f.engine.registry().find("alice", id));
            final HttpResponse<String> gone = f.send("GET", "/api/subscriptions/" + id, null, "admin");
            assertEquals(404, gone.statusCode());
            assertEquals(404, f.send("DELETE", "/api/subscriptions/" + id, null, "admin").statusCode());
            assertEquals(405, f.send("PUT", "/api/subscriptions/" + id, "{}", "admin").statusCode());

            final List<String> log = f.journal.stateLog().readAll();
            assertEquals(2, log.size(), log.toString());
            final JsonNode record = MAPPER.readTree(log.get(0));
            assertEquals("subscription", record.get("type").asText());
            assertEquals(id, record.get("id").asText());
            assertEquals("0123456789abcdef0", record.at("/webhook/secret").asText());
            assertEquals(MAPPER.readTree("{\"type\":\"subscription-deleted\",\"user\":\"alice\",\"id\":\"" + id +
                "\"}"), MAPPER.readTree(log.get(1)));
        }
    }
}
