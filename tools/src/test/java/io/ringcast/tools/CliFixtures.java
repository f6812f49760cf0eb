package io.ringcast.tools;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.agrona.concurrent.UnsafeBuffer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ringcast.engine.event.CodecError;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;

/** Journals written for real in a temp folder, and an in-process command runner. Test thread; allocates freely. */
final class CliFixtures
{
    static final ObjectMapper JSON = new ObjectMapper();
    /** 2026-01-01T00:00:00Z. */
    static final long T0 = 1_767_225_600_000L;

    private CliFixtures()
    {
    }

    /** What one in-process run printed, and its exit status. */
    record Result(int status, String out, String err, byte[] outBytes)
    {
        List<JsonNode> jsonLines() throws Exception
        {
            final List<JsonNode> nodes = new ArrayList<>();
            for (final String line : out.split("\n"))
            {
                if (!line.isEmpty())
                {
                    nodes.add(JSON.readTree(line));
                }
            }
            return nodes;
        }

        List<String> errLines()
        {
            return err.isEmpty() ? List.of() : List.of(err.split("\n"));
        }
    }

    /** Runs the command line in-process on a fixed wall clock and a monotonic clock that never moves. */
    static Result run(final String... args)
    {
        return run(Clock.fixed(Instant.ofEpochMilli(T0), ZoneOffset.UTC), () -> 0L, args);
    }

    static Result run(final Clock clock, final LongSupplier nanoTime, final String... args)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final int status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8))
        {
            status = RingcastCli.run(args, o, e, clock, nanoTime);
        }
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
            out.toByteArray());
    }

    /** An event with a JSON payload. */
    static Event event(final long seq, final String topic, final Priority priority, final Map<String, Object> attrs,
        final String json)
    {
        return new Event(seq, "evt-" + seq, "", topic, priority, T0 + seq * 1000, attrs, ContentType.JSON,
            json.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes {@code events} (seqs already set) into a new journal at {@code dir} and closes it. */
    static void writeJournal(final Path dir, final List<Event> events)
    {
        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(dir)))
        {
            final EventView view = new EventView(CodecLimits.DEFAULT);
            for (final Event event : events)
            {
                final byte[] bytes = event.toBytes();
                final CodecError error = view.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
                if (error != CodecError.NONE)
                {
                    throw new IllegalArgumentException(event + ": " + view.errorMessage());
                }
                journal.append(view);
            }
            journal.flush();
        }
    }

    /** {@code count} events, seq 1..count, topics cycling over three, attributes of every type. */
    static List<Event> sampleEvents(final int count)
    {
        final String[] topics = { "models.openai.gpt", "models.anthropic.claude", "users.42.tasks" };
        final List<Event> events = new ArrayList<>();
        for (int seq = 1; seq <= count; seq++)
        {
            events.add(event(seq, topics[(seq - 1) % topics.length], Priority.values()[seq % 4],
                Map.of("n", (long)seq, "even", seq % 2 == 0), "{\"v\":" + seq + "}"));
        }
        return events;
    }
}
