package io.ringcast.transport.webhook;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.engine.util.EngineClock;
import io.ringcast.engine.util.ManualClock;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;
import io.ringcast.journal.deadletter.DeadLetter;
import io.ringcast.journal.deadletter.DeadLetterQuery;
import io.ringcast.journal.deadletter.DeadLetterReason;
import io.ringcast.journal.deadletter.DeadLetterStore;
import io.ringcast.journal.deadletter.Redriver;
import io.ringcast.transport.JsonMessageListener;
import io.ringcast.transport.http.ApiRoutes;
import io.ringcast.transport.http.DeadLetterRoutes;
import io.ringcast.transport.http.RouteTable;
import io.ringcast.transport.ws.WebSocketConfig;
import io.ringcast.transport.ws.WebSocketDelivery;
import io.ringcast.transport.ws.WebSocketServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Server-side subscriptions end to end on a real server: the HTTP API creates them, events published over HTTP reach
 * a real webhook receiver (the JDK's HttpServer, failing on command) signed, or the user's live WebSocket session,
 * or, while the user is offline, the fallback webhook of the user's preferences; what cannot be delivered becomes a
 * dead letter with its reason, and re-driving it delivers once the cause is gone. The engine runs on a manual clock
 * so digests come when the test says.
 */
class ServerSideDeliveryTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SECRET = "whsec-0123456789abcdef";

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T10:05:00Z").toEpochMilli());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ChronicleJournal journal;
    private DeadLetterStore store;
    private WebhookDispatcher webhooks;
    private RingcastEngine engine;
    private ApiRoutes api;
    private RouteTable routes;
    private WebSocketServer server;
    private FlakyEndpoint endpoint;

    @BeforeEach
    void start() throws IOException
    {
        journal = ChronicleJournal.open(JournalConfig.defaults(dir));
        store = DeadLetterStore.open(dir, "HOURLY", Duration.ofDays(7), Clock.systemUTC());
        webhooks = new WebhookDispatcher(WebhookDispatcherConfig.DEFAULT.withTimeouts(2_000, 2_000), store);
        final WebSocketDelivery delivery = new WebSocketDelivery();
        engine = RingcastEngine.start(EngineConfig.builder().clock(clock).build(), journal, delivery);
        api = ApiRoutes.builder(engine).journalHead(journal::headSeq).build();
        routes = new RouteTable(new DeadLetterRoutes(new Redriver(store, journal, engine)), api);
        server = WebSocketServer.builder(WebSocketConfig.defaults().withPort(0), engine).journal(journal)
            .routes(routes).deadLetters(store).delivery(delivery).webhooks(webhooks).start();
        endpoint = new FlakyEndpoint(EngineClock.SYSTEM);
    }

    @AfterEach
    void stop()
    {
        server.close();
        routes.close();
        engine.close();
        webhooks.close();
        store.close();
        journal.close();
        endpoint.close();
    }

    @Test
    void shouldPostAServerSideSubscriptionsBatchesToItsWebhookSigned() throws Exception
    {
        final String id = create("{\"user\":\"alice\",\"topic\":\"users.alice.>\",\"webhook\":{\"url\":\"" +
            endpoint.url("/hook") + "\",\"secret\":\"" + SECRET + "\"}}");
        publish("users.alice.tasks", "\"water the plants\"");
        final FlakyEndpoint.Received post = endpoint.take();
        final JsonNode body = MAPPER.readTree(post.body());
        assertEquals("events", body.path("type").asText());
        assertEquals(id, body.path("id").asText());
        assertEquals("alice", body.path("user").asText());
        assertEquals("users.alice.tasks", body.path("events").get(0).path("topic").asText());
        assertEquals("water the plants", body.path("events").get(0).path("data").asText());
        assertTrue(WebhookSigner.verify(SECRET, post.header(WebhookSigner.TIMESTAMP_HEADER),
            post.header(WebhookSigner.SIGNATURE_HEADER), post.body(), System.currentTimeMillis() / 1000, 300),
            "the receiver can check the signature with the shared secret");
        assertFalse(WebhookSigner.verify("whsec-some-other-secret", post.header(WebhookSigner.TIMESTAMP_HEADER),
            post.header(WebhookSigner.SIGNATURE_HEADER), post.body(), System.currentTimeMillis() / 1000, 300));
    }

    @Test
    void shouldReachTheUsersLiveSessionAndTheFallbackWebhookWhileTheUserIsOffline() throws Exception
    {
        final String id = create("{\"user\":\"bob\",\"topic\":\"users.bob.>\"}");
        setPreferences("bob", "{\"fallback\":{\"url\":\"" + endpoint.url("/bob") + "\"}}");
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final WebSocket socket = connect("bob", messages);
        publish("users.bob.tasks", "1");
        final JsonNode live = next(messages);
        assertEquals("events", live.path("type").asText());
        assertEquals(id, live.path("id").asText(), "the server-side subscription's id");
        assertEquals(1, live.path("events").get(0).path("data").asInt());
        assertEquals(0, endpoint.count(), "online: nothing to the fallback");

        final int open = server.connectionCount(); // the API calls' keep-alive connections count too
        socket.abort(); // the user goes offline
        await(() -> server.connectionCount() < open, "the session to close");
        publish("users.bob.tasks", "2");
        final JsonNode fallback = MAPPER.readTree(endpoint.take().body());
        assertEquals(id, fallback.path("id").asText());
        assertEquals("bob", fallback.path("user").asText());
        assertEquals(2, fallback.path("events").get(0).path("data").asInt());
        assertEquals(1L, server.serverSideBatches().get("session"));
        assertEquals(1L, server.serverSideBatches().get("fallback"));
    }

    @Test
    void shouldDeadLetterForAnOfflineUserWithoutFallbackAndRedriveOnceOneIsSet() throws Exception
    {
        final String id = create("{\"user\":\"carol\",\"topic\":\"users.carol.>\"}");
        publish("users.carol.tasks", "\"missed\"");
        final DeadLetter letter = awaitLetter(DeadLetterReason.USER_OFFLINE);
        assertEquals(id, letter.subscriptionId());
        assertEquals("carol", letter.clientId());
        assertTrue(letter.lastError().contains("no live WebSocket session and no fallback webhook"), letter.lastError());

        setPreferences("carol", "{\"fallback\":{\"url\":\"" + endpoint.url("/carol") + "\"}}");
        assertEquals(200, post("/api/dead-letters/" + letter.id() + "/redrive", "").statusCode());
        final JsonNode body = MAPPER.readTree(endpoint.take().body());
        assertEquals(letter.seq(), body.path("events").get(0).path("seq").asLong());
        assertEquals("missed", body.path("events").get(0).path("data").asText());
    }

    @Test
    void shouldDeadLetterAfterTheLastRetryAndDeliverTheRedriveOnceTheEndpointRecovered() throws Exception
    {
        endpoint.fail(2, 500, "database down");
        final String id = create("{\"user\":\"dave\",\"topic\":\"users.dave.>\",\"webhook\":{\"url\":\"" +
            endpoint.url("/dave") + "\",\"retry\":{\"maxAttempts\":2,\"baseDelayMs\":100,\"maxDelayMs\":200}}}");
        publish("users.dave.tasks", "\"important\"");
        assertEquals("1", endpoint.take().header(WebhookSigner.ATTEMPT_HEADER));
        assertEquals("2", endpoint.take().header(WebhookSigner.ATTEMPT_HEADER));
        final DeadLetter letter = awaitLetter(DeadLetterReason.MAX_RETRIES_EXCEEDED);
        assertEquals(id, letter.subscriptionId());
        assertEquals(2, letter.attempts());
        assertTrue(letter.lastError().contains("500") && letter.lastError().contains("database down"),
            letter.lastError());

        assertEquals(200, post("/api/dead-letters/" + letter.id() + "/redrive", "").statusCode());
        final FlakyEndpoint.Received redriven = endpoint.take();
        assertEquals("important", MAPPER.readTree(redriven.body()).path("events").get(0).path("data").asText());
        await(() -> webhooks.delivered() == 1, "the re-driven post to count as delivered");
    }

    @Test
    void shouldDeadLetterWhatTheQuietHoursHeldWhenTheServerStopsWithTheUserOffline() throws Exception
    {
        final String id = create("{\"user\":\"fay\",\"topic\":\"users.fay.>\"}");
        setPreferences("fay", "{\"quietHours\":{\"start\":\"10:00\",\"end\":\"11:00\"}}");
        publish("users.fay.tasks", "\"held\"");
        await(() -> engine.userPolicies().stats("fay").heldQuietNow() == 1, "the event held for quiet hours");
        server.close(); // as serve stops: the WebSocket server (and its dead-letter writer) first, then the engine
        engine.close();
        final DeadLetter letter = awaitLetter(DeadLetterReason.USER_OFFLINE);
        assertEquals(id, letter.subscriptionId());
        assertEquals(1, letter.seq());
    }

    @Test
    void shouldSendTheHourlyDigestToTheLiveSession() throws Exception
    {
        final String id = create("{\"user\":\"erin\",\"topic\":\"users.erin.>\"}");
        setPreferences("erin", "{\"digest\":\"hourly\",\"digestAt\":\"00:30\",\"digestMax\":2}");
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        connect("erin", messages);
        publish("users.erin.a", "1");
        publish("users.erin.b", "2");
        publish("users.erin.c", "3");
        await(() -> engine.userPolicies().stats("erin").digested() == 3, "three events collected");
        assertTrue(messages.isEmpty(), "nothing before the digest time: " + messages);
        clock.advance(25, TimeUnit.MINUTES);
        final JsonNode digest = next(messages);
        assertEquals("digest", digest.path("type").asText());
        assertEquals(id, digest.path("id").asText());
        assertEquals(3, digest.path("count").asInt(), "all three summed up");
        assertEquals(2, digest.path("events").size(), "two carried (the cap)");
        assertEquals(1, digest.path("events").get(0).path("data").asInt());
    }

    /** Creates a server-side subscription; no linger, as the engine's clock moves only when the test says. */
    private String create(final String json) throws Exception
    {
        final HttpResponse<String> r = post("/api/subscriptions",
            json.substring(0, json.length() - 1) + ",\"batch\":{\"max\":100,\"lingerMs\":0}}");
        assertEquals(201, r.statusCode(), r.body());
        return MAPPER.readTree(r.body()).path("id").asText();
    }

    private void setPreferences(final String user, final String json) throws Exception
    {
        final HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/api/users/" + user + "/preferences"))
            .PUT(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
    }

    private void publish(final String topic, final String data) throws Exception
    {
        final HttpResponse<String> r = post("/api/publish", "{\"topic\":\"" + topic + "\",\"data\":" + data + "}");
        assertEquals(200, r.statusCode(), r.body());
    }

    private HttpResponse<String> post(final String path, final String body) throws Exception
    {
        return http.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(final String path)
    {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private DeadLetter awaitLetter(final DeadLetterReason reason) throws InterruptedException
    {
        await(() -> !store.list(DeadLetterQuery.all().withReason(reason)).letters().isEmpty(),
            "a " + reason.code() + " dead letter");
        final List<DeadLetter> letters = store.list(DeadLetterQuery.all().withReason(reason)).letters();
        assertEquals(1, letters.size(), letters.toString());
        return letters.get(0);
    }

    private static void await(final BooleanSupplier condition, final String what) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "waited 10 s for " + what);
            Thread.sleep(5);
        }
    }

    private WebSocket connect(final String user, final BlockingQueue<JsonNode> messages) throws Exception
    {
        final WebSocket socket = http.newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws?user=" + user),
                new JsonMessageListener(messages))
            .get(10, TimeUnit.SECONDS);
        assertEquals("welcome", next(messages).path("type").asText());
        return socket;
    }

    private static JsonNode next(final BlockingQueue<JsonNode> messages) throws InterruptedException
    {
        final JsonNode m = messages.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, "no message within 10 s");
        return m;
    }
}
