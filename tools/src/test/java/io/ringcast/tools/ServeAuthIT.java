package io.ringcast.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.client.Ack;
import io.ringcast.client.PublishRejectedException;
import io.ringcast.client.RingcastPublisher;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;
import io.ringcast.journal.JournalReader;

/**
 * {@code ringcast serve --auth-secret-file} as a child JVM: JWTs on TCP, WebSocket and HTTP with their topic claims
 * enforced, the open health and metrics endpoints, and a SIGTERM in the middle of publishing that loses nothing
 * ACKed and closes subscribers with 1001.
 */
class ServeAuthIT
{
    private static final String SECRET = "an-integration-test-secret-of-more-than-32-bytes";
    private static Path jar;

    @TempDir
    Path tmp;

    @BeforeAll
    static void locate()
    {
        assumeTrue(System.getProperty("ringcast.jar") != null, "an integration test: run by failsafe in mvn verify");
        jar = Path.of(System.getProperty("ringcast.jar")).toAbsolutePath();
    }

    @Test
    void shouldEnforceTokensEverywhereAndLoseNothingAckedWhenStoppedMidStream() throws Exception
    {
        final Path secret = tmp.resolve("secret");
        Files.writeString(secret, SECRET + "\n");
        final Path data = tmp.resolve("data");
        final List<Long> acked = new ArrayList<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        try (ServeProcess server = ServeProcess.start(jar, tmp, data, "--auth-secret-file", secret.toString()))
        {
            assertTrue(server.lines.stream().anyMatch(l -> l.contains("auth on")), server.lines::toString);
            final HttpClient http = HttpClient.newHttpClient();
            final String base = "http://127.0.0.1:" + server.httpPort;

            final ExecutionException refused = assertThrows(ExecutionException.class, () -> http
                .newWebSocketBuilder().buildAsync(URI.create(server.wsUrl + "?token=not.a.jwt"),
                    new WebSocket.Listener() { }).get());
            assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
            assertEquals(401, ((WebSocketHandshakeException)refused.getCause()).getResponse().statusCode());

            final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
            final WebSocket subscriber = http.newWebSocketBuilder().buildAsync(URI.create(server.wsUrl + "?token=" +
                token("carol", "subscribe", List.of("orders.>"), false)), collector(received, closeCode)).get();
            assertEquals("welcome", received.poll(10, TimeUnit.SECONDS).get("type").asText());
            subscriber.sendText("{\"op\":\"subscribe\",\"id\":\"s\",\"topic\":\"secret.>\"}", true);
            assertEquals("forbidden", next(received).get("code").asText());
            subscriber.sendText("{\"op\":\"subscribe\",\"id\":\"s\",\"topic\":\"orders.>\"}", true);
            assertEquals("subscribed", next(received).get("type").asText());

            final HttpResponse<String> published = http.send(HttpRequest.newBuilder(URI.create(base + "/api/publish"))
                .header("Authorization", "Bearer " + token("svc", "publish", List.of("orders.>"), false))
                .POST(HttpRequest.BodyPublishers.ofString("{\"topic\":\"orders.eu\",\"id\":\"h1\",\"data\":{\"n\":1}}"))
                .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, published.statusCode(), published.body());
            acked.add(CliFixtures.JSON.readTree(published.body()).get("seq").asLong());
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
            final String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("ringcast_"), metrics);
            assertEquals(401, http.send(HttpRequest.newBuilder(URI.create(base + "/api/stats")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
            final HttpRequest redrive = HttpRequest.newBuilder(URI.create(base + "/api/dead-letters/1/redrive"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
            assertEquals(401, http.send(redrive, HttpResponse.BodyHandlers.ofString()).statusCode(),
                "re-drive is for admins");
            assertEquals(404, http.send(HttpRequest.newBuilder(redrive, (n, v) -> true)
                .header("Authorization", "Bearer " + token("ops", "admin", null, true)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode(), "an admin gets through (no such letter)");
            assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(base + "/api/stats"))
                .header("Authorization", "Bearer " + token("ops", "admin", null, true)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());

            final AtomicBoolean stopping = new AtomicBoolean();
            try (RingcastPublisher publisher = RingcastPublisher.connect("127.0.0.1", server.tcpPort,
                token("svc", "publish", List.of("orders.>"), false), "serve-auth-it"))
            {
                final ExecutionException outside = assertThrows(ExecutionException.class,
                    () -> publisher.publish(event("x", "secret.x")).get(10, TimeUnit.SECONDS));
                assertInstanceOf(PublishRejectedException.class, outside.getCause());

                final List<CompletableFuture<Ack>> pending = new ArrayList<>();
                for (int i = 0; i < 200; i++)
                {
                    pending.add(publisher.publish(event("t" + i, "orders.us")));
                }
                pending.get(199).get(10, TimeUnit.SECONDS);
                // keep publishing while the server stops: whatever it ACKs must be in the journal
                final Thread more = new Thread(() ->
                {
                    for (int i = 0; !stopping.get() || i < 10_000; i++)
                    {
                        try
                        {
                            final CompletableFuture<Ack> f = publisher.publish(event("m" + i, "orders.us"));
                            pending.add(f);
                            if (f.isCompletedExceptionally())
                            {
                                return; // the server is gone and reconnecting failed
                            }
                        }
                        catch (final RuntimeException ex)
                        {
                            return; // the connection is gone
                        }
                    }
                });
                more.start();
                stopping.set(true);
                server.stop();
                more.join(30_000);
                assertTrue(!more.isAlive(), "the publishing thread noticed the server stopped");
                for (final CompletableFuture<Ack> f : new ArrayList<>(pending))
                {
                    try
                    {
                        acked.add(f.get(10, TimeUnit.SECONDS).seq());
                    }
                    catch (final ExecutionException ex)
                    {
                        // not ACKed: the server had stopped reading; such an event may or may not be journaled
                    }
                }
            }
        }
        assertEquals(1001, closeCode.get(10, TimeUnit.SECONDS), "subscribers are told the server is going away");
        assertTrue(acked.size() >= 201, "acked " + acked.size());
        final TreeSet<Long> journaled = new TreeSet<>();
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(data));
            JournalReader reader = journal.newReader())
        {
            final EventView view = new EventView(journal.limits());
            reader.seekAfterSeq(0);
            while (reader.next(view))
            {
                journaled.add(view.seq());
            }
        }
        final List<Long> missing = acked.stream().filter(s -> !journaled.contains(s)).toList();
        assertEquals(List.of(), missing, "every ACKed seq is in the journal");
    }

    private static String token(final String user, final String claim, final List<String> topics, final boolean admin)
    {
        final com.auth0.jwt.JWTCreator.Builder builder = JWT.create().withSubject(user)
            .withExpiresAt(Instant.now().plusSeconds(600)).withClaim("admin", admin);
        if (topics != null)
        {
            builder.withClaim(claim, topics);
        }
        return builder.sign(Algorithm.HMAC256(SECRET.getBytes(StandardCharsets.UTF_8)));
    }

    private static Event event(final String id, final String topic)
    {
        return new Event(0, id, "", topic, Priority.NORMAL, System.currentTimeMillis(), Map.of("n", 1L),
            ContentType.JSON, "{\"ok\":true}".getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode next(final LinkedBlockingQueue<JsonNode> received) throws InterruptedException
    {
        final JsonNode m = received.poll(10, TimeUnit.SECONDS);
        assertTrue(m != null, "a message within 10 s");
        return m;
    }

    private static WebSocket.Listener collector(final LinkedBlockingQueue<JsonNode> received,
        final CompletableFuture<Integer> closeCode)
    {
        return new WebSocket.Listener()
        {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(final WebSocket socket, final CharSequence data, final boolean last)
            {
                text.append(data);
                if (last)
                {
                    try
                    {
                        received.add(CliFixtures.JSON.readTree(text.toString()));
                    }
                    catch (final Exception ex)
                    {
                        closeCode.completeExceptionally(ex);
                    }
                    text.setLength(0);
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(final WebSocket socket, final int statusCode, final String reason)
            {
                closeCode.complete(statusCode);
                return null;
            }
        };
    }
}
