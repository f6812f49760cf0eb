package io.ringcast.engine.event;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Random JSON texts, mutations of them, and Jackson as the reference parser, for {@link JsonValidator}'s tests.
 * Test thread only.
 * <p>
 * Jackson's leniencies, found by these tests and accounted for in {@link #reference}:
 * <ul>
 *   <li>{@code readTree} of zero bytes or whitespace only answers a missing node, not an error:
 *   {@link Verdict#EMPTY}.</li>
 *   <li>{@code readTree(byte[])} skips a leading UTF-8 byte order mark, detects UTF-16/32 from zero bytes in the
 *   first four, and accepts overlong sequences (C0 AF) and lead bytes above F4 inside strings. So the reference
 *   decodes the bytes with the JDK's strict UTF-8 decoder first ({@link Verdict#NOT_UTF8} when it refuses) and
 *   hands Jackson the text, where a byte order mark is an unexpected character as it is for the validator.</li>
 *   <li>Jackson's {@code StreamReadConstraints} refuse numbers longer than 1000 digits and nesting deeper than
 *   1000, which JSON itself allows; generated texts stay far below both.</li>
 * </ul>
 */
final class JsonValidatorFixtures
{
    /** What the reference says about some bytes. */
    enum Verdict
    {
        VALID, INVALID, EMPTY, NOT_UTF8
    }

    /** Bytes mutations insert or write: JSON's structure, number and literal letters, and troublemakers. */
    private static final byte[] INTERESTING = bytes(
        "{}[]:,\"\\/ \t\n\r0123456789-+.eEtrufalsnu'xA",
        0x00, 0x01, 0x0B, 0x0C, 0x1F, 0x7F, 0x80, 0xA9, 0xBB, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xEF, 0xF0, 0xF5, 0xFF);
    /** Mostly the ASCII of JSON's structure, so noise is sometimes valid and mostly fails on grammar, not encoding. */
    private static final byte[] STRUCTURE = bytes("{}[]:,\"\"\"\\ 0123-.eEtrue");
    private static final String[] WHITESPACE = {"", "", "", " ", "\n", "\t", "\r\n  "};
    private static final String[] NON_ASCII = {"\u00e9", "\u4e2d", "\ud83d\ude00", "\u00a0", "\u2028", "\ufeff"};
    private static final String[] SIMPLE_ESCAPES = {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"};
    private static final String HEX = "0123456789abcdefABCDEF";

    private static final ObjectMapper MAPPER =
        new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonValidatorFixtures()
    {
    }

    /** A random JSON text: a tree of up to {@code maxDepth} levels, with random whitespace, escapes and numbers. */
    static byte[] json(final Random random, final int maxDepth)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(whitespace(random));
        value(random, sb, random.nextInt(maxDepth + 1));
        sb.append(whitespace(random));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code valid} with one to three random byte flips, truncations, insertions or deletions. */
    static byte[] mutate(final Random random, final byte[] valid)
    {
        byte[] bytes = valid;
        for (int n = 1 + random.nextInt(3); n > 0; n--)
        {
            final int kind = random.nextInt(4);
            if (kind == 0 && bytes.length > 0)
            {
                bytes = bytes.clone();
                bytes[random.nextInt(bytes.length)] = pick(random);
            }
            else if (kind == 1 && bytes.length > 0)
            {
                bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            else if (kind == 2)
            {
                final int at = random.nextInt(bytes.length + 1);
                final byte[] longer = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, longer, 0, at);
                longer[at] = pick(random);
                System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                bytes = longer;
            }
            else if (bytes.length > 0)
            {
                final int at = random.nextInt(bytes.length);
                final byte[] shorter = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, shorter, 0, at);
                System.arraycopy(bytes, at + 1, shorter, at, shorter.length - at);
                bytes = shorter;
            }
        }
        return bytes;
    }

    /** Up to {@code maxLength} bytes drawn mostly from JSON's structural ASCII: JSON-shaped noise. */
    static byte[] soup(final Random random, final int maxLength)
    {
        final byte[] bytes = new byte[random.nextInt(maxLength + 1)];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = random.nextInt(20) == 0 ? pick(random) : STRUCTURE[random.nextInt(STRUCTURE.length)];
        }
        return bytes;
    }

    /** Jackson's strict answer on {@code bytes}, with its leniencies removed (see the class comment). */
    static Verdict reference(final byte[] bytes)
    {
        final String text;
        try
        {
            text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        }
        catch (final CharacterCodingException ex)
        {
            return Verdict.NOT_UTF8;
        }
        try
        {
            final JsonNode node = MAPPER.readTree(text);
            return node == null || node.isMissingNode() ? Verdict.EMPTY : Verdict.VALID;
        }
        catch (final JsonProcessingException ex)
        {
            return Verdict.INVALID;
        }
    }

    /** Bytes shown for a failure message: printable ASCII as is, others as \xNN. */
    static String show(final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder();
        for (final byte b : bytes)
        {
            if (b >= 0x20 && b < 0x7F)
            {
                sb.append((char)b);
            }
            else
            {
                sb.append(String.format("\\x%02X", b & 0xFF));
            }
        }
        return sb.toString();
    }

    static byte[] bytes(final String ascii, final int... more)
    {
        final byte[] head = ascii.getBytes(StandardCharsets.ISO_8859_1);
        final byte[] out = Arrays.copyOf(head, head.length + more.length);
        for (int i = 0; i < more.length; i++)
        {
            out[head.length + i] = (byte)more[i];
        }
        return out;
    }

    private static void value(final Random random, final StringBuilder sb, final int depth)
    {
        final int kind = random.nextInt(depth > 0 ? 8 : 6);
        switch (kind)
        {
            case 0 -> string(random, sb);
            case 1 -> number(random, sb);
            case 2 -> sb.append("true");
            case 3 -> sb.append("false");
            case 4 -> sb.append("null");
            case 5 -> sb.append(random.nextBoolean() ? "{}" : "[]");
            case 6 ->
            {
                sb.append('{');
                final int members = random.nextInt(4);
                for (int i = 0; i < members; i++)
                {
                    sb.append(i > 0 ? "," : "").append(whitespace(random));
                    string(random, sb);
                    sb.append(whitespace(random)).append(':').append(whitespace(random));
                    value(random, sb, depth - 1);
                    sb.append(whitespace(random));
                }
                sb.append('}');
            }
            default ->
            {
                sb.append('[');
                final int elements = random.nextInt(4);
                for (int i = 0; i < elements; i++)
                {
                    sb.append(i > 0 ? "," : "").append(whitespace(random));
                    value(random, sb, depth - 1);
                    sb.append(whitespace(random));
                }
                sb.append(']');
            }
        }
    }

    private static void string(final Random random, final StringBuilder sb)
    {
        sb.append('"');
        for (int n = random.nextInt(8); n > 0; n--)
        {
            final int kind = random.nextInt(10);
            if (kind < 5)
            {
                // printable ASCII but the two that must be escaped
                char c;
                do
                {
                    c = (char)(0x20 + random.nextInt(0x5F));
                }
                while (c == '"' || c == '\\');
                sb.append(c);
            }
            else if (kind == 5)
            {
                sb.append(SIMPLE_ESCAPES[random.nextInt(SIMPLE_ESCAPES.length)]);
            }
            else if (kind == 6)
            {
                sb.append("\\u");
                for (int k = 0; k < 4; k++)
                {
                    sb.append(HEX.charAt(random.nextInt(HEX.length())));
                }
            }
            else if (kind == 7)
            {
                sb.append('\u007f');
            }
            else
            {
                sb.append(NON_ASCII[random.nextInt(NON_ASCII.length)]);
            }
        }
        sb.append('"');
    }

    private static void number(final Random random, final StringBuilder sb)
    {
        if (random.nextBoolean())
        {
            sb.append('-');
        }
        if (random.nextInt(4) == 0)
        {
            sb.append('0');
        }
        else
        {
            sb.append((char)('1' + random.nextInt(9)));
            digits(random, sb, random.nextInt(6));
        }
        if (random.nextInt(3) == 0)
        {
            sb.append('.');
            digits(random, sb, 1 + random.nextInt(4));
        }
        if (random.nextInt(3) == 0)
        {
            sb.append(random.nextBoolean() ? 'e' : 'E');
            final int sign = random.nextInt(3);
            sb.append(sign == 0 ? "" : sign == 1 ? "+" : "-");
            digits(random, sb, 1 + random.nextInt(3));
        }
    }

    private static void digits(final Random random, final StringBuilder sb, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            sb.append((char)('0' + random.nextInt(10)));
        }
    }

    private static String whitespace(final Random random)
    {
        return WHITESPACE[random.nextInt(WHITESPACE.length)];
    }

    private static byte pick(final Random random)
    {
        return random.nextInt(10) < 8 ? INTERESTING[random.nextInt(INTERESTING.length)] : (byte)random.nextInt(256);
    }
}
