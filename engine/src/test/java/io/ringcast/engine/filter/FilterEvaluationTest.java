package io.ringcast.engine.filter;

import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;

import static io.ringcast.engine.filter.FilterHarness.attrs;
import static io.ringcast.engine.filter.FilterHarness.event;
import static io.ringcast.engine.filter.FilterHarness.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterEvaluationTest
{
    private final FilterHarness harness = new FilterHarness();

    private void check(final String expression, final boolean expected, final Object... attributes)
    {
        check(expression, expected, attrs(attributes));
    }

    private void check(final String expression, final boolean expected, final Event event)
    {
        final Filter filter = parse(expression);
        assertEquals(expected, harness.test(filter, event), () -> expression + " on " + event);
        // the canonical form evaluates the same
        assertEquals(expected, harness.test(parse(filter.toString()), event), () -> filter + " on " + event);
    }

    @Test
    void shouldCompareStringsByBytes()
    {
        check("s == \"openai\"", true, "s", "openai");
        check("s == \"openai\"", false, "s", "openai2");
        check("s == \"caf\u00e9 \u65e5\u672c \ud83d\ude00 and more\"", true, "s", "caf\u00e9 \u65e5\u672c \ud83d\ude00 and more");
        check("s == \"\"", true, "s", "");
        check("s != \"openai\"", true, "s", "anthropic");
        check("s > \"abc\"", true, "s", "abd");
        check("s > \"abc\"", false, "s", "abc");
        check("s >= \"abc\"", true, "s", "abc");
        check("s < \"abc\"", true, "s", "ab");
        check("s <= \"abcdefghijk\"", true, "s", "abcdefghijj");
        check("s > \"abcdefghijk\"", true, "s", "abcdefghijk\u00e9");
        // unsigned bytes: 'é' (0xC3 0xA9) sorts after 'z'
        check("s > \"z\"", true, "s", "\u00e9");
        check("s < \"\ud83d\ude00\"", true, "s", "\uffef");
    }

    @Test
    void shouldApplyStringOperatorsToBytes()
    {
        check("s contains \"pen\"", true, "s", "openai");
        check("s contains \"\"", true, "s", "x");
        check("s contains \"aab\"", true, "s", "aaaab");
        check("s contains \"abcabd\"", true, "s", "abcabcabd");
        check("s contains \"xyz\"", false, "s", "openai");
        check("s contains \"\u00e9\"", true, "s", "caf\u00e9s");
        check("s !contains \"pen\"", false, "s", "openai");
        check("s !contains \"xyz\"", true, "s", "openai");
        check("s startsWith \"open\"", true, "s", "openai");
        check("s startsWith \"openai-long\"", false, "s", "openai");
        check("s startsWith \"0123456789\"", true, "s", "0123456789abc");
        check("s endsWith \"ai\"", true, "s", "openai");
        check("s endsWith \"\u00e9\"", true, "s", "caf\u00e9");
        check("s endsWith \"open\"", false, "s", "openai");
    }

    @Test
    void shouldCompareNumbersByExactValueAcrossTypes()
    {
        check("n == 3", true, "n", 3L);
        check("n == 3", true, "n", 3.0);
        check("n == 3.0", true, "n", 3L);
        check("n == 3.5", false, "n", 3L);
        check("n == -0.0", true, "n", 0L);
        check("n == 0", true, "n", -0.0);
        check("n == 9007199254740993", false, "n", 9007199254740992.0);
        check("n == 9007199254740992.0", false, "n", 9007199254740993L);
        check("n == 9223372036854775807", true, "n", Long.MAX_VALUE);
        check("n == 9.223372036854775807E18", false, "n", Long.MAX_VALUE);
        check("n != 3", false, "n", 3.0);
        check("n != 3", true, "n", 4L);
        check("n > 2", true, "n", 3L);
        check("n > 3", false, "n", 3L);
        check("n >= 3", true, "n", 3L);
        check("n < -1", true, "n", -2L);
        check("n <= -2", true, "n", -2L);
        check("n > 9223372036854775806", true, "n", Long.MAX_VALUE);
        check("n > 2.5", true, "n", 3L);
        check("n < 2.5", true, "n", 2L);
        check("n > 2", true, "n", 2.5);
        check("n >= 2.5", true, "n", 2.5);
        check("n < 1e3", true, "n", 999.9);
        check("n >= 0", true, "n", -0.0);
        check("n < 0", false, "n", -0.0);
    }

    @Test
    void shouldTreatBooleansAsEqualityOnly()
    {
        check("b == true", true, "b", true);
        check("b == false", false, "b", true);
        check("b != false", true, "b", true);
        check("b in [false]", true, "b", false);
        check("b !in [false]", false, "b", false);
    }

    @Test
    void shouldMakeTypeMismatchFalseAndItsNegationTrue()
    {
        check("s == 3", false, "s", "3");
        check("s != 3", true, "s", "3");
        check("n == \"3\"", false, "n", 3L);
        check("b == \"true\"", false, "b", true);
        check("b == 1", false, "b", true);
        check("n == true", false, "n", 1L);
        check("n > \"a\"", false, "n", 3L);
        check("s > 3", false, "s", "4");
        check("b > 0", false, "b", true);
        check("n contains \"3\"", false, "n", 3L);
        check("n !contains \"3\"", true, "n", 3L);
        check("b startsWith \"t\"", false, "b", true);
        check("n matches \"3\"", false, "n", 3L);
        check("n in [\"3\", true]", false, "n", 3L);
        check("n !in [\"3\", true]", true, "n", 3L);
    }

    @Test
    void shouldMakeComparisonOnMissingAttributeFalseAndNegationsTrue()
    {
        for (final String positive : new String[] {"x == 1", "x == \"a\"", "x > 1", "x >= \"a\"", "x < 1", "x <= 1",
            "x contains \"a\"", "x startsWith \"a\"", "x endsWith \"a\"", "x in [1, \"a\"]", "x matches \"\"",
            "x == true"})
        {
            check(positive, false, "y", 1L);
            check("!(" + positive + ")", true, "y", 1L);
        }
        check("x != 1", true, "y", 1L);
        check("x !contains \"a\"", true, "y", 1L);
        check("x !in [1]", true);
    }

    @Test
    void shouldTestListMembershipWithTheSameEquality()
    {
        check("sev in [\"high\", \"critical\"]", true, "sev", "critical");
        check("sev in [\"high\", \"critical\"]", false, "sev", "low");
        check("sev !in [\"high\", \"critical\"]", true, "sev", "low");
        check("n in [1, 2.5, \"x\", true]", true, "n", 2.5);
        check("n in [1, 2.5, \"x\", true]", true, "n", 1.0);
        check("n in [1.0]", true, "n", 1L);
        check("s in [1, 2.5, \"x\", true]", true, "s", "x");
        check("b in [1, 2.5, \"x\", true]", true, "b", true);
    }

    @Test
    void shouldMatchRegexAnywhereUnlessAnchored()
    {
        check("name matches \"^gpt-[0-9]+$\"", true, "name", "gpt-4");
        check("name matches \"^gpt-[0-9]+$\"", false, "name", "gpt-4o");
        check("name matches \"gpt\"", true, "name", "chatgpt-4o");
        check("name matches \"^gpt\"", false, "name", "chatgpt-4o");
        check("name matches \"4o$\"", true, "name", "chatgpt-4o");
        check("name matches \"^caf.$\"", true, "name", "caf\u00e9");
        check("name matches \"^.\u00e9.$\"", true, "name", "\ud83d\ude00\u00e9\u65e5");
        check("name matches \"(?i)^GPT\"", true, "name", "gpt-4");
        check("name matches \"\"", true, "name", "");
        check("!(name matches \"^x\")", true, "name", "gpt");
    }

    @Test
    void shouldReuseRegexScratchAcrossEventsOfDifferentShapes()
    {
        final Filter filter = parse("name matches \"^\u00e9+$\"");
        assertEquals(true, harness.test(filter, attrs("name", "\u00e9".repeat(200))));
        assertEquals(false, harness.test(filter, attrs("name", "\u00e9x")));
        assertEquals(true, harness.test(filter, attrs("name", "\u00e9")));
        assertEquals(false, harness.test(filter, attrs("name", "ascii")));
        assertEquals(true, harness.test(filter, attrs("name", "\u00e9\u00e9")));
    }

    @Test
    void shouldReadTopicAndIdBuiltIns()
    {
        final Event e = event("models.openai.gpt-4", "evt-\u00e9", Priority.NORMAL, 0L);
        check("topic == \"models.openai.gpt-4\"", true, e);
        check("topic startsWith \"models.\"", true, e);
        check("topic endsWith \".gpt-4\"", true, e);
        check("topic contains \"openai\"", true, e);
        check("topic !contains \"anthropic\"", true, e);
        check("topic matches \"^models\\\\.[a-z]+\\\\.\"", true, e);
        check("topic > \"models.a\"", true, e);
        check("topic in [\"a.b\", \"models.openai.gpt-4\"]", true, e);
        check("id == \"evt-\u00e9\"", true, e);
        check("id startsWith \"evt\"", true, e);
        check("id != \"evt\"", true, e);
    }

    @Test
    void shouldComparePriorityByOrdinal()
    {
        final Event high = event("t", Priority.HIGH, 0L);
        check("priority >= \"high\"", true, high);
        check("priority >= \"HIGH\"", true, high);
        check("priority > \"high\"", false, high);
        check("priority < \"Critical\"", true, high);
        check("priority == 2", true, high);
        check("priority != \"normal\"", true, high);
        check("priority in [\"low\", 2]", true, high);
        check("priority !in [0, 1]", true, high);
        check("priority <= 1", false, high);
        check("priority == \"critical\"", true, event("t", Priority.CRITICAL, 0L));
        check("priority < \"normal\"", true, event("t", Priority.LOW, 0L));
    }

    @Test
    void shouldCompareTimestampWithNumbersAndIsoInstants()
    {
        final Event e = event("t", Priority.NORMAL, 1_704_067_200_000L);
        check("ts == 1704067200000", true, e);
        check("ts == \"2024-01-01T00:00:00Z\"", true, e);
        check("ts >= \"2024-01-01T00:00:00.000Z\"", true, e);
        check("ts < \"2024-01-01T00:00:00.001Z\"", true, e);
        check("ts > \"2024-01-01T01:00:00+02:00\"", true, e);
        check("ts < 1.7e12", false, e);
        check("ts in [0, \"2024-01-01T00:00:00Z\"]", true, e);
    }

    @Test
    void shouldBindAndTighterThanOrAndNotTighterThanBoth()
    {
        final String expression = "a == 1 || b == 2 && c == 3";
        check(expression, true, "a", 1L);
        check(expression, false, "b", 2L);
        check(expression, true, "b", 2L, "c", 3L);
        check("(a == 1 || b == 2) && c == 3", false, "a", 1L);
        check("!a == 1 && b == 2", true, "a", 2L, "b", 2L);
        check("!(a == 1 && b == 2)", true, "a", 1L, "b", 3L);
        check("!!(a == 1)", true, "a", 1L);
    }

    @Test
    void shouldAcceptEverythingWithMatchAll()
    {
        assertTrue(harness.test(Filter.MATCH_ALL, attrs()));
        assertTrue(harness.test(parse("   "), attrs("a", 1L)));
        assertEquals(Filter.MATCH_ALL, parse(""));
        assertEquals(0, Filter.MATCH_ALL.nodeCount());
    }

    @Test
    void shouldTreatAttributesAsMissingUntilBound()
    {
        final Filter filter = parse("a == 1");
        harness.load(attrs("a", 1L));
        assertEquals(false, filter.test(harness.input));
        filter.bind(harness.fields);
        harness.load(attrs("a", 1L));
        assertEquals(true, filter.test(harness.input));
    }
}
