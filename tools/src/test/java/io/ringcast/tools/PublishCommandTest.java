package io.ringcast.tools;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.delivery.CountingDelivery;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.transport.auth.OpenAuthenticator;
import io.ringcast.transport.tcp.TcpIngestConfig;
import io.ringcast.transport.tcp.TcpIngestServer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ringcast publish} against a real engine behind a real TCP ingest server on loopback. */
class PublishCommandTest
{
    private final InMemoryJournal journal = new InMemoryJournal();
    private RingcastEngine engine;
    private TcpIngestServer server;
    private String target;

    @BeforeEach
    void start()
    {
        engine = RingcastEngine.start(EngineConfig.defaults(), journal, new CountingDelivery());
        server = TcpIngestServer.start(TcpIngestConfig.defaults().withPort(0), engine, journal::headSeq, () -> "",
            OpenAuthenticator.INSTANCE);
        target = "127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop()
    {
        server.close();
        engine.close();
    }

    @Test
    void shouldPublishOneEventFromOptionsWithTypedAttributesAndAnswerDuplicates() throws Exception
    {
        final String[] args = { "publish", "--tcp", target, "--topic", "models.openai.gpt-x", "--id", "e1",
            "--priority", "high", "--attr", "providerName=openai", "--attr", "severity=3", "--attr", "score=0.5",
            "--attr", "live=true", "--attr", "code=\"42\"", "--data", "{\"v\": 1}" };
        final String[] first = run("", args);
        assertEquals("0", first[0], first[2]);
        assertEquals("{\"id\":\"e1\",\"seq\":1,\"duplicate\":false}\n", first[1]);
        final Event stored = journal.read(1);
        assertEquals("models.openai.gpt-x", stored.topic());
        assertEquals(Priority.HIGH, stored.priority());
        assertEquals(Map.of("providerName", "openai", "severity", 3L, "score", 0.5, "live", true, "code", "42"),
            stored.attributes());
        assertEquals(ContentType.JSON, stored.contentType());
        assertEquals("{\"v\":1}", stored.payloadText());

        final String[] again = run("", args);
        assertEquals("{\"id\":\"e1\",\"seq\":1,\"duplicate\":true}\n", again[1]);
    }

    @Test
    void shouldPublishJsonLinesFromStdinAndReportEachRefusal() throws Exception
    {
        final String stdin = String.join("\n",
            "{\"topic\":\"users.42.tasks\",\"id\":\"t1\",\"attrs\":{\"due\":1767225600000,\"done\":false},\"data\":{\"title\":\"x\"}}",
            "",
            "{\"topic\":\"bad..topic\",\"id\":\"t2\"}",
            "{\"topic\":\"users.42.tasks\",\"id\":\"t3\",\"dedupKey\":\"k\",\"priority\":\"critical\"}") + "\n";
        final String[] result = run(stdin, "publish", "--tcp", target);
        assertEquals("1", result[0], "one event was refused");
        final List<String> lines = List.of(result[1].split("\n"));
        assertEquals(3, lines.size(), result[1]);
        assertEquals("{\"id\":\"t1\",\"seq\":1,\"duplicate\":false}", lines.get(0));
        assertTrue(lines.get(1).startsWith("{\"id\":\"t2\",\"error\":{\"code\":\"MALFORMED_EVENT\",\"message\":"),
            lines.get(1));
        assertTrue(lines.get(1).contains("\"message\":\"topic: must be dot-separated"), lines.get(1));
        assertEquals("{\"id\":\"t3\",\"seq\":2,\"duplicate\":false}", lines.get(2));
        assertEquals(Map.of("due", 1767225600000L, "done", false), journal.read(1).attributes());
        assertEquals(Priority.CRITICAL, journal.read(2).priority());
    }

    @Test
    void shouldRefuseBadInputPrecisely() throws Exception
    {
        assertError("2", "--attr must be NAME=VALUE, was 'oops'", "", "publish", "--tcp", target, "--topic", "a",
            "--attr", "oops");
        assertError("2", "--priority must be low, normal, high or critical, was 'urgent'", "", "publish", "--tcp",
            target, "--topic", "a", "--priority", "urgent");
        assertError("2", "--data is not a JSON value", "", "publish", "--tcp", target, "--topic", "a", "--data", "{x");
        assertError("1", "stdin line 2: not JSON", "{\"topic\":\"a\"}\nnope\n", "publish", "--tcp", target);
        assertError("1", "stdin line 1: not a JSON object", "[1]\n", "publish", "--tcp", target);
        assertError("2", "--tcp must be HOST:PORT", "", "publish", "--tcp", "nowhere", "--topic", "a");
    }

    private static void assertError(final String status, final String message, final String stdin,
        final String... args)
    {
        final String[] result = run(stdin, args);
        assertEquals(status, result[0], result[2]);
        assertTrue(result[2].contains(message), result[2]);
    }

    /** Runs in-process; returns {status, stdout, stderr}. */
    private static String[] run(final String stdin, final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8))
        {
            status = RingcastCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), o, e,
                java.time.Clock.systemUTC(), System::nanoTime);
        }
        return new String[] { String.valueOf(status), out.toString(StandardCharsets.UTF_8),
            err.toString(StandardCharsets.UTF_8) };
    }
}
