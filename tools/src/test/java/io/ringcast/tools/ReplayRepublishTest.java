package io.ringcast.tools;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.delivery.RecordingDelivery;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.tools.CliFixtures.Result;
import io.ringcast.transport.auth.OpenAuthenticator;
import io.ringcast.transport.tcp.TcpIngestConfig;
import io.ringcast.transport.tcp.TcpIngestServer;

import static io.ringcast.tools.CliFixtures.run;
import static io.ringcast.tools.CliFixtures.sampleEvents;
import static io.ringcast.tools.CliFixtures.writeJournal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code replay --republish} into a real engine behind a real TCP ingest server on loopback. */
class ReplayRepublishTest
{
    @TempDir
    Path dir;

    private final InMemoryJournal targetJournal = new InMemoryJournal();
    private final RecordingDelivery delivered = new RecordingDelivery();
    private RingcastEngine engine;
    private TcpIngestServer server;

    @BeforeEach
    void startTarget()
    {
        engine = RingcastEngine.start(EngineConfig.defaults(), targetJournal, delivered);
        engine.subscribe(new Subscription("c", "all", TopicPattern.parse(">"), null, BatchPolicy.ofMillis(100, 0), 0),
            null);
        server = TcpIngestServer.start(TcpIngestConfig.defaults().withPort(0), engine, targetJournal::headSeq,
            () -> "", OpenAuthenticator.INSTANCE);
    }

    @AfterEach
    void stopTarget()
    {
        server.close();
        engine.close();
    }

    @Test
    void shouldSendTheSelectedEventsToTheServerAndAnswerDuplicatesOnASecondRun() throws Exception
    {
        final List<Event> events = sampleEvents(30);
        writeJournal(dir, events);
        final String target = "127.0.0.1:" + server.port();

        final Result first = run("replay", "--data", dir.toString(), "--topic", "models.>", "--republish", target);
        assertEquals(0, first.status(), first.err());
        assertEquals("", first.out(), "republishing prints nothing on stdout");
        assertTrue(first.err().contains("republish: 20 sent, 20 accepted, 0 duplicates, 0 rejected"), first.err());
        delivered.await(() -> delivered.eventsFor("c", "all").size() == 20, Duration.ofSeconds(10), "20 events");
        final List<String> ids = delivered.eventsFor("c", "all").stream().map(Event::id).toList();
        assertEquals(events.stream().filter(e -> e.topic().startsWith("models.")).map(Event::id).toList(), ids);

        final Result second = run("replay", "--data", dir.toString(), "--republish", target, "--rate", "100000");
        assertEquals(0, second.status(), second.err());
        assertTrue(second.err().contains("republish: 30 sent, 10 accepted, 20 duplicates, 0 rejected"), second.err());
        assertEquals(30, targetJournal.headSeq(), "the duplicates took no seq");
    }

    @Test
    void shouldRefuseBadRepublishOptionsPrecisely() throws Exception
    {
        writeJournal(dir, sampleEvents(1));
        assertUsage("--rate and --token go with --republish", "replay", "--data", dir.toString(), "--rate", "10");
        assertUsage("--republish must be HOST:PORT, was 'nowhere'", "replay", "--data", dir.toString(),
            "--republish", "nowhere");
        assertUsage("port in 1..65535", "replay", "--data", dir.toString(), "--republish", "127.0.0.1:0");
        assertUsage("--rate must be at least 1", "replay", "--data", dir.toString(), "--republish",
            "127.0.0.1:" + server.port(), "--rate", "0");
        assertUsage("cannot be combined with --format binary", "replay", "--data", dir.toString(), "--republish",
            "127.0.0.1:" + server.port(), "--format", "binary");
    }

    @Test
    void shouldFailClearlyWhenNoServerListens() throws Exception
    {
        writeJournal(dir, sampleEvents(1));
        final int closedPort;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            closedPort = probe.getLocalPort();
        }
        final Result result = run("replay", "--data", dir.toString(), "--republish", "127.0.0.1:" + closedPort);
        assertEquals(1, result.status());
        assertTrue(result.err().startsWith("ringcast replay: --republish: cannot connect to 127.0.0.1:" + closedPort),
            result.err());
    }

    private static void assertUsage(final String expected, final String... args)
    {
        final Result result = run(args);
        assertEquals(2, result.status(), result.err());
        assertTrue(result.err().contains(expected), result.err());
    }
}
