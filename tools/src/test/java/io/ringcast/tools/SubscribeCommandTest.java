package io.ringcast.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.PublishStatus;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;
import io.ringcast.transport.ws.WebSocketConfig;
import io.ringcast.transport.ws.WebSocketDelivery;
import io.ringcast.transport.ws.WebSocketServer;

/** {@code ringcast subscribe} in-process against a real engine, Chronicle journal and WebSocket server on loopback. */
class SubscribeCommandTest
{
    @TempDir
    Path dir;

    private ChronicleJournal journal;
    private RingcastEngine engine;
    private WebSocketServer server;
    private EnginePublisher publisher;
    private String url;
    private int published;

    @BeforeEach
    void start()
    {
        journal = ChronicleJournal.open(JournalConfig.defaults(dir));
        engine = RingcastEngine.start(EngineConfig.defaults(), journal, new WebSocketDelivery());
        server = WebSocketServer.builder(WebSocketConfig.defaults().withPort(0), engine).journal(journal).start();
        publisher = engine.newPublisher();
        url = "ws://127.0.0.1:" + server.port() + "/ws";
    }

    @AfterEach
    void stop()
    {
        server.close();
        engine.close();
        journal.close();
    }

    @Test
    void shouldPrintLiveEventsAsJsonLinesAndExitAfterCount() throws Exception
    {
        final CompletableFuture<CliFixtures.Result> run = CompletableFuture.supplyAsync(() -> CliFixtures.run(
            "subscribe", "--url", url, "--topic", "models.>", "--filter", "severity >= 3", "--user", "cli-test",
            "--batch-max", "2", "--linger-ms", "0", "--count", "2"));
        awaitSubscriptions(1);
        publish("models.openai.gpt-x", attrs("severity", 5L, "providerName", "openai"), "{\"v\":1}");
        publish("models.openai.gpt-y", attrs("severity", 1L), "{\"v\":2}");
        publish("users.42.tasks", attrs("severity", 9L), "{\"v\":3}");
        publish("models.anthropic.claude", attrs("severity", 3L, "score", 0.75, "beta", true), "[1,2]");
        publish("models.more", attrs("severity", 4L), "4");

        final CliFixtures.Result result = run.get(10, TimeUnit.SECONDS);
        assertEquals(RingcastCli.EXIT_OK, result.status(), result.err());
        assertEquals(List.of(
            "{\"seq\":1,\"topic\":\"models.openai.gpt-x\",\"id\":\"e1\",\"priority\":\"high\",\"ts\":1767225600001," +
                "\"attrs\":{\"severity\":5,\"providerName\":\"openai\"},\"data\":{\"v\":1}}",
            "{\"seq\":4,\"topic\":\"models.anthropic.claude\",\"id\":\"e4\",\"priority\":\"high\",\"ts\":1767225600004," +
                "\"attrs\":{\"severity\":3,\"score\":0.75,\"beta\":true},\"data\":[1,2]}"),
            List.of(result.out().split("\n")), "exactly --count events, then exit");
        assertTrue(result.err().contains("ringcast subscribe: connected as 'cli-test' (journal epoch " +
            journal.epoch() + ", head seq 0)"), result.err());
        assertTrue(result.err().contains("ringcast subscribe: subscribed to 'models.>' at seq 0"), result.err());
        assertTrue(result.err().endsWith("ringcast subscribe: last seq 4 (epoch " + journal.epoch() +
            "): resume with --since 4 --epoch " + journal.epoch() + "\n"), result.err());
    }

    @Test
    void shouldReplayHistoryAfterSinceBeforeLiveEvents() throws Exception
    {
        for (int i = 1; i <= 6; i++)
        {
            publish(i % 2 == 0 ? "a.even" : "a.odd", attrs("n", (long)i), "" + i);
        }
        awaitHead(6);
        final CliFixtures.Result result = CliFixtures.run("subscribe", "--url", url, "--topic", "a.even", "--since",
            "2", "--epoch", journal.epoch(), "--count", "2");
        assertEquals(RingcastCli.EXIT_OK, result.status(), result.err());
        final List<JsonNode> lines = result.jsonLines();
        assertEquals(2, lines.size(), result.out());
        assertEquals(4, lines.get(0).get("seq").asLong());
        assertEquals(6, lines.get(1).get("seq").asLong());
        assertTrue(result.err().contains("replaying history after seq 2 first"), result.err());
    }

