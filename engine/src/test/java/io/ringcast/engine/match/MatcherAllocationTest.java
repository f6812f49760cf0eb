package io.ringcast.engine.match;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import org.agrona.collections.IntArrayList;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.filter.FieldTable;
import io.ringcast.engine.subscription.Subscription;

import static io.ringcast.engine.match.MatchFixtures.filter;
import static io.ringcast.engine.match.MatchFixtures.subscription;
import static io.ringcast.engine.match.MatchFixtures.view;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Steady-state matching allocates nothing on the calling thread. 10,000 subscriptions, a third each with an
 * indexed equality filter, a range filter (indexed by an equality, or scanned) and an indexed filter with a regex
 * behind its equality.
 * RE2J allocates a little per regex evaluation (documented by {@code Filter}), so the regex case checks that
 * the matcher adds nothing beyond that.
 */
class MatcherAllocationTest
{
    private static final int SUBSCRIPTIONS = 10_000;
    private static final int PROVIDERS = 50;
    private static final int MODELS = 7;
    private static final int REGEX_PROVIDERS = 500;
    private static final int CALLS = 200_000;
    private static final int RE2J_BYTES_PER_FIND = 64;

    private final Matcher matcher = new Matcher(new FieldTable(), CodecLimits.DEFAULT);
    private final List<Subscription> regexSubscriptions = new ArrayList<>();
    private final List<String> regexProviders = new ArrayList<>();
    private final IntArrayList out = new IntArrayList(SUBSCRIPTIONS, -1);

    MatcherAllocationTest()
    {
        for (int i = 0; i < SUBSCRIPTIONS; i++)
        {
            final int provider = i % PROVIDERS;
            final int model = i % MODELS;
            final String pattern;
            final int kind = i % 100;
            if (kind == 0)
            {
                pattern = "models.>";
            }
            else if (kind < 10)
            {
                pattern = "models.*.m" + model;
            }
            else if (kind < 30)
            {
                pattern = "models.p" + provider + ".*";
            }
            else
            {
                pattern = "models.p" + provider + ".m" + model;
            }
            final String expression;
            switch (i % 3)
            {
                case 0: expression = "providerName == \"p" + provider + "\" && severity >= " + (i % 5); break;
                case 1:
                    // a third of the range filters have no equality and go to the scan lists
                    expression = (i % 9 == 1 ? "" : "severity == " + (i % 5) + " && ") + "score >= " + (i % 10) +
                        " && score < " + (i % 10 + 3);
                    break;
                default: expression = "providerName == \"r" + (i % REGEX_PROVIDERS) + "\" && model matches \"^gpt-[0-9]+$\"";
                    break;
            }
            final Subscription s = subscription(i, pattern, filter(expression));
            matcher.add(s);
            if (i % 3 == 2)
            {
                regexSubscriptions.add(s);
                regexProviders.add("r" + (i % REGEX_PROVIDERS));
            }
        }
    }

    @Test
    void shouldNotAllocateWhenMatchingEqualityAndRangeFilters()
    {
        final EventView[] events = events("p");

        final long matched = run(events);
        final long allocated = allocatedBy(events);

        assertTrue(matched > 0, "the events must match something");
        assertTrue(allocated < CALLS, "allocated " + allocated + " bytes in " + CALLS + " match calls");
    }

    @Test
    void shouldAllocateOnlyInsideRe2jWhenEvaluatingRegexFilters()
    {
        final EventView[] events = events("r");
        final long[] candidates = new long[events.length];
        for (int i = 0; i < events.length; i++)
        {
            candidates[i] = regexCandidates(events[i]);
        }
        long regexEvaluations = 0;
        for (int i = 0; i < CALLS; i++)
        {
            regexEvaluations += candidates[i & (events.length - 1)];
        }

        final long matched = run(events);
        final long allocated = allocatedBy(events);

        assertTrue(matched > 0 && regexEvaluations > 0, "the events must evaluate regexes");
        System.out.printf("regex filters: %d bytes in %d match calls, %.1f bytes per regex evaluation%n",
            allocated, CALLS, (double)allocated / regexEvaluations);
        assertTrue(allocated <= RE2J_BYTES_PER_FIND * regexEvaluations,
            "allocated " + allocated + " bytes for " + regexEvaluations + " regex evaluations");
    }

    /** 64 events over the subscribed topics, with a provider value prefixed {@code prefix}. */
    private static EventView[] events(final String prefix)
    {
        final EventView[] events = new EventView[64];
        for (int i = 0; i < events.length; i++)
        {
            events[i] = view("models.p" + (i % PROVIDERS) + ".m" + (i % MODELS), "providerName",
                prefix + (i % PROVIDERS), "severity", (long)(i % 5), "score", i % 12 + 0.5, "model", "gpt-" + i);
        }
        return events;
    }

    /** Regex subscriptions whose topic and equality accept the event: each evaluates its regex once. */
    private long regexCandidates(final EventView event)
    {
        final String topic = event.buffer().getStringWithoutLengthAscii(event.topicOffset(), event.topicLength());
        final String provider = event.buffer().getStringWithoutLengthAscii(
            event.attributeValueOffset(0), event.attributeValueLength(0));
        long count = 0;
        for (int i = 0; i < regexSubscriptions.size(); i++)
        {
            if (regexProviders.get(i).equals(provider) && regexSubscriptions.get(i).pattern().matches(topic))
            {
                count++;
            }
        }
        return count;
    }

    private long allocatedBy(final EventView[] events)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long before = threads.getCurrentThreadAllocatedBytes();
        run(events);
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private long run(final EventView[] events)
    {
        long matched = 0;
        for (int i = 0; i < CALLS; i++)
        {
            out.clear();
            matched += matcher.match(events[i & (events.length - 1)], out);
        }
        return matched;
    }
}
