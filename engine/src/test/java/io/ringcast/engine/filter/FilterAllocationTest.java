package io.ringcast.engine.filter;

import java.lang.management.ManagementFactory;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.CodecError;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;

import static io.ringcast.engine.filter.FilterHarness.event;
import static io.ringcast.engine.filter.FilterHarness.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Measures the bytes the match stage's thread allocates per filter evaluation after warm-up. */
class FilterAllocationTest
{
    private static final int EVALUATIONS = 100_000;

    private final FieldTable fields = new FieldTable();
    private final FilterInput input = new FilterInput(fields);
    private final EventView[] views = {new EventView(CodecLimits.DEFAULT), new EventView(CodecLimits.DEFAULT)};

    private void prepare(final Filter filter)
    {
        filter.bind(fields);
        final Object[][] attributes = {
            {"providerName", "openai", "score", 0.8, "tier", 2L, "name", "gpt-4o-mini \u00e9dition", "region", "us-east",
                "beta", false},
            {"providerName", "anthropic", "score", 0.3, "tier", 5L, "name", "claude-3", "region", "eu-west"},
        };
        for (int i = 0; i < views.length; i++)
        {
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
            final int length = event("models.openai.gpt-4", Priority.HIGH, 1_000L, attributes[i])
                .encode(new io.ringcast.engine.event.EventEncoder(), buffer, 0);
            assertEquals(CodecError.NONE, views[i].wrap(buffer, 0, length));
        }
    }

    /** Runs {@code 2 * EVALUATIONS} evaluations after as many for warm-up. @return bytes per evaluation. */
    private double bytesPerEvaluation(final Filter filter, final int expectedMatches)
    {
        prepare(filter);
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        run(filter, expectedMatches);
        final long before = threads.getCurrentThreadAllocatedBytes();
        run(filter, expectedMatches);
        final long after = threads.getCurrentThreadAllocatedBytes();
        return (after - before) / (2.0 * EVALUATIONS);
    }

    private void run(final Filter filter, final int expectedMatches)
    {
        int matches = 0;
        for (int i = 0; i < EVALUATIONS; i++)
        {
            for (final EventView view : views)
            {
                input.bind(view);
                if (filter.test(input))
                {
                    matches++;
                }
            }
        }
        assertEquals(expectedMatches * EVALUATIONS, matches);
    }

    @Test
    void shouldEvaluateEqualityRangeAndStringFiltersWithoutAllocating()
    {
        final Filter filter = parse("providerName == \"openai\" && score >= 0.75 && tier in [1, 2, 3] && " +
            "name startsWith \"gpt\" && name contains \"mini\" && !(region endsWith \"eu\") && name > \"a\" && " +
            "beta != true && priority >= \"high\" && topic startsWith \"models.\" && ts < 2000 && id != \"x\" || " +
            "missing == 1");
        final double bytes = bytesPerEvaluation(filter, 1);
        assertTrue(bytes < 1.0, () -> bytes + " bytes per evaluation");
    }

    @Test
    void shouldKeepRegexAllocationToRe2jInternals()
    {
        final Filter filter = parse("name matches \"^gpt-[0-9]+o?\" && region matches \"east$\"");
        final double bytes = bytesPerEvaluation(filter, 1);
        System.out.printf("filter regex evaluation: %.1f bytes per event (two regexes on the matching event)%n", bytes);
        // RE2J 1.8's Matcher.find() builds a MachineInput (24 B) and copies the match bounds on a match (24 B):
        // three finds per two events here (the second event fails the first regex), about 60 B per event
        assertTrue(bytes < 256, () -> bytes + " bytes per evaluation");
    }
}
