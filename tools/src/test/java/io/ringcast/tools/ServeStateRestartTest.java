package io.ringcast.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.journal.JournalConfig;
import io.ringcast.transport.tcp.TcpIngestConfig;
import io.ringcast.transport.ws.WebSocketConfig;

import static io.ringcast.tools.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Users' preferences and server-side subscriptions survive a restart of the server; the rate-limit flags. */
class ServeStateRestartTest
{
    private static final String PREFERENCES = "{\"minPriority\":\"high\",\"timeZone\":\"Europe/Berlin\"," +
        "\"quietHours\":{\"start\":\"22:00\",\"end\":\"07:00\"},\"digest\":\"daily\",\"digestAt\":\"08:30\"}";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void shouldRestorePreferencesAndServerSideSubscriptionsAfterARestart() throws Exception
    {
        final JournalConfig journal = JournalConfig.defaults(dir.resolve("data"));
        final String id;
        final JsonNode before;
        try (RingcastServer server = start(journal))
        {
            assertEquals("restored 0 preferences and 0 server-side subscriptions from the state log (0 records)",
                server.restored().summary());
            final HttpResponse<String> put = send(server, "PUT", "/api/users/42/preferences", PREFERENCES);
            assertEquals(200, put.statusCode(), put.body());
            before = CliFixtures.JSON.readTree(put.body());
            assertEquals(200, send(server, "PUT", "/api/users/7/preferences", "{}").statusCode());
            assertEquals(204, send(server, "DELETE", "/api/users/7/preferences", null).statusCode());
            final HttpResponse<String> created = send(server, "POST", "/api/subscriptions",
                "{\"user\":\"42\",\"topic\":\"users.42.>\",\"filter\":\"severity == \\\"high\\\"\"}");
            assertEquals(201, created.statusCode(), created.body());
            id = CliFixtures.JSON.readTree(created.body()).get("id").asText();
            final HttpResponse<String> other = send(server, "POST", "/api/subscriptions",
                "{\"user\":\"42\",\"topic\":\"models.>\"}");
            final String otherId = CliFixtures.JSON.readTree(other.body()).get("id").asText();
            assertEquals(204, send(server, "DELETE", "/api/subscriptions/" + otherId, null).statusCode());
        }
        try (RingcastServer server = start(journal))
        {
            assertEquals("restored 1 preferences and 1 server-side subscriptions from the state log (6 records)",
                server.restored().summary());
            final HttpResponse<String> get = send(server, "GET", "/api/users/42/preferences", null);
            assertEquals(before, CliFixtures.JSON.readTree(get.body()), "the same preferences in force");
            final JsonNode cleared = CliFixtures.JSON.readTree(send(server, "GET", "/api/users/7/preferences", null)
                .body());
            assertTrue(cleared.get("default").asBoolean(), "cleared stays cleared");
            final HttpResponse<String> sub = send(server, "GET", "/api/subscriptions/" + id, null);
            assertEquals(200, sub.statusCode(), sub.body());
            final JsonNode s = CliFixtures.JSON.readTree(sub.body());
            assertEquals("users.42.>", s.get("topic").asText());
            assertEquals("severity == \"high\"", s.get("filter").asText());
            final JsonNode list = CliFixtures.JSON.readTree(send(server, "GET", "/api/subscriptions", null).body());
            assertEquals(1, list.get("total").asInt(), "the deleted one stays deleted: " + list);
        }
    }

    @Test
    void shouldRefuseInconsistentRateLimitsAndListTheFlagsInHelp()
    {
        final CliFixtures.Result burst = run("serve", "--data", dir.resolve("d").toString(), "--rate-per-minute",
            "10", "--rate-burst", "20");
        assertEquals(RingcastCli.EXIT_USAGE, burst.status());
        assertTrue(burst.err().contains("rate burst must be in 1..perMinute (10), was 20"), burst.err());
        final CliFixtures.Result negative = run("serve", "--data", dir.resolve("d").toString(), "--rate-per-day",
            "-1");
        assertEquals(RingcastCli.EXIT_USAGE, negative.status());
        assertTrue(negative.err().contains("rate perDay must be 0 (off) or more, was -1"), negative.err());
        final CliFixtures.Result help = run("serve", "--help");
        assertEquals(0, help.status());
        for (final String flag : new String[] {"--rate-per-minute", "--rate-burst", "--rate-per-hour",
            "--rate-per-day", "--rate-global-per-second", "--rate-global-burst"})
        {
            assertTrue(help.out().contains(flag), flag + " in " + help.out());
        }
    }

    private static RingcastServer start(final JournalConfig journal)
    {
        return RingcastServer.start(journal, TcpIngestConfig.defaults().withPort(0),
            WebSocketConfig.defaults().withPort(0));
    }

    private HttpResponse<String> send(final RingcastServer server, final String method, final String path,
        final String body) throws Exception
    {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() :
                HttpRequest.BodyPublishers.ofString(body))
            .build(), HttpResponse.BodyHandlers.ofString());
    }
}
