package io.ringcast.engine.filter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FilterLimitsTest
{
    private static final FilterLimits HUGE = new FilterLimits(1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000,
        10_000_000);

    private static String chain(final int comparisons, final String joiner)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < comparisons; i++)
        {
            sb.append(i == 0 ? "" : joiner).append("a").append(i).append(" == ").append(i);
        }
        return sb.toString();
    }

    @Test
    void shouldRejectMoreNodesThanTheLimit()
    {
        assertEquals(63, assertDoesNotThrow(() -> Filter.parse(chain(32, " && "))).nodeCount());
        assertEquals(64, assertDoesNotThrow(() -> Filter.parse("!(" + chain(32, " && ") + ")")).nodeCount());
        final String tooMany = chain(33, " || ");
        final FilterException ex = assertThrows(FilterException.class, () -> Filter.parse(tooMany));
        final int column = tooMany.indexOf("a32 ==") + 1;
        assertEquals(column, ex.column());
        assertEquals("column " + column + ": filter has more than 64 nodes (comparisons, &&, ||, !), the limit " +
            "maxNodes=64", ex.getMessage());
    }

    @Test
    void shouldRejectDeeperNestingThanTheLimit()
    {
        final FilterLimits limits = new FilterLimits(64, 3, 256, 256, 1024, 8192);
        assertDoesNotThrow(() -> Filter.parse("!(a == 1 && b == 2)", limits));
        final FilterException tree = assertThrows(FilterException.class, () ->
            Filter.parse("!(a == 1 && (b == 2 || c == 3))", limits));
        assertEquals("column 1: filter nests 4 levels deep, deeper than the limit maxDepth=3", tree.getMessage());
        final FilterException parens = assertThrows(FilterException.class, () -> Filter.parse("((((a == 1))))", limits));
        assertEquals("column 4: parentheses nested deeper than the limit maxDepth=3", parens.getMessage());
    }

    @Test
    void shouldRejectDeepInputWithoutOverflowingTheStack()
    {
        final String parens = "(".repeat(10_000) + "a == 1" + ")".repeat(10_000);
        final FilterException capped = assertThrows(FilterException.class, () -> Filter.parse(parens, HUGE));
        assertEquals("column 257: parentheses nested deeper than the limit maxDepth=256", capped.getMessage());
        assertThrows(FilterException.class, () -> Filter.parse("(".repeat(10_000), HUGE));
        assertThrows(FilterException.class, () -> Filter.parse("!".repeat(100_000) + "a == 1", HUGE));
        assertThrows(FilterException.class, () -> Filter.parse("(".repeat(10_000)));
        final FilterException defaults = assertThrows(FilterException.class, () ->
            Filter.parse("(".repeat(5_000), FilterLimits.DEFAULT));
        assertEquals("column 17: parentheses nested deeper than the limit maxDepth=16", defaults.getMessage());

        Object tree = Map.of("field", "a", "op", "equals", "value", 1);
        for (int i = 0; i < 10_000; i++)
        {
            tree = Map.of("operator", "NOT", "condition", tree);
        }
        final Object deep = tree;
        final FilterException json = assertThrows(FilterException.class, () -> Filter.fromJson(deep, HUGE));
        assertEquals("condition" + ".condition".repeat(255), json.path());
        assertEquals(json.path() + ": groups nested deeper than the limit maxDepth=256", json.getMessage());
    }

    @Test
    void shouldRejectLongRegexesStringsListsAndExpressions()
    {
        final FilterLimits limits = new FilterLimits(64, 16, 8, 3, 10, 40);
        assertDoesNotThrow(() -> Filter.parse("a matches \"^[a-z]+$\"", limits));
        assertEquals("column 11: regex is 9 characters, longer than the limit maxRegexLength=8",
            assertThrows(FilterException.class, () -> Filter.parse("a matches \"^[a-z]+x$\"", limits)).getMessage());
        assertEquals("column 6: string is 11 characters, longer than the limit maxStringLength=10",
            assertThrows(FilterException.class, () -> Filter.parse("a == \"hello world\"", limits)).getMessage());
        assertEquals("column 16: list has more than 3 values, the limit maxListSize=3",
            assertThrows(FilterException.class, () -> Filter.parse("a in [1, 2, 3, 4]", limits)).getMessage());
        final String longText = "a == 1 && b == 2 && c == 3 && d == 4 && e == 5";
        assertEquals("column 41: expression is " + longText.length() + " characters, longer than the limit maxLength=40",
            assertThrows(FilterException.class, () -> Filter.parse(longText, limits)).getMessage());
    }

    @Test
    void shouldApplyTheSameLimitsToTheJsonForm()
    {
        final FilterLimits limits = new FilterLimits(4, 16, 8, 3, 10, 40);
        final List<Object> conditions = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            conditions.add(Map.of("field", "a" + i, "op", "==", "value", i));
        }
        final Map<String, Object> group = new LinkedHashMap<>();
        group.put("operator", "OR");
        group.put("conditions", conditions);
        final FilterException nodes = assertThrows(FilterException.class, () -> Filter.fromJson(group, limits));
        assertEquals("conditions[2]", nodes.path());
        assertEquals("conditions[2]: filter has more than 4 nodes (comparisons, AND/OR joins, NOT), the limit " +
            "maxNodes=4", nodes.getMessage());
        assertEquals("value: list has 4 values, more than the limit maxListSize=3", assertThrows(FilterException.class,
            () -> Filter.fromJson(Map.of("field", "a", "op", "in", "value", List.of(1, 2, 3, 4)), limits)).getMessage());
        assertEquals("value: regex is 9 characters, longer than the limit maxRegexLength=8",
            assertThrows(FilterException.class, () -> Filter.fromJson(Map.of("field", "a", "op", "matches", "value",
            "^[a-z]+x$"), limits)).getMessage());
    }
}
