package io.ringcast.transport.ws;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Random and mutated client input for the WebSocket JSON handler, as wire bytes (masked RFC 6455 frames).
 * {@link #next()} gives inputs a server must answer and survive on the same connection: one JSON answer per
 * complete text or binary message, one pong frame per ping frame. {@link #terminal()} gives inputs that must
 * end the connection with a given close status (broken UTF-8, oversized or malformed frames). Deterministic
 * for a seed; one thread only.
 */
final class WebSocketFuzzInputs
{
    /** Input answered on an open connection: {@code answers} JSON messages and {@code pongs} pong frames. */
    record Input(byte[] wire, int answers, int pongs, String description)
    {
    }

    /**
     * Input after which the server must send a close frame with {@code closeCodes[0]} (any code when empty) and
     * close; with {@code halfClose} the client then shuts its output and the server may also just close (the
     * input may have ended mid-frame).
     */
    record Terminal(byte[] wire, int[] closeCodes, boolean halfClose, String description)
    {
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] OPS = {"subscribe", "unsubscribe", "pause", "resume", "ping", "auth"};
    private static final String[] TOPICS = {"fuzz.a", "fuzz.*", "fuzz.>", ">", "fuzz.events.>", "models.openai.gpt-x",
        "users.*.tasks", "a.b.c.d.e.f.g.h", "*", "fuzz..a", "fuzz.>.a", "", " ", "fuzz.a*", "\u00e9t\u00e9.\u20ac"};
    private static final String[] FILTERS = {"severity == \"high\"", "n > 5 && ok == true",
        "providerName in [\"openai\", \"x\"] || !(n < 0)", "name matches \"^a.*b$\"", "topic startsWith \"fuzz.\"",
        "severity ==", "((((a == 1", "a == 1 &&", "x in []", "name matches \"(\"", "priority >= \"high\"",
        "\u0000 == 1", "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!a == 1"};
    private static final String[] JSON_FILTERS = {
        "{\"operator\":\"AND\",\"conditions\":[{\"field\":\"severity\",\"op\":\"equals\",\"value\":\"high\"}]}",
        "{\"operator\":\"XOR\",\"conditions\":[]}", "{\"field\":\"n\",\"op\":\"gt\",\"value\":3}",
        "{\"operator\":\"NOT\",\"conditions\":[{\"field\":\"ok\",\"op\":\"equals\",\"value\":true}]}"};
    private static final String[] TOKENS = {"\"", "\\", "{", "}", "[", "]", ":", ",", "null", "true", "1e999999",
        "-0", "\\u0000", "\\ud800", "\\udc00x", "\u00ff", "\ud83d\ude00", "\u0001", "\"op\"", "\"id\"", " ", "\n"};

    private final Random random;
    private final int maxFrameSize;

    WebSocketFuzzInputs(final Random random, final int maxFrameSize)
    {
        this.random = random;
        this.maxFrameSize = maxFrameSize;
    }

    /** The next input a server must answer without closing. */
    Input next()
    {
        final int kind = random.nextInt(100);
        if (kind < 12)
        {
            return text(validMessage().toString(), "valid");
        }
        if (kind < 32)
        {
            return text(mutateTree(validMessage()).toString(), "mutated fields");
        }
        if (kind < 52)
        {
            return text(mutateText(mutateTree(validMessage()).toString()), "mutated text");
        }
        if (kind < 62)
        {
            return text(randomText(1 + random.nextInt(200)), "random text");
        }
        if (kind < 72)
        {
            return fragmented(mutateTree(validMessage()).toString());
        }
        if (kind < 79)
        {
            final byte[] payload = random.nextBoolean() ? randomBytes(random.nextInt(300)) :
                validMessage().toString().getBytes(StandardCharsets.UTF_8);
            return new Input(RawFrameClient.frame(RawFrameClient.BINARY, payload, random), 1, 0, "binary " +
                payload.length + " bytes");
        }
        if (kind < 82)
        {
            return text(extreme(), "extreme");
        }
        if (kind < 90)
        {
            return new Input(RawFrameClient.frame(RawFrameClient.PING, randomBytes(random.nextInt(126)), random), 0, 1,
                "ping frame");
        }
        if (kind < 93)
        {
            return new Input(RawFrameClient.frame(RawFrameClient.PONG, randomBytes(random.nextInt(126)), random), 0, 0,
                "unsolicited pong frame");
        }
        if (kind < 95)
        {
            return text("", "empty text");
        }
        return text(mutateText(mutateText(validMessage().toString())), "twice mutated");
    }

    /** An input that must end the connection. */
    Terminal terminal()
    {
        final byte[] valid = validMessage().toString().getBytes(StandardCharsets.UTF_8);
        switch (random.nextInt(12))
        {
            case 0:
                return close(frame(RawFrameClient.TEXT, brokenUtf8(valid)), 1007, "broken UTF-8 text");
            case 1:
                final byte[] broken = brokenUtf8(valid);
                final int cut = random.nextInt(broken.length + 1);
                return close(concat(RawFrameClient.frame(false, 0, RawFrameClient.TEXT, Arrays.copyOf(broken, cut), true,
                    random), RawFrameClient.frame(true, 0, RawFrameClient.CONTINUATION,
                    Arrays.copyOfRange(broken, cut, broken.length), true, random)), 1007, "broken UTF-8 fragmented");
            case 2:
                return close(frame(random.nextBoolean() ? RawFrameClient.TEXT : RawFrameClient.BINARY,
                    padded(valid, maxFrameSize + 1 + random.nextInt(4096))), 1009, "oversized frame");
            case 3:
                final byte[] half = padded(valid, maxFrameSize / 2 + 1);
                return close(concat(RawFrameClient.frame(false, 0, RawFrameClient.TEXT, half, true, random),
                    RawFrameClient.frame(false, 0, RawFrameClient.CONTINUATION, padded(new byte[0], half.length), true,
                    random), RawFrameClient.frame(true, 0, RawFrameClient.CONTINUATION, new byte[]{' '}, true, random)),
                    1009, "oversized fragmented message");
            case 4:
                return close(RawFrameClient.frame(true, 0, RawFrameClient.TEXT, valid, false, random), 1002, "unmasked");
            case 5:
                return close(RawFrameClient.frame(true, 1 + random.nextInt(7), RawFrameClient.TEXT, valid, true, random),
                    1002, "reserved bits");
            case 6:
                final int[] reserved = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF};
                return close(frame(reserved[random.nextInt(reserved.length)], valid), 1002, "reserved opcode");
            case 7:
                return close(random.nextBoolean() ? RawFrameClient.frame(true, 0, RawFrameClient.CONTINUATION, valid, true,
                    random) : concat(RawFrameClient.frame(false, 0, RawFrameClient.TEXT, valid, true, random),
                    frame(RawFrameClient.BINARY, valid)), 1002, "continuation out of order");
            case 8:
                return close(random.nextBoolean() ? frame(RawFrameClient.PING, randomBytes(126 + random.nextInt(200))) :
                    RawFrameClient.frame(false, 0, RawFrameClient.PING, randomBytes(random.nextInt(10)), true, random),
                    1002, "bad control frame");
            case 9:
                final byte[] status = {(byte)(1000 >> 8), (byte)(1000 & 0xFF), 'b', 'y', 'e'};
                return new Terminal(frame(RawFrameClient.CLOSE, random.nextBoolean() ? status : new byte[0]), new int[0],
                    false, "client close");
            case 10:
                final byte[] head = frame(RawFrameClient.TEXT, valid);
                return new Terminal(Arrays.copyOf(head, 1 + random.nextInt(head.length - 1)), new int[0], true,
                    "truncated frame, then end of stream");
            default:
                return new Terminal(randomBytes(1 + random.nextInt(64)), new int[0], true,
                    "random bytes, then end of stream");
        }
    }

    /** A well-formed client message with plausible values. */
    ObjectNode validMessage()
    {
        final ObjectNode m = NODES.objectNode();
        final String op = OPS[random.nextInt(OPS.length)];
        m.put("op", op);
        switch (op)
        {
            case "subscribe":
                m.put("id", "s" + random.nextInt(8));
                m.put("topic", TOPICS[random.nextInt(6)]);
                if (random.nextBoolean())
                {
                    m.put("filter", FILTERS[random.nextInt(5)]);
                }
                if (random.nextBoolean())
                {
                    m.putObject("batch").put("max", 1 + random.nextInt(1000)).put("lingerMs", random.nextInt(20));
                }
                break;
            case "ping":
                break;
            case "auth":
                m.put("token", "eyJhbGciOiJIUzI1NiJ9." + randomAscii(random.nextInt(40)) + ".sig");
                break;
            default:
                m.put("id", "s" + random.nextInt(8));
                break;
        }
        return m;
    }

    /** Structural mutations: delete, retype, rename or add fields, reach for the optional fields. */
    ObjectNode mutateTree(final ObjectNode m)
    {
        for (int n = 1 + random.nextInt(3); n > 0; n--)
        {
            final List<String> names = new ArrayList<>();
            final Iterator<String> it = m.fieldNames();
            it.forEachRemaining(names::add);
            final String name = names.isEmpty() ? "op" : names.get(random.nextInt(names.size()));
            switch (random.nextInt(8))
            {
                case 0:
                    m.remove(name);
                    break;
                case 1:
                case 2:
                    m.set(name, randomValue(3));
                    break;
                case 3:
                    m.set(name.toUpperCase(), m.remove(name));
                    break;
                case 4:
                    m.set(randomAscii(1 + random.nextInt(8)), randomValue(2));
                    break;
                case 5:
                    final String[] optional = {"filter", "batch", "since", "epoch", "mode", "token", "topic", "id"};
                    m.set(optional[random.nextInt(optional.length)], randomValue(2));
                    break;
                case 6:
                    m.put("filter", random.nextBoolean() ? FILTERS[random.nextInt(FILTERS.length)] :
                        JSON_FILTERS[random.nextInt(JSON_FILTERS.length)]);
                    break;
                default:
                    m.put("op", random.nextInt(4) == 0 ? randomText(6) : OPS[random.nextInt(OPS.length)]);
                    break;
            }
        }
        return m;
    }

    /** Character-level damage: deletions, insertions of JSON punctuation and odd characters, truncation. */
    String mutateText(final String text)
    {
        final StringBuilder s = new StringBuilder(text);
        for (int n = 1 + random.nextInt(3); n > 0; n--)
        {
            final int at = s.length() == 0 ? 0 : random.nextInt(s.length());
            switch (random.nextInt(5))
            {
                case 0:
                    s.delete(at, Math.min(s.length(), at + 1 + random.nextInt(4)));
                    break;
                case 1:
                    s.insert(at, TOKENS[random.nextInt(TOKENS.length)]);
                    break;
                case 2:
                    s.setLength(at);
                    break;
                case 3:
                    s.insert(at, s.substring(at, Math.min(s.length(), at + random.nextInt(12))));
                    break;
                default:
                    s.insert(at, (char)random.nextInt(0x800));
                    break;
            }
            if (s.length() == 0)
            {
                break;
            }
        }
        return s.toString();
    }

    private Input text(final String text, final String kind)
    {
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        return new Input(frame(RawFrameClient.TEXT, utf8), 1, 0, kind + ": " + clip(text));
    }

    /** One message in 2..5 frames cut at random bytes (even inside a character), maybe with a ping between. */
    private Input fragmented(final String text)
    {
        final byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        final int parts = 2 + random.nextInt(4);
        final ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int pongs = 0;
        int from = 0;
        for (int p = 0; p < parts; p++)
        {
            final int to = p == parts - 1 ? utf8.length : from + random.nextInt(utf8.length - from + 1);
            wire.writeBytes(RawFrameClient.frame(p == parts - 1, 0, p == 0 ? RawFrameClient.TEXT :
                RawFrameClient.CONTINUATION, Arrays.copyOfRange(utf8, from, to), true, random));
            if (p < parts - 1 && random.nextInt(4) == 0)
            {
                wire.writeBytes(frame(RawFrameClient.PING, randomBytes(random.nextInt(20))));
                pongs++;
            }
            from = to;
        }
        return new Input(wire.toByteArray(), 1, pongs, "fragmented in " + parts + ": " + clip(text));
    }

    /** Deep nesting, huge numbers, long strings, many fields, duplicate keys: all within the frame limit. */
    private String extreme()
    {
        final int budget = maxFrameSize - 64;
        switch (random.nextInt(6))
        {
            case 0:
                final boolean arrays = random.nextBoolean();
                final int depth = 1 + random.nextInt((budget - 100) / (arrays ? 2 : 6));
                return "{\"op\":\"subscribe\",\"id\":\"deep\",\"topic\":\"a\",\"filter\":" +
                    (arrays ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" +
                    "}".repeat(depth)) + "}";
            case 1:
                final String digits = "9".repeat(1 + random.nextInt(2000));
                final String[] numbers = {digits, "-" + digits, "1e" + digits, "0." + digits, "18446744073709551617",
                    "-9223372036854775809", "1e400", "-0.0", "4.9e-324"};
                final String number = numbers[random.nextInt(numbers.length)];
                final String[] fields = {"max", "lingerMs"};
                return "{\"op\":\"subscribe\",\"id\":\"big\",\"topic\":\"a\",\"batch\":{\"" +
                    fields[random.nextInt(2)] + "\":" + number + "}}";
            case 2:
                final String[] fields2 = {"id", "topic", "filter", "op", "token"};
                final int length = (int)Math.min(budget - 64L,
                    Math.round(Math.exp(random.nextDouble() * Math.log(budget))) / 3);
                return "{\"op\":\"subscribe\",\"id\":\"long\",\"topic\":\"a\",\"" + fields2[random.nextInt(5)] +
                    "\":\"" + randomText(Math.max(0, length)).replace("\\", "").replace("\"", "") + "\"}";
            case 3:
                final StringBuilder many = new StringBuilder("{\"op\":\"ping\"");
                for (int i = random.nextInt(budget / 16); i > 0; i--)
                {
                    many.append(",\"f").append(i).append("\":").append(i);
                }
                return many.append('}').toString();
            case 4:
                return "{\"op\":\"ping\",\"op\":\"subscribe\",\"id\":\"dup\",\"id\":\"dup\"}";
            default:
                return "{\"op\":\"subscribe\",\"id\":\"deepfilter\",\"topic\":\"a\",\"filter\":\"" +
                    "(".repeat(1 + random.nextInt(3000)) + "a == 1\"}";
        }
    }

    private JsonNode randomValue(final int depth)
    {
        switch (random.nextInt(depth > 0 ? 11 : 9))
        {
            case 0:
                return NODES.nullNode();
            case 1:
                return NODES.booleanNode(random.nextBoolean());
            case 2:
                return NODES.numberNode(random.nextLong());
            case 3:
                return NODES.numberNode(new java.math.BigInteger(1 + random.nextInt(400), random));
            case 4:
                return NODES.numberNode(random.nextBoolean() ? -0.0 : Double.longBitsToDouble(random.nextLong()) % 1e300);
            case 5:
                return NODES.textNode("");
            case 6:
                return NODES.textNode(randomText(1 + random.nextInt(40)));
            case 7:
                return NODES.textNode("s" + random.nextInt(8));
            case 8:
                return NODES.numberNode(random.nextInt(3) - 1);
            case 9:
                return NODES.arrayNode().add(randomValue(depth - 1)).add(randomValue(depth - 1));
            default:
                final ObjectNode o = NODES.objectNode();
                o.set("max", randomValue(depth - 1));
                o.set(randomAscii(3), randomValue(depth - 1));
                return o;
        }
    }

    /** Any code points, including controls, surrogate pairs and lone surrogates (encoded to UTF-8 as '?'). */
    private String randomText(final int length)
    {
        final StringBuilder s = new StringBuilder(length);
        while (s.length() < length)
        {
            switch (random.nextInt(6))
            {
                case 0:
                    s.append(TOKENS[random.nextInt(TOKENS.length)]);
                    break;
                case 1:
                    s.appendCodePoint(random.nextInt(0x110000));
                    break;
                case 2:
                    s.append((char)random.nextInt(0x20));
                    break;
                default:
                    s.append((char)(0x20 + random.nextInt(0x5F)));
                    break;
            }
        }
        return s.toString();
    }

    private String randomAscii(final int length)
    {
        final StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            s.append((char)('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    private byte[] randomBytes(final int length)
    {
        final byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The bytes with one invalid UTF-8 sequence put in at a random place. */
    private byte[] brokenUtf8(final byte[] valid)
    {
        final byte[][] invalid = {{(byte)0xFF}, {(byte)0x80}, {(byte)0xC0, (byte)0xAF}, {(byte)0xED, (byte)0xA0,
            (byte)0x80}, {(byte)0xE2, (byte)0x82}, {(byte)0xF4, (byte)0x90, (byte)0x80, (byte)0x80}, {(byte)0xFE}};
        final byte[] bad = invalid[random.nextInt(invalid.length)];
        final int at = random.nextInt(valid.length + 1);
        return concat(Arrays.copyOf(valid, at), bad, Arrays.copyOfRange(valid, at, valid.length));
    }

    private static byte[] padded(final byte[] prefix, final int length)
    {
        final byte[] bytes = Arrays.copyOf(prefix, Math.max(length, prefix.length));
        Arrays.fill(bytes, prefix.length, bytes.length, (byte)' ');
        return bytes;
    }

    private byte[] frame(final int opcode, final byte[] payload)
    {
        return RawFrameClient.frame(opcode, payload, random);
    }

    private static Terminal close(final byte[] wire, final int code, final String description)
    {
        return new Terminal(wire, new int[]{code}, false, description);
    }

    static byte[] concat(final byte[]... parts)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (final byte[] part : parts)
        {
            bytes.writeBytes(part);
        }
        return bytes.toByteArray();
    }

    private static String clip(final String text)
    {
        return text.length() <= 160 ? text : text.substring(0, 160) + "... (" + text.length() + " chars)";
    }
}
