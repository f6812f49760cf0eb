package io.ringcast.engine.event;

import org.agrona.DirectBuffer;

/**
 * Checks that a byte range is exactly one RFC 8259 JSON value in UTF-8, with optional whitespace around it, so a
 * payload declared {@link ContentType#JSON} can be refused at publish time instead of surprising a subscriber.
 * <p>
 * What it accepts is the RFC 8259 grammar: objects, arrays, strings (no raw control characters below 0x20;
 * escapes {@code \" \\ \/ \b \f \n \r \t \}{@code uXXXX}), numbers {@code -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?},
 * {@code true}, {@code false}, {@code null}, and the whitespace space, tab, line feed and carriage return. Bytes
 * inside strings must be well-formed UTF-8 ({@link Utf8}: no overlongs, no encoded surrogates); bytes outside
 * strings must be ASCII anyway. Deliberate choices:
 * <ul>
 *   <li>Duplicate object keys are not detected: RFC 8259 only says names SHOULD be unique, and finding repeats
 *   needs a set of the keys seen per object, which cannot be kept without allocating or a large scratch.</li>
 *   <li>A {@code \}{@code u} escape of an unpaired surrogate (e.g. {@code "\}{@code ud800"}) is accepted: the grammar
 *   allows it (RFC 8259 section 8.2 only warns that receivers differ).</li>
 *   <li>Numbers have no range or length limit (the grammar has none; {@code 1e999} is valid JSON).</li>
 *   <li>A byte order mark is refused like any other unexpected character (RFC 8259 section 8.1: senders MUST NOT
 *   add one), because a receiver embedding the bytes would carry it into its own output.</li>
 *   <li>Nesting deeper than {@link #MAX_DEPTH} objects and arrays is refused, checked with a preallocated bit stack
 *   (the validator is iterative, never recursive, so no input can exhaust the thread's stack).</li>
 *   <li>Zero bytes, or whitespace only, are not a JSON value ({@link #EMPTY}). Whether an empty payload is
 *   acceptable is the caller's rule: the engine's publisher treats a zero-length JSON payload as "no data".</li>
 * </ul>
 * On failure, {@link #errorOffset()} is where (relative to the range's start) and {@link #errorReason()} is one of
 * the constant reasons of this class.
 * <p>
 * Not thread-safe: one instance per thread (the engine keeps one per publisher). Allocates its bit stack once;
 * {@link #validate} never allocates and never reads outside the range it is given.
 */
public final class JsonValidator
{
    /** The deepest nesting of objects and arrays accepted. */
    public static final int MAX_DEPTH = 256;

    /** Reason after a successful {@link #validate}. */
    public static final String OK = "ok";
    /** No value at all: zero bytes or whitespace only. */
    public static final String EMPTY = "empty";
    /** A byte that cannot start or continue the value here (also a byte order mark, or non-ASCII outside strings). */
    public static final String UNEXPECTED_CHARACTER = "unexpected character";
    /** The bytes end inside an object or array, or before a value, key or colon. */
    public static final String UNEXPECTED_END = "unexpected end";
    /** A string whose closing quote never comes; the offset is its opening quote. */
    public static final String UNTERMINATED_STRING = "unterminated string";
    /** A raw byte below 0x20 inside a string (it must be escaped). */
    public static final String CONTROL_CHARACTER = "control character in string";
    /** A backslash not followed by one of {@code " \ / b f n r t} or by {@code u} and four hex digits. */
    public static final String BAD_ESCAPE = "bad escape";
    /** A number that does not follow {@code -?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?}. */
    public static final String BAD_NUMBER = "bad number";
    /** More than {@link #MAX_DEPTH} nested objects and arrays; the offset is the bracket that went too deep. */
    public static final String TOO_DEEP = "nesting deeper than " + MAX_DEPTH;
    /** A complete value followed by more than whitespace. */
    public static final String TRAILING_CHARACTERS = "trailing characters after the value";
    /** Ill-formed UTF-8 inside a string. */
    public static final String INVALID_UTF8 = "invalid UTF-8";

    private static final byte PLAIN = 0;
    private static final byte QUOTE = 1;
    private static final byte BACKSLASH = 2;
    private static final byte CONTROL = 3;
    private static final byte HIGH = 4;
    // classifying a string byte with one table load keeps the common (plain ASCII) case to a single branch
    private static final byte[] STRING_CLASS = stringClasses();
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    // bit d set: the container at depth d is an object, clear: an array
    private final long[] containers = new long[MAX_DEPTH / 64];
    private DirectBuffer buffer;
    private int start;
    private int end;
    private int errorOffset = -1;
    private String errorReason = OK;

    /** A validator with its nesting stack preallocated. */
    public JsonValidator()
    {
    }

