package io.ringcast.engine.filter;

import org.junit.jupiter.api.Test;

import static io.ringcast.engine.filter.FilterHarness.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterParseTest
{
    private static FilterException error(final String expression)
    {
        return assertThrows(FilterException.class, () -> Filter.parse(expression), expression);
    }

    private static void assertError(final String expression, final int column, final String message)
    {
        final FilterException ex = error(expression);
        assertEquals(column, ex.column(), () -> expression + " -> " + ex.getMessage());
        assertEquals("column " + column + ": " + message, ex.getMessage());
    }

    @Test
    void shouldPrintCanonicalFormThatParsesBackEqual()
    {
        final String[][] cases = {
            {"providerName==\"openai\"&&severity in[\"high\",\"critical\"]",
                "providerName == \"openai\" && severity in [\"high\", \"critical\"]"},
            {"!(capability contains \"vision\") || score >= 0.75", "!(capability contains \"vision\") || score >= 0.75"},
            {"a == 1 || b == 2 && c == 3", "a == 1 || (b == 2 && c == 3)"},
            {"(a == 1 || b == 2) && c == 3", "(a == 1 || b == 2) && c == 3"},
            {"a == 1 && (b == 2 && c == 3)", "a == 1 && (b == 2 && c == 3)"},
            {"((a == 1))", "a == 1"},
            {"! ! a == 1", "!!(a == 1)"},
            {"n > -1.5e3 && m < 1E-2 && k == -0", "n > -1500.0 && m < 0.01 && k == 0"},
            {"s == \"tab\\there \\\"q\\\" \\\\ \\u00e9 \\u0001 \\/\"", "s == \"tab\\there \\\"q\\\" \\\\ \u00e9 \\u0001 /\""},
            {"priority >= \"high\" && priority in [0, \"Critical\"]", "priority >= \"HIGH\" && priority in [\"LOW\", \"CRITICAL\"]"},
            {"ts > \"2024-01-01T00:00:00Z\"", "ts > 1704067200000"},
            {"a CONTAINS \"x\" && a StartsWith \"y\" && a !Contains \"z\"", "a contains \"x\" && a startsWith \"y\" && a !contains \"z\""},
            {"b == true || b != false", "b == true || b != false"},
        };
        for (final String[] c : cases)
        {
            final Filter filter = parse(c[0]);
            assertEquals(c[1], filter.toString(), c[0]);
            assertEquals(filter, parse(filter.toString()));
            assertEquals(filter.hashCode(), parse(filter.toString()).hashCode());
        }
    }

    @Test
    void shouldCompileEqualFormsToEqualTreesAndDifferentFormsToDifferentTrees()
    {
        assertEquals(parse("priority >= \"high\""), parse("priority >= 2"));
        assertEquals(parse("ts == \"1970-01-01T00:00:01Z\""), parse("ts == 1000"));
        assertEquals(parse("a == 1 && b == 2"), parse("(a == 1) && ((b == 2))"));
        assertNotEquals(parse("a == 1 && b == 2"), parse("b == 2 && a == 1"));
        assertNotEquals(parse("a == 1"), parse("a == 1.0"));
        assertNotEquals(parse("a != 1"), parse("!(a == 1)"));
        assertNotEquals(parse("a == 1 && b == 2 && c == 3"), parse("a == 1 && (b == 2 && c == 3)"));
    }

    @Test
    void shouldCountNodesAsComparisonsJoinsAndNegations()
    {
        assertEquals(1, parse("a == 1").nodeCount());
        assertEquals(5, parse("a == 1 && b == 2 && c == 3").nodeCount());
        assertEquals(7, parse("!(a == 1 || b == 2) && !c in [1, 2, 3]").nodeCount());
        assertEquals(3, parse("a == 1 && (b == 2 || c == 3)").depth());
    }

    @Test
    void shouldReportUnknownOperatorWithColumn()
    {
        assertError("severity =~ \"x\"", 10, "expected a comparison operator after 'severity', found '=~'");
        assertError("x == 1 && severity =~ \"high\"", 20, "expected a comparison operator after 'severity', found '=~'");
        assertError("a is \"x\"", 3, "expected a comparison operator after 'a', found 'is'");
        assertError("a <> 1", 3, "expected a comparison operator after 'a', found '<>'");
        assertError("a !startsWith \"x\"", 3, "expected a comparison operator after 'a', found '!startsWith' " +
            "(negated operators are !=, !contains and !in)");
        assertError("a", 2, "expected a comparison operator after 'a', found end of input");
        assertError("a \"x\"", 3, "expected a comparison operator after 'a', found a string");
    }

    @Test
    void shouldReportMalformedStringsWithColumn()
    {
        assertError("a == \"abc", 6, "unterminated string: no closing '\"' before end of input");
        assertError("a == \"abc\\", 6, "unterminated string: no closing '\"' before end of input");
        assertError("a == \"x\\qy\"", 8, "invalid escape '\\q' in string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t " +
            "\\uXXXX)");
        assertError("a == \"\\u12g4\"", 7, "invalid escape in string: \\u needs four hex digits");
        assertError("a == \"\\ud800\"", 6, "string holds an unpaired surrogate \\ud800 at index 0 (not valid UTF-8)");
    }

    @Test
    void shouldReportUnbalancedParenthesesAndTrailingInput()
    {
        assertError("(a == 1", 8, "expected '&&', '||' or ')' to close the '(' at column 1, found end of input");
        assertError("(a == 1 b", 9, "expected '&&', '||' or ')' to close the '(' at column 1, found 'b'");
        assertError("a == 1)", 7, "unbalanced ')': no '(' is open");
        assertError("a == 1 b == 2", 8, "expected '&&', '||' or end of input, found 'b'");
        assertError("a == 1 & b == 2", 8, "expected '&&', '||' or end of input, found '&'");
        assertError("a == 1 &&", 10, "expected a comparison, '(' or '!', found end of input");
        assertError("()", 2, "expected a comparison, '(' or '!', found ')'");
        assertError("&& a == 1", 1, "expected a comparison (like name == \"value\"), '(' or '!', found '&&'");
    }

    @Test
    void shouldReportMissingAndMalformedValues()
    {
        assertError("a ==", 5, "expected a value after '==', found end of input");
        assertError("a == foo", 6, "expected a value after '==', found 'foo' (strings need double quotes)");
        assertError("a == 1.", 8, "expected a digit after '.' in the number, found end of input");
        assertError("a == 1e+", 9, "expected a digit in the exponent of the number, found end of input");
        assertError("a == -x", 7, "expected a digit in the number, found 'x'");
        assertError("a == 9223372036854775808", 6, "integer 9223372036854775808 is outside the long range (write " +
            "9223372036854775808.0 for a double)");
        assertError("a == 1e999", 6, "number 1e999 is outside the double range");
        assertError("a in [1, ]", 10, "expected a value after ',', found ']'");
        assertError("a in [1 2]", 9, "expected ',' or ']' in the list, found '2'");
        assertError("a in [1, [2]]", 10, "lists cannot be nested");
        assertError("a in [\"x\"", 10, "expected ',' or ']' in the list, found end of input");
    }

    @Test
    void shouldRejectNonsenseComparisonsWhenCompiling()
    {
        assertError("a > true", 5, "'>' needs a number or string value, found true");
        assertError("a matches 3", 11, "'matches' needs a string value, found 3");
        assertError("a contains false", 12, "'contains' needs a string value, found false");
        assertError("ts contains \"1\"", 4, "'contains' applies to string attributes, topic and id, not to 'ts' (a number)");
        assertError("priority matches \"H\"", 10, "'matches' applies to string attributes, topic and id, not to " +
            "'priority' (a number)");
        assertError("a in []", 6, "empty list: 'in' needs at least one value");
        assertError("a in \"x\"", 6, "'in' needs a list of values like [\"a\", \"b\"], found \"x\"");
        assertError("a == [1]", 6, "'==' needs a single value, found a list (use 'in' for a list)");
        assertError("priority == \"urgent\"", 13, "priority must be LOW, NORMAL, HIGH or CRITICAL (any case) or 0..3, " +
            "found \"urgent\"");
        assertError("priority in [1, 4]", 17, "priority must be LOW, NORMAL, HIGH or CRITICAL (any case) or 0..3, " +
            "found 4");
        assertError("ts > \"yesterday\"", 6, "ts needs epoch milliseconds (an integer) or an ISO-8601 instant like " +
            "\"2024-05-01T12:00:00Z\", found \"yesterday\"");
        assertError("ts > 1.5", 6, "ts needs epoch milliseconds (an integer) or an ISO-8601 instant like " +
            "\"2024-05-01T12:00:00Z\", found 1.5");
        assertError("topic == 3", 10, "'topic' is a string; '==' needs a string value, found 3");
        assertError("id in [\"a\", true]", 13, "'id' is a string; 'in' needs a string value, found true");
        final FilterException regex = error("name matches \"(gpt\"");
        assertEquals(14, regex.column());
        assertTrue(regex.getMessage().startsWith("column 14: invalid regex: "), regex.getMessage());
        assertTrue(error("a matches \"((a{999}){999}){999}\"").getMessage().contains("regex is too complex"));
        assertTrue(error("a matches \"(x{99}){99}\"").getMessage().contains("regex is too complex"));
    }
}
