package io.ringcast.engine.event;

import static io.ringcast.engine.event.JsonValidatorFixtures.bytes;
import static io.ringcast.engine.event.JsonValidatorFixtures.show;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Each rule of {@link JsonValidator}, with the offset and reason it reports. */
class JsonValidatorTest
{
    private final JsonValidator validator = new JsonValidator();

    @ParameterizedTest
    @ValueSource(strings = {
        "true", "false", "null", "0", "-0", "7", "-12", "1.5", "-0.25", "1e3", "1E3", "1e+3", "1e-3", "0.5E-07",
        "123456789012345678901234567890", "1e999", "\"\"", "\"plain\"", "[]", "{}", "[[]]", "{\"a\":{}}",
        "[1,\"two\",true,false,null,{},[]]", "{\"a\":1,\"b\":[1,2,{\"c\":null}],\"d\":\"e\"}",
        " \t\n\r{ \"a\" : [ 1 , 2 ] }\r\n\t ", "\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"",
        "\"\\u0041\\u00e9\\uD83D\\uDE00\"",
        "\"caf\u00e9 \u4e2d \ud83d\ude00\"", "\"\u007f\"", "{\"dup\":1,\"dup\":2}", "\"\\ud800\"", "[-1.0e+10,0,-0.0]"})
    void shouldAcceptValidJson(final String text)
    {
        assertTrue(validate(text.getBytes(StandardCharsets.UTF_8)), () -> text + ": " + validator.errorReason() +
            " at " + validator.errorOffset());
        assertEquals(JsonValidator.OK, validator.errorReason());
        assertEquals(-1, validator.errorOffset());
    }

