package io.ringcast.engine.filter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static io.ringcast.engine.filter.FilterHarness.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FilterJsonTest
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Filter json(final String text) throws Exception
    {
        return Filter.fromJson(MAPPER.readValue(text.replace('\'', '"'), Object.class), FilterLimits.DEFAULT);
    }

    private static void assertJsonError(final String text, final String path, final String message) throws Exception
    {
        final Object tree = MAPPER.readValue(text.replace('\'', '"'), Object.class);
        final FilterException ex = assertThrows(FilterException.class, () -> Filter.fromJson(tree, FilterLimits.DEFAULT));
        assertEquals(path, ex.path(), ex::getMessage);
        assertEquals(-1, ex.column());
        assertEquals(path.isEmpty() ? message : path + ": " + message, ex.getMessage());
    }

    @Test
    void shouldCompileToTheSameTreeAsTheStringForm() throws Exception
    {
        assertEquals(parse("providerName == \"openai\" && severity in [\"high\", \"critical\"]"),
            json("{'operator':'AND','conditions':[{'field':'providerName','op':'equals','value':'openai'}," +
                "{'field':'severity','op':'in','value':['high','critical']}]}"));
        assertEquals(parse("!(capability contains \"vision\") || score >= 0.75"),
            json("{'operator':'or','conditions':[{'operator':'Not','condition':{'field':'capability','op':'contains'," +
                "'value':'vision'}},{'field':'score','op':'greaterThanOrEquals','value':0.75}]}"));
        assertEquals(parse("!(a != 1)"),
            json("{'operator':'NOT','conditions':[{'field':'a','op':'NOTEQUALS','value':1}]}"));
        assertEquals(parse("a == 1 && (b < 2 || c !in [true, \"x\", 2.5])"),
            json("{'operator':'AND','conditions':[{'field':'a','op':'==','value':1},{'operator':'OR','conditions':[" +
                "{'field':'b','op':'<','value':2},{'field':'c','op':'!in','value':[true,'x',2.5]}]}]}"));
        assertEquals(parse("name matches \"^gpt\""), json("{'field':'name','op':'matches','value':'^gpt'}"));
        assertEquals(parse("a == 1"), json("{'operator':'AND','conditions':[{'field':'a','op':'equals','value':1}]}"));
        assertEquals(parse("priority >= \"high\" && ts < \"2024-01-01T00:00:00Z\""),
            json("{'operator':'AND','conditions':[{'field':'priority','op':'greaterThanOrEquals','value':2}," +
                "{'field':'ts','op':'lessThan','value':1704067200000}]}"));
    }

    @Test
    void shouldAcceptEveryOperatorNameAndSymbol() throws Exception
    {
        final String[][] names = {{"equals", "=="}, {"notEquals", "!="}, {"contains", "contains"},
            {"notContains", "!contains"}, {"startsWith", "startsWith"}, {"endsWith", "endsWith"},
            {"greaterThan", ">"}, {"greaterThanOrEquals", ">="}, {"lessThan", "<"}, {"lessThanOrEquals", "<="},
            {"matches", "matches"}};
        for (final String[] n : names)
        {
            final Filter expected = parse("s " + n[1] + " \"x\"");
            assertEquals(expected, json("{'field':'s','op':'" + n[0] + "','value':'x'}"));
            assertEquals(expected, json("{'field':'s','op':'" + n[0].toUpperCase() + "','value':'x'}"));
            assertEquals(expected, json("{'field':'s','op':'" + n[1] + "','value':'x'}"));
        }
        assertEquals(parse("s in [\"x\"]"), json("{'field':'s','op':'in','value':['x']}"));
        assertEquals(parse("s !in [\"x\"]"), json("{'field':'s','op':'notIn','value':['x']}"));
    }

    @Test
    void shouldTreatIntegersAsLongsAndOtherNumbersAsDoubles() throws Exception
    {
        final ObjectMapper bigDecimals = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        final Object tree = bigDecimals.readValue("{\"field\":\"n\",\"op\":\"in\",\"value\":[1, 2.5, 1e3, " +
            "9223372036854775807]}", Object.class);
        assertEquals(parse("n in [1, 2.5, 1000.0, 9223372036854775807]"), Filter.fromJson(tree, FilterLimits.DEFAULT));
        assertEquals(parse("n == 3"), Filter.fromJson(Map.of("field", "n", "op", "==", "value", (short)3),
            FilterLimits.DEFAULT));
        assertEquals(parse("n == 3"), Filter.fromJson(Map.of("field", "n", "op", "==", "value", BigInteger.valueOf(3)),
            FilterLimits.DEFAULT));
        assertEquals(parse("n == 3"), Filter.fromJson(Map.of("field", "n", "op", "==", "value", new BigDecimal("3")),
            FilterLimits.DEFAULT));
        assertEquals(parse("n == 3.0"), Filter.fromJson(Map.of("field", "n", "op", "==", "value", new BigDecimal("3.0")),
            FilterLimits.DEFAULT));
        assertEquals(parse("n == 0.5"), Filter.fromJson(Map.of("field", "n", "op", "==", "value", 0.5f),
            FilterLimits.DEFAULT));
    }

    @Test
    void shouldCompileNullToMatchAll() throws Exception
    {
        assertSame(Filter.MATCH_ALL, Filter.fromJson(null, FilterLimits.DEFAULT));
    }

    @Test
    void shouldReportErrorsWithJsonPaths() throws Exception
    {
        assertJsonError("{'operator':'AND','conditions':[{'field':'a','op':'equals','value':1},{'field':'b','op':'=~'," +
            "'value':1}]}", "conditions[1].op", "unknown operator \"=~\" (expected equals, notEquals, contains, " +
            "notContains, startsWith, endsWith, greaterThan, greaterThanOrEquals, lessThan, lessThanOrEquals, in, " +
            "notIn, matches or ==, !=, >, >=, <, <=)");
        assertJsonError("{'operator':'XOR','conditions':[]}", "operator",
            "expected AND, OR or NOT, found \"XOR\" (leaf conditions use 'op')");
        assertJsonError("{'operator':'AND','conditions':[]}", "conditions",
            "AND needs a non-empty list of conditions, found a list");
        assertJsonError("{'operator':'NOT','conditions':[{'field':'a','op':'==','value':1},{'field':'a','op':'==','value':2}]}",
            "conditions", "NOT needs exactly one condition, found 2 conditions");
        assertJsonError("{'operator':'NOT'}", "", "NOT needs exactly one condition, in 'conditions' or 'condition'");
        assertJsonError("{'operator':'OR','conditions':[{'operator':'AND','conditions':[{'field':'a','op':'==','value':1}," +
            "{'field':'ts','op':'contains','value':'x'}]}]}", "conditions[0].conditions[1].op",
            "'contains' applies to string attributes, topic and id, not to 'ts' (a number)");
        assertJsonError("{'field':'a','op':'>','value':true}", "value", "'>' needs a number or string value, found true");
        assertJsonError("{'field':'a','op':'in','value':[1,[2]]}", "value[1]", "lists cannot be nested");
        assertJsonError("{'field':'a','op':'in','value':[1,null]}", "value[1]",
            "expected a string, number or boolean value, found null");
        assertJsonError("{'field':'priority','op':'in','value':['low','urgent']}", "value[1]",
            "priority must be LOW, NORMAL, HIGH or CRITICAL (any case) or 0..3, found \"urgent\"");
        assertJsonError("{'field':'a','op':'matches','value':'(x'}", "value",
            "invalid regex: error parsing regexp: missing closing ): `(x`");
        assertJsonError("{'field':'a','op':'=='}", "", "missing 'value'");
        assertJsonError("{'field':'a','value':1}", "", "missing 'op'");
        assertJsonError("{'field':'a b','op':'==','value':1}", "field",
            "field name 'a b' may hold only letters, digits, '_', '.' and '-'");
        assertJsonError("{'field':3,'op':'==','value':1}", "field", "expected the field name as a string, found 3");
        assertJsonError("{'field':'a','op':'==','value':1,'extra':true}", "extra",
            "unknown key 'extra' (a condition has field, op and value; a group has operator and conditions)");
        assertJsonError("{'operator':'AND','conditions':[3]}", "conditions[0]",
            "expected a condition {\"field\", \"op\", \"value\"} or a group {\"operator\", \"conditions\"}, found 3");
        assertJsonError("{'field':'a','op':'==','value':99999999999999999999}", "value",
            "integer 99999999999999999999 is outside the long range");
        assertJsonError("{}", "", "expected 'field' (a condition) or 'operator' (a group)");
        final FilterException notAMap = assertThrows(FilterException.class, () -> Filter.fromJson(List.of(), FilterLimits.DEFAULT));
        assertTrue(notAMap.getMessage().startsWith("expected a condition"), notAMap.getMessage());
    }
}
