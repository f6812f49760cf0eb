package io.ringcast.journal;

import static io.ringcast.journal.JournalFixtures.T0;
import static io.ringcast.journal.JournalFixtures.append;
import static io.ringcast.journal.JournalFixtures.event;
import static io.ringcast.journal.JournalFixtures.view;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.event.Event;
import io.ringcast.engine.filter.FieldTable;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.filter.FilterInput;
import io.ringcast.engine.match.TopicPattern;

class JournalQueryTest
{
    @TempDir
    Path tmp;

    private final List<Event> written = new ArrayList<>();

    private ChronicleJournal journalWith(final int events)
    {
        final ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(tmp.resolve("j")));
        for (long seq = 1; seq <= events; seq++)
        {
            final Event e = event(seq, T0 + seq * 10);
            written.add(e);
            append(journal, e);
        }
        return journal;
    }

    private static List<Long> run(final ChronicleJournal journal, final JournalQuery query,
        final JournalQuery.Result[] result)
    {
        final List<Long> seqs = new ArrayList<>();
        result[0] = query.run(journal, e -> seqs.add(e.seq()));
        return seqs;
    }

    private List<Long> expected(final Predicate<Event> keep)
    {
        return written.stream().filter(keep).map(Event::seq).collect(Collectors.toList());
    }

    @Test
    void shouldSelectBySeqRangeTopicAndFilter() throws Exception
    {
        try (ChronicleJournal journal = journalWith(300))
        {
            final TopicPattern pattern = TopicPattern.parse("models.m1.*");
            final Filter filter = Filter.parse("providerName == \"openai\" || severity >= 3");
            final JournalQuery.Result[] result = new JournalQuery.Result[1];
            final List<Long> seqs = run(journal, JournalQuery.fromSeq(40).toSeq(250).withTopic(pattern)
                .withFilter(filter), result);
            final List<Long> expected = expected(e -> e.seq() > 40 && e.seq() <= 250 && pattern.matches(e.topic()) &&
                ("openai".equals(e.attributes().get("providerName")) || (long)e.attributes().get("severity") >= 3));
            assertFalse(expected.isEmpty());
            assertEquals(expected, seqs);
            assertEquals(210, result[0].scanned());
            assertEquals(expected.size(), result[0].matched());
            assertEquals(250, result[0].lastSeq());
            assertFalse(result[0].stopped());
        }
    }

    @Test
    void shouldStartAtATime() throws Exception
    {
        try (ChronicleJournal journal = journalWith(100))
        {
            final JournalQuery.Result[] result = new JournalQuery.Result[1];
            final List<Long> seqs = run(journal, JournalQuery.fromTime(T0 + 555), result);
            assertEquals(expected(e -> e.timestamp() >= T0 + 555), seqs);
            assertEquals(56L, seqs.get(0));
        }
    }

    @Test
    void shouldStopAtTheHeadAsOfTheStart() throws Exception
    {
        try (ChronicleJournal journal = journalWith(20))
        {
            final List<Long> seqs = new ArrayList<>();
            final JournalQuery.Result result = JournalQuery.fromSeq(0).run(journal, e ->
            {
                seqs.add(e.seq());
                append(journal, event(journal.headSeq() + 1, T0)); // live traffic during the query
                return true;
            });
            assertEquals(expected(e -> true), seqs);
            assertEquals(20, result.matched());
            assertEquals(40, journal.headSeq());
        }
    }

    @Test
    void shouldStopWhenTheHandlerSaysSo() throws Exception
    {
        try (ChronicleJournal journal = journalWith(20))
        {
            final List<Long> seqs = new ArrayList<>();
            final JournalQuery.Result result = JournalQuery.fromSeq(5).run(journal, e -> seqs.add(e.seq()) &&
                seqs.size() < 3);
            assertEquals(List.of(6L, 7L, 8L), seqs);
            assertTrue(result.stopped());
            assertEquals(3, result.scanned());
        }
    }

    @Test
    void shouldLeaveTheCallersFilterBoundToItsOwnTable() throws Exception
    {
        try (ChronicleJournal journal = journalWith(30))
        {
            final FieldTable live = new FieldTable();
            live.intern("a");
            live.intern("b");
            final Filter filter = Filter.parse("severity == 4");
            filter.bind(live);
            final JournalQuery.Result result = JournalQuery.fromSeq(0).withFilter(filter).run(journal, e -> true);
            assertEquals(expected(e -> (long)e.attributes().get("severity") == 4).size(), result.matched());

            final FilterInput input = new FilterInput(live);
            input.bind(view(event(4, T0)));
            assertTrue(filter.test(input), "still reads severity through the live table's field id");
        }
    }
}
