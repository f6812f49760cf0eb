package io.ringcast.engine.filter;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.Event;

import static io.ringcast.engine.filter.FilterHarness.attrs;
import static io.ringcast.engine.filter.FilterHarness.parse;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterIndexHintTest
{
    private final FilterHarness harness = new FilterHarness();

    /** The key FilterInput computes for attribute {@code name} of {@code event}. */
    private long eventKey(final Event event, final String name)
    {
        final int fieldId = harness.fields.intern(name);
        harness.load(event);
        final int i = harness.input.attributeIndex(fieldId);
        return harness.input.valueKey(i);
    }

    @Test
    void shouldHintTheWholeFilterEquality()
    {
        final IndexHint hint = parse("providerName == \"openai\"").indexHint();
        assertEquals("providerName", hint.field());
        assertArrayEquals(new long[] {eventKey(attrs("providerName", "openai"), "providerName")}, hint.valueKeys());
    }

    @Test
    void shouldHintAnEqualityConjunctInPreferenceToIn()
    {
        final IndexHint hint = parse("score > 1 && sev in [\"a\", \"b\"] && (x == 1 || y == 2) && tier == 3")
            .indexHint();
        assertEquals("tier", hint.field());
        assertArrayEquals(new long[] {eventKey(attrs("tier", 3.0), "tier")}, hint.valueKeys());
    }

    @Test
    void shouldHintInWithOneKeyPerDistinctValue()
    {
        final IndexHint hint = parse("score > 1 && sev in [\"a\", 2, 2.0, true, \"a\"]").indexHint();
        assertEquals("sev", hint.field());
        final long[] expected = {eventKey(attrs("sev", "a"), "sev"), eventKey(attrs("sev", 2L), "sev"),
            eventKey(attrs("sev", true), "sev")};
        assertArrayEquals(expected, hint.valueKeys());
        assertTrue(Arrays.stream(hint.valueKeys()).anyMatch(k -> k == eventKey(attrs("sev", 2.0), "sev")));
    }

    @Test
    void shouldNotHintBuiltInsDisjunctionsNegationsOrRanges()
    {
        assertNull(parse("topic == \"a.b\"").indexHint());
        assertNull(parse("priority == \"high\" && id in [\"x\"]").indexHint());
        assertNull(parse("a == 1 || b == 2").indexHint());
        assertNull(parse("!(a == 1)").indexHint());
        assertNull(parse("a != 1 && b !in [1]").indexHint());
        assertNull(parse("a >= 1 && b contains \"x\"").indexHint());
        assertNull(Filter.MATCH_ALL.indexHint());
    }
}