    @Test
    void shouldFailWithTheServersReasonWhenTheSubscriptionIsRefused()
    {
        final CliFixtures.Result result = CliFixtures.run("subscribe", "--url", url, "--topic", "a", "--filter",
            "severity ==");
        assertEquals(RingcastCli.EXIT_FAILURE, result.status(), result.err());
        assertTrue(result.err().contains("\nringcast subscribe: the server refused the subscription: bad_filter: " +
            "column 12: "), result.err());
        assertEquals("", result.out());

        final CliFixtures.Result topic = CliFixtures.run("subscribe", "--url", url, "--topic", "a..b");
        assertEquals(RingcastCli.EXIT_FAILURE, topic.status(), topic.err());
        assertTrue(topic.err().contains("the server refused the subscription: bad_topic: "), topic.err());
    }

    @Test
    void shouldFailWhenNoServerListens() throws Exception
    {
        final int freePort;
        try (ServerSocket probe = new ServerSocket(0))
        {
            freePort = probe.getLocalPort();
        }
        final CliFixtures.Result result = CliFixtures.run("subscribe", "--url", "ws://127.0.0.1:" + freePort + "/ws",
            "--topic", "a");
        assertEquals(RingcastCli.EXIT_FAILURE, result.status(), result.err());
        assertTrue(result.err().startsWith("ringcast subscribe: cannot connect to ws://127.0.0.1:" + freePort +
            "/ws: "), result.err());
        assertTrue(result.err().endsWith("(is 'ringcast serve' running there?)\n"), result.err());
    }

    @Test
    void shouldRefuseBadOptionsAsUsageErrors()
    {
        assertUsage("--epoch needs --since", "subscribe", "--topic", "a", "--epoch", "e");
        assertUsage("--since must be a seq >= 0, was -1", "subscribe", "--topic", "a", "--since", "-1");
        assertUsage("--count must be at least 1, was 0", "subscribe", "--topic", "a", "--count", "0");
        assertUsage("--batch-max: batch max must be in 1..1000", "subscribe", "--topic", "a", "--batch-max", "5000");
        assertUsage("--linger-ms: linger must be in 0..300000 ms", "subscribe", "--topic", "a", "--linger-ms",
            "-5");
        assertUsage("--url: expected a ws://HOST:PORT/PATH URL, was 'http://127.0.0.1:8080/ws'", "subscribe",
            "--topic", "a", "--url", "http://127.0.0.1:8080/ws");
        assertUsage("--user: user must be 1..128 characters", "subscribe", "--topic", "a", "--user", "");
        assertUsage("Missing required option: '--topic=PATTERN'", "subscribe");
    }

    @Test
    void shouldDescribeItsOptionsInHelp()
    {
        final CliFixtures.Result result = CliFixtures.run("subscribe", "--help");
        assertEquals(RingcastCli.EXIT_OK, result.status());
        for (final String option : List.of("--url", "--topic", "--filter", "--since", "--epoch", "--batch-max",
            "--linger-ms", "--user", "--token", "--count"))
        {
            assertTrue(result.out().contains(option), option + " missing from " + result.out());
        }
    }

    private static void assertUsage(final String message, final String... args)
    {
        final CliFixtures.Result result = CliFixtures.run(args);
        assertEquals(RingcastCli.EXIT_USAGE, result.status(), result.err());
        assertTrue(result.err().startsWith("ringcast subscribe: " + message), result.err());
    }

    private static Map<String, Object> attrs(final Object... pairs)
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2)
        {
            map.put((String)pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private void publish(final String topic, final Map<String, Object> attrs, final String json)
    {
        published++;
        final byte[] bytes = new Event(0, "e" + published, "", topic, Priority.HIGH, CliFixtures.T0 + published,
            attrs, ContentType.JSON, json.getBytes(StandardCharsets.UTF_8)).toBytes();
        assertEquals(PublishStatus.QUEUED, publisher.publish(new UnsafeBuffer(bytes), 0, bytes.length, null, 0));
    }

    private void awaitSubscriptions(final int count)
    {
        await("subscriptions", () -> engine.registry().size() >= count);
    }

    private void awaitHead(final long seq)
    {
        await("journal head " + seq, () -> journal.headSeq() >= seq);
    }

    private static void await(final String what, final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