    /**
     * Validates that {@code buffer[offset, offset + length)} is exactly one JSON value with optional whitespace
     * around it. Reads only that range; never allocates; never throws for any content of the range.
     *
     * @return true when it is; otherwise false, and {@link #errorOffset()} and {@link #errorReason()} say why.
     */
    public boolean validate(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.start = offset;
        this.end = offset + length;
        errorOffset = -1;
        errorReason = OK;
        final boolean valid = scan();
        // not kept: the validator must not pin a publisher's buffer between calls
        this.buffer = null;
        return valid;
    }

    /** Where the last {@link #validate} failed, relative to the range's start; -1 after a success. */
    public int errorOffset()
    {
        return errorOffset;
    }

    /** Why the last {@link #validate} failed: one of this class's constants, {@link #OK} after a success. */
    public String errorReason()
    {
        return errorReason;
    }

    private boolean scan()
    {
        final int end = this.end;
        int p = skipWhitespace(start);
        if (p == end)
        {
            return fail(EMPTY, p);
        }
        int depth = 0;
        boolean needValue = true;
        while (true)
        {
            if (needValue)
            {
                if (p == end)
                {
                    return fail(UNEXPECTED_END, p);
                }
                final byte b = buffer.getByte(p);
                if (b == '{' || b == '[')
                {
                    if (depth == MAX_DEPTH)
                    {
                        return fail(TOO_DEEP, p);
                    }
                    final boolean object = b == '{';
                    push(depth++, object);
                    p = skipWhitespace(p + 1);
                    if (p < end && buffer.getByte(p) == (object ? '}' : ']'))
                    {
                        depth--;
                        p++;
                        needValue = false;
                    }
                    else if (object && (p = member(p)) < 0)
                    {
                        return false;
                    }
                    continue;
                }
                if ((p = scalar(p, b)) < 0)
                {
                    return false;
                }
                needValue = false;
            }
            else
            {
                p = skipWhitespace(p);
                if (depth == 0)
                {
                    return p == end || fail(TRAILING_CHARACTERS, p);
                }
                if (p == end)
                {
                    return fail(UNEXPECTED_END, p);
                }
                final byte b = buffer.getByte(p);
                final boolean object = isObject(depth - 1);
                if (b == ',')
                {
                    p = skipWhitespace(p + 1);
                    if (object && (p = member(p)) < 0)
                    {
                        return false;
                    }
                    needValue = true;
                }
                else if (b == (object ? '}' : ']'))
                {
                    depth--;
                    p++;
                }
                else
                {
                    return fail(UNEXPECTED_CHARACTER, p);
                }
            }
        }
    }

    /** An object member's key and colon at {@code p}; returns the position of its value, or -1. */
    private int member(final int p)
    {
        if (p == end)
        {
            return failAt(UNEXPECTED_END, p);
        }
        if (buffer.getByte(p) != '"')
        {
            return failAt(UNEXPECTED_CHARACTER, p);
        }
        final int afterKey = string(p);
        if (afterKey < 0)
        {
            return -1;
        }
        final int colon = skipWhitespace(afterKey);
        if (colon == end)
        {
            return failAt(UNEXPECTED_END, colon);
        }
        if (buffer.getByte(colon) != ':')
        {
            return failAt(UNEXPECTED_CHARACTER, colon);
        }
        return skipWhitespace(colon + 1);
    }

    private int scalar(final int p, final byte b)
    {
        switch (b)
        {
            case '"':
                return string(p);
            case 't':
                return literal(p, TRUE);
            case 'f':
                return literal(p, FALSE);
            case 'n':
                return literal(p, NULL);
            default:
                if (b == '-' || (b >= '0' && b <= '9'))
                {
                    return number(p);
                }
                return failAt(UNEXPECTED_CHARACTER, p);
        }
    }

    /** The string whose opening quote is at {@code open}; returns the position after its closing quote, or -1. */
    private int string(final int open)
    {
        final DirectBuffer buffer = this.buffer;
        final int end = this.end;
        int i = open + 1;
        while (i < end)
        {
            final int b = buffer.getByte(i) & 0xFF;
            switch (STRING_CLASS[b])
            {
                case PLAIN:
                    i++;
                    break;
                case QUOTE:
                    return i + 1;
                case BACKSLASH:
                    i = escape(open, i);
                    if (i < 0)
                    {
                        return -1;
                    }
                    break;
                case CONTROL:
                    return failAt(CONTROL_CHARACTER, i);
                default:
                    // a well-formed multi-byte sequence is all high bytes, so a maximal run of them must be whole
                    // sequences: one call to the codec's validator checks the run
                    int j = i + 1;
                    while (j < end && buffer.getByte(j) < 0)
                    {
                        j++;
                    }
                    final int bad = Utf8.firstInvalid(buffer, i, j - i);
                    if (bad >= 0)
                    {
                        return failAt(INVALID_UTF8, bad);
                    }
                    i = j;
                    break;
            }
        }
        return failAt(UNTERMINATED_STRING, open);
    }

