package io.ringcast.engine.filter;

import org.agrona.DirectBuffer;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * The {@code matches} operator of one filter node: an RE2J pattern (linear-time matching) with a reused
 * {@link Matcher} over a reused {@link Utf8CharSequence}, searched with find-anywhere semantics (anchor
 * with {@code ^} and {@code $} to match the whole value).
 * <p>
 * Owned by the match stage's thread. Per evaluation RE2J 1.8's {@code Matcher.find()} still allocates a
 * {@code MachineInput} adapter (24 bytes) and, when the regex matches, a copy of the two match bounds (24
 * bytes); no public RE2J entry point avoids them. The matcher, its machine (pooled in the pattern after the
 * first use) and the char sequence are reused, and {@code reset()} without an argument re-reads the
 * flyweight, so nothing else is allocated.
 */
final class RegexEvaluator
{
    /** Largest program (RE2J instructions) a filter regex may compile to: bounds memory and matching time. */
    static final int MAX_INSTRUCTIONS = 5000;

    private final Utf8CharSequence text = new Utf8CharSequence();
    private final Matcher matcher;

    private RegexEvaluator(final Pattern pattern)
    {
        // bound to the flyweight once: reset() re-reads its length, so no per-event MatcherInput from reset(text)
        this.matcher = pattern.matcher(text);
    }

    /**
     * Compiles {@code regex}. Control path; allocates.
     *
     * @return the error message, or null when {@code regex} compiles within the size bound.
     */
    static String check(final String regex)
    {
        final long estimate = estimateInstructions(regex);
        if (estimate > MAX_INSTRUCTIONS)
        {
            return "regex is too complex: counted repetitions expand it to about " + estimate +
                " instructions, more than " + MAX_INSTRUCTIONS;
        }
        try
        {
            final int size = Pattern.compile(regex).programSize();
            if (size > MAX_INSTRUCTIONS)
            {
                return "regex is too complex: it compiles to " + size + " instructions, more than " + MAX_INSTRUCTIONS;
            }
            return null;
        }
        catch (final PatternSyntaxException ex)
        {
            return "invalid regex: " + ex.getMessage();
        }
    }

    /** A new evaluator for a regex that {@link #check} accepted. Control path; allocates. */
    static RegexEvaluator compile(final String regex)
    {
        return new RegexEvaluator(Pattern.compile(regex));
    }

    /** True when the regex matches somewhere in the UTF-8 text {@code buffer[offset, offset + length)}. */
    boolean find(final DirectBuffer buffer, final int offset, final int length)
    {
        text.wrap(buffer, offset, length);
        matcher.reset();
        return matcher.find();
    }

    /**
     * An upper estimate of the instructions RE2J needs, computed before compiling because RE2J expands
     * counted repetitions eagerly: {@code ((a{999}){999}){999}} would exhaust the heap while compiling.
     */
    static long estimateInstructions(final String regex)
    {
        final long cap = Long.MAX_VALUE / 4;
        final long[] stack = new long[regex.length() + 1];
        int depth = 0;
        long current = 0;
        long lastAtom = 0;
        int i = 0;
        while (i < regex.length())
        {
            final char c = regex.charAt(i);
            if (c == '\\')
            {
                i = skipEscape(regex, i);
                current++;
                lastAtom = 1;
                continue;
            }
            if (c == '[')
            {
                i = skipClass(regex, i);
                current++;
                lastAtom = 1;
                continue;
            }
            if (c == '(')
            {
                stack[depth++] = current;
                current = 0;
                lastAtom = 0;
            }
            else if (c == ')' && depth > 0)
            {
                final long group = current + 1;
                current = Math.min(cap, stack[--depth] + group);
                lastAtom = group;
            }
            else if (c == '{')
            {
                final int close = regex.indexOf('}', i);
                final long repeat = close < 0 ? -1 : repeatCount(regex.substring(i + 1, close));
                if (repeat >= 0)
                {
                    current = Math.min(cap, current + Math.min(cap, lastAtom * Math.max(0, repeat - 1)));
                    lastAtom = Math.min(cap, lastAtom * Math.max(1, repeat));
                    i = close + 1;
                    continue;
                }
                current++;
                lastAtom = 1;
            }
            else
            {
                current++;
                lastAtom = c == '|' ? 0 : (c == '*' || c == '+' || c == '?') ? lastAtom : 1;
            }
            i++;
        }
        while (depth > 0)
        {
            current = Math.min(cap, current + stack[--depth]);
        }
        return current;
    }

    private static int skipEscape(final String regex, final int at)
    {
        final int n = regex.length();
        if (at + 1 >= n)
        {
            return n;
        }
        final char next = regex.charAt(at + 1);
        if ((next == 'p' || next == 'P' || next == 'x') && at + 2 < n && regex.charAt(at + 2) == '{')
        {
            final int close = regex.indexOf('}', at + 2);
            return close < 0 ? n : close + 1;
        }
        return at + 2;
    }

    private static int skipClass(final String regex, final int at)
    {
        int i = at + 1;
        if (i < regex.length() && regex.charAt(i) == '^')
        {
            i++;
        }
        if (i < regex.length() && regex.charAt(i) == ']')
        {
            i++;
        }
        while (i < regex.length())
        {
            final char c = regex.charAt(i);
            if (c == '\\')
            {
                i += 2;
            }
            else if (c == '[' && i + 1 < regex.length() && regex.charAt(i + 1) == ':')
            {
                final int close = regex.indexOf(":]", i + 2);
                i = close < 0 ? i + 1 : close + 2;
            }
            else if (c == ']')
            {
                return i + 1;
            }
            else
            {
                i++;
            }
        }
        return regex.length();
    }

    /** The largest count of a repeat body like {@code 3}, {@code 3,} or {@code 3,5}; -1 when it is not one. */
    private static long repeatCount(final String body)
    {
        final int comma = body.indexOf(',');
        final String min = comma < 0 ? body : body.substring(0, comma);
        final String max = comma < 0 ? body : body.substring(comma + 1);
        if (!isDigits(min) || !(max.isEmpty() ? comma >= 0 : isDigits(max)))
        {
            return -1;
        }
        final long lo = Long.parseLong(min.substring(0, Math.min(min.length(), 9)));
        return max.isEmpty() ? lo + 1 : Math.max(lo, Long.parseLong(max.substring(0, Math.min(max.length(), 9))));
    }

    private static boolean isDigits(final String s)
    {
        if (s.isEmpty())
        {
            return false;
        }
        for (int i = 0; i < s.length(); i++)
        {
            if (s.charAt(i) < '0' || s.charAt(i) > '9')
            {
                return false;
            }
        }
        return true;
    }
}