    static List<Arguments> invalid()
    {
        final List<Arguments> cases = new ArrayList<>();
        add(cases, "", JsonValidator.EMPTY, 0);
        add(cases, " \n\t\r", JsonValidator.EMPTY, 4);

        add(cases, "{", JsonValidator.UNEXPECTED_END, 1);
        add(cases, "[1,", JsonValidator.UNEXPECTED_END, 3);
        add(cases, "[1", JsonValidator.UNEXPECTED_END, 2);
        add(cases, "{\"a\"", JsonValidator.UNEXPECTED_END, 4);
        add(cases, "{\"a\":", JsonValidator.UNEXPECTED_END, 5);
        add(cases, "tru", JsonValidator.UNEXPECTED_END, 3);
        add(cases, "[nul", JsonValidator.UNEXPECTED_END, 4);

        add(cases, "[1,]", JsonValidator.UNEXPECTED_CHARACTER, 3);
        add(cases, "{\"a\":1,}", JsonValidator.UNEXPECTED_CHARACTER, 7);
        add(cases, "{\"a\"}", JsonValidator.UNEXPECTED_CHARACTER, 4);
        add(cases, "{a:1}", JsonValidator.UNEXPECTED_CHARACTER, 1);
        add(cases, "{,}", JsonValidator.UNEXPECTED_CHARACTER, 1);
        add(cases, "[1 2]", JsonValidator.UNEXPECTED_CHARACTER, 3);
        add(cases, "[}", JsonValidator.UNEXPECTED_CHARACTER, 1);
        add(cases, "{\"a\":1]", JsonValidator.UNEXPECTED_CHARACTER, 6);
        add(cases, "[{]}", JsonValidator.UNEXPECTED_CHARACTER, 2);
        add(cases, "'a'", JsonValidator.UNEXPECTED_CHARACTER, 0);
        add(cases, "trUe", JsonValidator.UNEXPECTED_CHARACTER, 2);
        add(cases, "True", JsonValidator.UNEXPECTED_CHARACTER, 0);
        add(cases, "NaN", JsonValidator.UNEXPECTED_CHARACTER, 0);
        add(cases, "Infinity", JsonValidator.UNEXPECTED_CHARACTER, 0);
        add(cases, ".5", JsonValidator.UNEXPECTED_CHARACTER, 0);
        add(cases, "+1", JsonValidator.UNEXPECTED_CHARACTER, 0);
        add(cases, "/*c*/1", JsonValidator.UNEXPECTED_CHARACTER, 0);
        add(cases, "\u000b1", JsonValidator.UNEXPECTED_CHARACTER, 0);
        add(cases, "[1,\f2]", JsonValidator.UNEXPECTED_CHARACTER, 3);
        add(cases, bytes("", 0xEF, 0xBB, 0xBF, '{', '}'), JsonValidator.UNEXPECTED_CHARACTER, 0);
        add(cases, bytes("", 0xC3, 0xA9), JsonValidator.UNEXPECTED_CHARACTER, 0);

        add(cases, "\"abc", JsonValidator.UNTERMINATED_STRING, 0);
        add(cases, "[\"abc", JsonValidator.UNTERMINATED_STRING, 1);
        add(cases, "\"a\\", JsonValidator.UNTERMINATED_STRING, 0);
        add(cases, "\"\\u12", JsonValidator.UNTERMINATED_STRING, 0);
        add(cases, "\"a\\\"", JsonValidator.UNTERMINATED_STRING, 0);

        add(cases, "\"a\u0001\"", JsonValidator.CONTROL_CHARACTER, 2);
        add(cases, "\"a\tb\"", JsonValidator.CONTROL_CHARACTER, 2);
        add(cases, "{\"a\nb\":1}", JsonValidator.CONTROL_CHARACTER, 3);
        add(cases, bytes("\"", 0x00, '"'), JsonValidator.CONTROL_CHARACTER, 1);

        add(cases, "\"\\x\"", JsonValidator.BAD_ESCAPE, 1);
        add(cases, "\"ab\\'\"", JsonValidator.BAD_ESCAPE, 3);
        add(cases, "\"\\u12G4\"", JsonValidator.BAD_ESCAPE, 1);
        add(cases, "\"\\u12\"", JsonValidator.BAD_ESCAPE, 1);
        add(cases, "\"\\U0041\"", JsonValidator.BAD_ESCAPE, 1);

        add(cases, "01", JsonValidator.BAD_NUMBER, 1);
        add(cases, "[-01]", JsonValidator.BAD_NUMBER, 3);
        add(cases, "-", JsonValidator.BAD_NUMBER, 1);
        add(cases, "-a", JsonValidator.BAD_NUMBER, 1);
        add(cases, "-Infinity", JsonValidator.BAD_NUMBER, 1);
        add(cases, "1.", JsonValidator.BAD_NUMBER, 2);
        add(cases, "1.e3", JsonValidator.BAD_NUMBER, 2);
        add(cases, "1e", JsonValidator.BAD_NUMBER, 2);
        add(cases, "1e+", JsonValidator.BAD_NUMBER, 3);
        add(cases, "[1E-x]", JsonValidator.BAD_NUMBER, 4);
        add(cases, "1.2.3", JsonValidator.BAD_NUMBER, 3);
        add(cases, "1e2e3", JsonValidator.BAD_NUMBER, 3);
        add(cases, "[1-2]", JsonValidator.BAD_NUMBER, 2);

        add(cases, "{} x", JsonValidator.TRAILING_CHARACTERS, 3);
        add(cases, "1 2", JsonValidator.TRAILING_CHARACTERS, 2);
        add(cases, "{}}", JsonValidator.TRAILING_CHARACTERS, 2);
        add(cases, "\"a\"\"b\"", JsonValidator.TRAILING_CHARACTERS, 3);
        add(cases, "truex", JsonValidator.TRAILING_CHARACTERS, 4);
        add(cases, "0x1F", JsonValidator.TRAILING_CHARACTERS, 1);
        add(cases, bytes("{}", 0x00), JsonValidator.TRAILING_CHARACTERS, 2);

        for (final int[] sequence : Utf8Cases.MALFORMED)
        {
            final int[] withQuote = java.util.Arrays.copyOf(sequence, sequence.length + 1);
            withQuote[sequence.length] = '"';
            add(cases, bytes("[\"ok", withQuote), JsonValidator.INVALID_UTF8, 4);
        }
        return cases;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void shouldRefuseWithReasonAndOffset(final String shown, final byte[] bytes, final String reason, final int offset)
    {
        assertFalse(validate(bytes), shown);
        assertEquals(reason, validator.errorReason(), shown);
        assertEquals(offset, validator.errorOffset(), shown);
    }

    @Test
    void shouldAcceptNestingUpToTheLimitAndRefuseOneDeeper()
    {
        final int max = JsonValidator.MAX_DEPTH;
        assertTrue(validate(nested(max)), validator::errorReason);

        assertFalse(validate(nested(max + 1)));
        assertEquals(JsonValidator.TOO_DEEP, validator.errorReason());
        assertEquals("nesting deeper than 256", validator.errorReason());
        assertEquals(nested(max + 1).length / 2 - 1, validator.errorOffset(), "the bracket that went too deep");
    }

    @Test
    void shouldRefuseDeepNestingWithoutRecursingOnHugeInput()
    {
        final byte[] bytes = "[".repeat(1_000_000).getBytes(StandardCharsets.US_ASCII);

        assertFalse(validate(bytes));
        assertEquals(JsonValidator.TOO_DEEP, validator.errorReason());
        assertEquals(JsonValidator.MAX_DEPTH, validator.errorOffset());
    }

    @Test
    void shouldTrackObjectsAndArraysAcrossStackWordBoundaries()
    {
        // alternate objects and arrays for the full depth, so every bit of every stack word is used both ways
        final StringBuilder open = new StringBuilder();
        final StringBuilder close = new StringBuilder();
        for (int d = 0; d < JsonValidator.MAX_DEPTH; d++)
        {
            final boolean object = (d * 7 % 3) == 0;
            open.append(object ? "{\"k\":" : "[0,");
            close.insert(0, object ? "}" : "]");
        }
        final String text = open + "1" + close;
        assertTrue(validate(text.getBytes(StandardCharsets.US_ASCII)), validator::errorReason);

        final String wrongCloser = open + "1" + close.substring(0, 100) + (close.charAt(100) == '}' ? "]" : "}");
        assertFalse(validate(wrongCloser.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(JsonValidator.UNEXPECTED_CHARACTER, validator.errorReason());
        assertEquals(open.length() + 1 + 100, validator.errorOffset());
    }

    @Test
    void shouldReportOffsetsRelativeToTheRangeAndReadNothingAroundIt()
    {
        final byte[] bytes = "xx[1,}yy".getBytes(StandardCharsets.US_ASCII);

        assertFalse(validator.validate(new UnsafeBuffer(bytes), 2, 4));
        assertEquals(JsonValidator.UNEXPECTED_CHARACTER, validator.errorReason());
        assertEquals(3, validator.errorOffset());

        final byte[] open = "[\"a".getBytes(StandardCharsets.US_ASCII);
        final CodecFixtures.GuardedBuffer guarded = CodecFixtures.guarded(open, 5);
        assertFalse(validator.validate(guarded, guarded.lo(), open.length));
        assertEquals(JsonValidator.UNTERMINATED_STRING, validator.errorReason());
        assertEquals(1, validator.errorOffset());
    }

    @Test
    void shouldClearTheLastErrorOnSuccess()
    {
        assertFalse(validate("[".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(validate("[]".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(JsonValidator.OK, validator.errorReason());
        assertEquals(-1, validator.errorOffset());
    }

    private boolean validate(final byte[] bytes)
    {
        return validator.validate(CodecFixtures.exactWindow(bytes, 3), 0, bytes.length);
    }

    private static byte[] nested(final int depth)
    {
        return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.US_ASCII);
    }

    private static void add(final List<Arguments> cases, final String text, final String reason, final int offset)
    {
        add(cases, text.getBytes(StandardCharsets.UTF_8), reason, offset);
    }

    private static void add(final List<Arguments> cases, final byte[] bytes, final String reason, final int offset)
    {
        cases.add(Arguments.of(show(bytes) + " -> " + reason + " at " + offset, bytes, reason, offset));
    }
}
