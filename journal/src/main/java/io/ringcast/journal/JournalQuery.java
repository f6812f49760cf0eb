package io.ringcast.journal;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;

import io.ringcast.engine.event.EventView;
import io.ringcast.engine.filter.FieldTable;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.filter.FilterInput;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.util.ByteStringTable;

/**
 * A read-back of the journal: from a seq (exclusive) or a time, up to a seq (inclusive) or the head at the moment
 * the query starts, keeping events whose topic matches a pattern and which pass a filter (the engine's filter
 * language). Used by the replay tool and tests.
 * <p>
 * A query is an immutable description (build it with {@link #fromSeq} or {@link #fromTime} and the {@code with}
 * methods; any thread); {@link #run} executes it on the calling thread with a fresh reader. Running allocates its
 * reader, view and tables once; per event it allocates nothing, except the topic text of each topic not seen
 * before (the first 65,536 distinct topics are cached) and RE2J's few bytes per {@code matches} test.
 */
public final class JournalQuery
{
    /** Receives each matching event, in journal order. */
    @FunctionalInterface
    public interface Handler
    {
        /**
         * @param event the event; its bytes are valid only during this call
         * @return true to go on, false to stop the query here
         */
        boolean onEvent(EventView event);
    }

    /**
     * What a run did.
     *
     * @param scanned events read inside the seq range
     * @param matched events that passed topic and filter and went to the handler
     * @param lastSeq seq of the last event scanned, 0 when none
     * @param stopped true when the handler stopped the query
     */
    public record Result(long scanned, long matched, long lastSeq, boolean stopped)
    {
    }

    private static final long TO_HEAD = -1;

    private final boolean byTime;
    private final long from;
    private final long toSeq;
    private final TopicPattern topic;
    private final Filter filter;

    private JournalQuery(final boolean byTime, final long from, final long toSeq, final TopicPattern topic,
        final Filter filter)
    {
        this.byTime = byTime;
        this.from = from;
        this.toSeq = toSeq;
        this.topic = topic;
        this.filter = filter;
    }

    /** Events with a seq above {@code afterSeq} (0: from the first held event), up to the head. */
    public static JournalQuery fromSeq(final long afterSeq)
    {
        return new JournalQuery(false, afterSeq, TO_HEAD, null, null);
    }

    /** Events from where timestamps reach {@code epochMillis} (see {@link JournalReader#seekToTime}), up to the head. */
    public static JournalQuery fromTime(final long epochMillis)
    {
        return new JournalQuery(true, epochMillis, TO_HEAD, null, null);
    }

    /** Stops after the event with seq {@code seq} (inclusive) instead of at the head when the query started. */
    public JournalQuery toSeq(final long seq)
    {
        if (seq < 0)
        {
            throw new IllegalArgumentException("toSeq must be >= 0, was " + seq);
        }
        return new JournalQuery(byTime, from, seq, topic, filter);
    }

    /** Keeps only events whose topic matches {@code pattern} (null: every topic). */
    public JournalQuery withTopic(final TopicPattern pattern)
    {
        return new JournalQuery(byTime, from, toSeq, pattern, filter);
    }

    /**
     * Keeps only events that pass {@code f} (null: every event). The query binds its own copy of the filter, so a
     * filter that a live subscription uses may be passed safely.
     */
    public JournalQuery withFilter(final Filter f)
    {
        return new JournalQuery(byTime, from, toSeq, topic, f);
    }

    /**
     * Runs the query on the calling thread, delivering each matching event to {@code handler}.
     *
     * @return the counts of the run
     */
    public Result run(final ChronicleJournal journal, final Handler handler)
    {
        final long last = toSeq == TO_HEAD ? journal.headSeq() : toSeq;
        final EventView view = new EventView(journal.limits());
        final FieldTable fields = new FieldTable();
        final Filter bound = privateCopy(filter);
        if (bound != null)
        {
            bound.bind(fields);
        }
        final FilterInput input = new FilterInput(fields);
        final TopicCache topics = topic == null ? null : new TopicCache(topic);
        long scanned = 0;
        long matched = 0;
        long lastSeq = 0;
        boolean stopped = false;
        try (JournalReader reader = journal.newReader())
        {
            if (byTime)
            {
                reader.seekToTime(from);
            }
            else
            {
                reader.seekAfterSeq(from);
            }
            while (reader.next(view))
            {
                final long seq = view.seq();
                if (seq > last)
                {
                    break;
                }
                scanned++;
                lastSeq = seq;
                if (topics != null && !topics.matches(view.buffer(), view.topicOffset(), view.topicLength()))
                {
                    continue;
                }
                if (bound != null)
                {
                    input.bind(view);
                    if (!bound.test(input))
                    {
                        continue;
                    }
                }
                matched++;
                if (!handler.onEvent(view))
                {
                    stopped = true;
                    break;
                }
            }
        }
        return new Result(scanned, matched, lastSeq, stopped);
    }

    private static Filter privateCopy(final Filter f)
    {
        if (f == null || f.isMatchAll())
        {
            return null;
        }
        // binding writes field ids into the nodes; a copy keeps the caller's filter bound to its own table
        return f.copy();
    }

    @Override
    public String toString()
    {
        return "JournalQuery{" + (byTime ? "fromTime=" : "afterSeq=") + from +
            ", toSeq=" + (toSeq == TO_HEAD ? "head" : Long.toString(toSeq)) +
            ", topic=" + topic + ", filter=" + (filter == null ? "none" : filter) + "}";
    }

    /** Topic → match answer, so each distinct topic is decoded and matched once. Query thread. */
    private static final class TopicCache
    {
        private static final int MAX_TOPICS = 1 << 16;

        private final TopicPattern pattern;
        private final ByteStringTable ids = new ByteStringTable(256);
        private boolean[] answers = new boolean[256];

        TopicCache(final TopicPattern pattern)
        {
            this.pattern = pattern;
        }

        boolean matches(final DirectBuffer buffer, final int offset, final int length)
        {
            final int id = ids.lookup(buffer, offset, length);
            if (id != ByteStringTable.MISSING)
            {
                return answers[id];
            }
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            final boolean answer = pattern.matches(new String(bytes, StandardCharsets.US_ASCII));
            if (ids.size() < MAX_TOPICS)
            {
                final int newId = ids.intern(bytes);
                if (newId >= answers.length)
                {
                    answers = java.util.Arrays.copyOf(answers, answers.length * 2);
                }
                answers[newId] = answer;
            }
            return answer;
        }
    }
}
