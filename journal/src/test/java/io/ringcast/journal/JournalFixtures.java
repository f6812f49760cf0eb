package io.ringcast.journal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.agrona.concurrent.UnsafeBuffer;

import io.ringcast.engine.event.CodecError;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;

/** Builders shared by the journal tests. */
final class JournalFixtures
{
    /** 2023-11-14T22:13:20Z, a whole second: TEST_SECONDLY cycles start on it. */
    static final long T0 = 1_700_000_000_000L;

    private JournalFixtures()
    {
    }

    /** A config rolling every second (drive it with a ManualClock), long retention. */
    static JournalConfig secondly(final Path dir)
    {
        return JournalConfig.defaults(dir).withRollCycle("TEST_SECONDLY").withRetention(Duration.ofDays(1));
    }

    static Event event(final long seq, final long timestamp, final String topic)
    {
        final Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("providerName", seq % 3 == 0 ? "openai" : "anthropic");
        attrs.put("severity", seq % 5);
        attrs.put("ratio", seq / 7.0);
        attrs.put("beta", seq % 2 == 0);
        return new Event(seq, "evt-" + seq, seq % 4 == 0 ? "key-" + seq : "", topic,
            Priority.values()[(int)(seq % 4)], timestamp, attrs, ContentType.JSON,
            ("{\"n\":" + seq + ",\"note\":\"caf\u00e9\"}").getBytes(StandardCharsets.UTF_8));
    }

    static Event event(final long seq, final long timestamp)
    {
        return event(seq, timestamp, "models.m" + (seq % 3) + ".gpt-x");
    }

    /** A view over the event's encoded bytes, as the journal stage hands it over. */
    static EventView view(final Event event)
    {
        final byte[] bytes = event.toBytes();
        final EventView view = new EventView(CodecLimits.DEFAULT);
        final CodecError error = view.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        if (error != CodecError.NONE)
        {
            throw new IllegalStateException(view.errorMessage());
        }
        return view;
    }

    static void append(final ChronicleJournal journal, final Event event)
    {
        journal.append(view(event));
    }

    /** Every event from the reader's position to the current end. */
    static List<Event> readAll(final JournalReader reader)
    {
        final EventView view = new EventView(CodecLimits.DEFAULT);
        final List<Event> out = new ArrayList<>();
        while (reader.next(view))
        {
            out.add(Event.from(view));
        }
        return out;
    }

    /** The seq of every event from the reader's position to the current end. */
    static List<Long> readSeqs(final JournalReader reader)
    {
        final EventView view = new EventView(CodecLimits.DEFAULT);
        final List<Long> out = new ArrayList<>();
        while (reader.next(view))
        {
            out.add(view.seq());
        }
        return out;
    }
}
