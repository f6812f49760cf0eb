package io.ringcast.tools;

import static io.ringcast.tools.CliFixtures.JSON;
import static io.ringcast.tools.CliFixtures.T0;
import static io.ringcast.tools.CliFixtures.run;
import static io.ringcast.tools.CliFixtures.sampleEvents;
import static io.ringcast.tools.CliFixtures.writeJournal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.ringcast.engine.event.CodecError;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;
import io.ringcast.tools.CliFixtures.Result;

class ReplayCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldPrintEachEventAsOneJsonLineWithTypedFields() throws Exception
    {
        final Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("provider", "openai");
        attrs.put("score", 0.75);
        attrs.put("count", 3L);
        attrs.put("beta", true);
        final Event json = new Event(7, "evt-7", "", "models.openai", Priority.HIGH, T0, attrs, ContentType.JSON,
            "{\n  \"v\": [1, 2.50, \"x\"],\n  \"big\": 0.1000000000000000055511151231257827\n}".getBytes(StandardCharsets.UTF_8));
        final Event opaque = new Event(8, "evt-8", "key-8", "models.opaque", Priority.LOW, T0 + 1, Map.of(),
            ContentType.OPAQUE, new byte[] { 0, 1, (byte)0xFF });
        final Event badJson = new Event(9, "evt-9", "", "models.bad", Priority.CRITICAL, T0 + 2, Map.of(),
            ContentType.JSON, "{\"unterminated\": ".getBytes(StandardCharsets.UTF_8));
        writeJournal(dir, List.of(json, opaque, badJson));

        final Result result = run("replay", "--data", dir.toString());

        assertEquals(0, result.status(), result.err());
        final String[] lines = result.out().split("\n");
        assertEquals(3, lines.length, result.out());
        assertEquals("{\"seq\":7,\"topic\":\"models.openai\",\"id\":\"evt-7\",\"priority\":\"high\",\"ts\":" + T0 +
            ",\"attrs\":{\"provider\":\"openai\",\"score\":0.75,\"count\":3,\"beta\":true}," +
            "\"data\":{\"v\":[1,2.50,\"x\"],\"big\":0.1000000000000000055511151231257827}}", lines[0]);

        final JsonNode first = JSON.readTree(lines[0]);
        assertTrue(first.get("attrs").get("score").isDouble());
        assertTrue(first.get("attrs").get("count").isIntegralNumber());
        assertTrue(first.get("attrs").get("beta").isBoolean());
        assertFalse(first.has("dedupKey"));

        final JsonNode second = JSON.readTree(lines[1]);
        assertEquals(8, second.get("seq").asLong());
        assertEquals("key-8", second.get("dedupKey").asText());
        assertEquals("low", second.get("priority").asText());
        assertEquals(T0 + 1, second.get("ts").asLong());
        assertEquals(0, second.get("attrs").size());
        assertEquals(Base64.getEncoder().encodeToString(new byte[] { 0, 1, (byte)0xFF }), second.get("data").asText());

        final JsonNode third = JSON.readTree(lines[2]);
        assertEquals("critical", third.get("priority").asText());
        assertEquals(Base64.getEncoder().encodeToString("{\"unterminated\": ".getBytes(StandardCharsets.UTF_8)),
            third.get("data").asText());
    }

    @Test
    void shouldEscapeStringsAndKeepUnicode() throws Exception
    {
        final Event event = new Event(1, "id \"quoted\"", "", "t.x", Priority.NORMAL, T0,
            Map.of("text", "line\nbreak \u00e9\u20ac \ud83d\ude00"), ContentType.OPAQUE, new byte[0]);
        writeJournal(dir, List.of(event));

        final Result result = run("replay", "--data", dir.toString());

        final JsonNode line = result.jsonLines().get(0);
        assertEquals("id \"quoted\"", line.get("id").asText());
        assertEquals("line\nbreak \u00e9\u20ac \ud83d\ude00", line.get("attrs").get("text").asText());
        assertEquals("", line.get("data").asText());
        assertEquals(1, result.out().split("\n").length);
    }

    @Test
    void shouldPrintEveryEventInSeqOrderAndSummarise() throws Exception
    {
        writeJournal(dir, sampleEvents(10));

        final Result result = run("replay", "--data", dir.toString());

        assertEquals(0, result.status());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), seqs(result));
        assertEquals(List.of("replay: scanned 10 events, matched 10, in 0.000 s (10,000,000,000 events/s)"),
            result.errLines());
    }

    @Test
    void shouldReplayAnEmptyJournalAsNothing()
    {
        writeJournal(dir, List.of());

        final Result result = run("replay", "--data", dir.toString());

        assertEquals(0, result.status(), result.err());
        assertEquals("", result.out());
        assertEquals(List.of("replay: scanned 0 events, matched 0, in 0.000 s (0 events/s)"), result.errLines());
    }

    @Test
    void shouldStartAtFromSeqInclusiveAndStopAtToSeqInclusive() throws Exception
    {
        writeJournal(dir, sampleEvents(10));

        assertEquals(List.of(4L, 5L, 6L), seqs(run("replay", "--data", dir.toString(), "--from-seq", "4", "--to-seq", "6")));
        assertEquals(List.of(9L, 10L), seqs(run("replay", "--data", dir.toString(), "--from-seq", "9")));
        assertEquals(List.of(1L, 2L), seqs(run("replay", "--data", dir.toString(), "--to-seq", "2")));
        assertEquals(List.of(5L), seqs(run("replay", "--data", dir.toString(), "--from-seq", "5", "--to-seq", "5")));
        assertEquals(List.of(), seqs(run("replay", "--data", dir.toString(), "--from-seq", "11")));
    }

    @Test
    void shouldStartAtFromTime() throws Exception
    {
        writeJournal(dir, sampleEvents(10));

        // event seq n has ts T0 + n seconds
        final Result result = run("replay", "--data", dir.toString(), "--from-time", "2026-01-01T00:00:07Z");

        assertEquals(List.of(7L, 8L, 9L, 10L), seqs(result));
        assertEquals(List.of(8L, 9L), seqs(run("replay", "--data", dir.toString(),
            "--from-time", "2026-01-01T01:00:07.500+01:00", "--to-seq", "9")));
    }

    @Test
    void shouldSelectByTopicPattern() throws Exception
    {
        writeJournal(dir, sampleEvents(9));

        assertEquals(List.of(1L, 2L, 4L, 5L, 7L, 8L), seqs(run("replay", "--data", dir.toString(), "--topic", "models.>")));
        assertEquals(List.of(2L, 5L, 8L), seqs(run("replay", "--data", dir.toString(), "--topic", "models.*.claude")));
        assertEquals(List.of(3L, 6L, 9L), seqs(run("replay", "--data", dir.toString(), "--topic", "users.42.tasks")));
        assertEquals(List.of(), seqs(run("replay", "--data", dir.toString(), "--topic", "models")));
    }

    @Test
    void shouldSelectByFilterInStringAndJsonForm() throws Exception
    {
        writeJournal(dir, sampleEvents(10));

        assertEquals(List.of(4L, 6L, 8L), seqs(run("replay", "--data", dir.toString(),
            "--filter", "even == true && n >= 3 && n < 10")));
        assertEquals(List.of(2L, 6L, 10L), seqs(run("replay", "--data", dir.toString(),
            "--filter", "priority == \"high\"")));
        assertEquals(List.of(7L, 8L), seqs(run("replay", "--data", dir.toString(),
            "--filter", "{\"field\":\"n\",\"op\":\"in\",\"value\":[7,8]}")));
        final Result combined = run("replay", "--data", dir.toString(), "--topic", "models.openai.gpt",
            "--filter", "n > 3", "--from-seq", "2", "--to-seq", "9");
        assertEquals(List.of(4L, 7L), seqs(combined));
        assertTrue(combined.err().contains("scanned 8 events, matched 2"), combined.err());
    }

    @Test
    void shouldWriteBinaryFramesThatDecodeBackToTheSameEvents() throws Exception
    {
        final List<Event> events = sampleEvents(5);
        writeJournal(dir, events);

        final Result result = run("replay", "--data", dir.toString(), "--format", "binary", "--from-seq", "2");

        assertEquals(0, result.status(), result.err());
        final ByteBuffer frames = ByteBuffer.wrap(result.outBytes()).order(ByteOrder.LITTLE_ENDIAN);
        final List<Event> decoded = new ArrayList<>();
        final EventView view = new EventView(CodecLimits.DEFAULT);
        while (frames.hasRemaining())
        {
            final int length = frames.getInt();
            final byte[] bytes = new byte[length];
            frames.get(bytes);
            assertEquals(CodecError.NONE, view.wrap(new UnsafeBuffer(bytes), 0, length));
            decoded.add(Event.from(view));
        }
        assertEquals(events.subList(1, 5), decoded);
    }

    @Test
    void shouldPrintProgressAtMostOncePerSecondUnlessQuiet() throws Exception
    {
        writeJournal(dir, sampleEvents(2000));
        final long[] now = { 0 };
        // every clock read moves time on by 0.6 s: reads happen every 256 events, so a line is due every other read
        final Result result = CliFixtures.run(Clock.systemUTC(), () -> now[0] += 600_000_000L,
            "replay", "--data", dir.toString(), "--filter", "n == 1");

        assertEquals(List.of(1L), seqs(result));
        final List<String> err = result.errLines();
        assertEquals(List.of(
            "replay: 512 events, at seq 512, 426 events/s",
            "replay: 1,024 events, at seq 1,024, 426 events/s",
            "replay: 1,536 events, at seq 1,536, 426 events/s",
            "replay: scanned 2,000 events, matched 1, in 4.800 s (416 events/s)"), err);

        now[0] = 0;
        final Result quiet = CliFixtures.run(Clock.systemUTC(), () -> now[0] += 600_000_000L,
            "replay", "--data", dir.toString(), "--quiet", "--filter", "n == 1");
        assertEquals(1, quiet.errLines().size(), quiet.err());
        assertTrue(quiet.err().startsWith("replay: scanned 2,000 events, matched 1"), quiet.err());
    }

    private static List<Long> seqs(final Result result) throws Exception
    {
        assertEquals(0, result.status(), result.err());
        final List<Long> seqs = new ArrayList<>();
        for (final JsonNode node : result.jsonLines())
        {
            seqs.add(node.get("seq").asLong());
        }
        return seqs;
    }
}