    /** The escape whose backslash is at {@code i}, in the string opened at {@code open}; returns the next position. */
    private int escape(final int open, final int i)
    {
        if (i + 1 == end)
        {
            return failAt(UNTERMINATED_STRING, open);
        }
        switch (buffer.getByte(i + 1))
        {
            case '"':
            case '\\':
            case '/':
            case 'b':
            case 'f':
            case 'n':
            case 'r':
            case 't':
                return i + 2;
            case 'u':
                for (int k = i + 2; k < i + 6; k++)
                {
                    if (k == end)
                    {
                        return failAt(UNTERMINATED_STRING, open);
                    }
                    if (!isHex(buffer.getByte(k)))
                    {
                        return failAt(BAD_ESCAPE, i);
                    }
                }
                return i + 6;
            default:
                return failAt(BAD_ESCAPE, i);
        }
    }

    private int number(final int p)
    {
        final DirectBuffer buffer = this.buffer;
        final int end = this.end;
        int i = p;
        if (buffer.getByte(i) == '-')
        {
            i++;
        }
        if (i == end)
        {
            return failAt(BAD_NUMBER, i);
        }
        final byte first = buffer.getByte(i);
        if (first == '0')
        {
            i++;
        }
        else if (first >= '1' && first <= '9')
        {
            i = digits(i + 1);
        }
        else
        {
            return failAt(BAD_NUMBER, i);
        }
        if (i < end && buffer.getByte(i) == '.')
        {
            if (i + 1 == end || !isDigit(buffer.getByte(i + 1)))
            {
                return failAt(BAD_NUMBER, i + 1);
            }
            i = digits(i + 1);
        }
        if (i < end && (buffer.getByte(i) | 0x20) == 'e')
        {
            i++;
            if (i < end && (buffer.getByte(i) == '+' || buffer.getByte(i) == '-'))
            {
                i++;
            }
            if (i == end || !isDigit(buffer.getByte(i)))
            {
                return failAt(BAD_NUMBER, i);
            }
            i = digits(i);
        }
        if (i < end)
        {
            // "01", "1.2.3", "1e2e3", "1-2": the number is over but something number-like goes on
            final byte next = buffer.getByte(i);
            if (isDigit(next) || next == '.' || next == '+' || next == '-' || (next | 0x20) == 'e')
            {
                return failAt(BAD_NUMBER, i);
            }
        }
        return i;
    }

    private int digits(final int from)
    {
        int i = from;
        while (i < end && isDigit(buffer.getByte(i)))
        {
            i++;
        }
        return i;
    }

    private int literal(final int p, final byte[] expected)
    {
        for (int k = 0; k < expected.length; k++)
        {
            if (p + k == end)
            {
                return failAt(UNEXPECTED_END, p + k);
            }
            if (buffer.getByte(p + k) != expected[k])
            {
                return failAt(UNEXPECTED_CHARACTER, p + k);
            }
        }
        return p + expected.length;
    }

    private int skipWhitespace(final int from)
    {
        int i = from;
        while (i < end)
        {
            final byte b = buffer.getByte(i);
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t')
            {
                break;
            }
            i++;
        }
        return i;
    }

    private void push(final int depth, final boolean object)
    {
        final long bit = 1L << (depth & 63);
        if (object)
        {
            containers[depth >>> 6] |= bit;
        }
        else
        {
            containers[depth >>> 6] &= ~bit;
        }
    }

    private boolean isObject(final int depth)
    {
        return (containers[depth >>> 6] & (1L << (depth & 63))) != 0;
    }

    private boolean fail(final String reason, final int at)
    {
        errorReason = reason;
        errorOffset = at - start;
        return false;
    }

    private int failAt(final String reason, final int at)
    {
        fail(reason, at);
        return -1;
    }

    private static boolean isDigit(final byte b)
    {
        return b >= '0' && b <= '9';
    }

    private static boolean isHex(final byte b)
    {
        return (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'f');
    }

    private static byte[] stringClasses()
    {
        final byte[] classes = new byte[256];
        for (int b = 0; b < 0x20; b++)
        {
            classes[b] = CONTROL;
        }
        classes['"'] = QUOTE;
        classes['\\'] = BACKSLASH;
        for (int b = 0x80; b < 0x100; b++)
        {
            classes[b] = HIGH;
        }
        return classes;
    }
}
