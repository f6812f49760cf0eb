package io.ringcast.engine.filter;

/**
 * The lexical layer of the string form, under {@link FilterParser}: whitespace, words, operator symbols and
 * literal values (JSON-style strings, numbers, {@code true}, {@code false}), with errors at the 1-based
 * column of the offending character and a description of what was found there. Control path; allocates.
 */
abstract class FilterScanner
{
    /** The text being parsed. */
    final String text;
    /** Index of the next character to read. */
    int pos;

    FilterScanner(final String text)
    {
        this.text = text;
    }

    /** Reads a string, number, true or false; {@code after} names what precedes it, for messages. */
    final Object readScalar(final String after) throws FilterException
    {
        if (pos == text.length())
        {
            throw error("expected a value after " + after + ", found end of input");
        }
        final char c = text.charAt(pos);
        if (c == '"')
        {
            return readString();
        }
        if (c == '-' || (c >= '0' && c <= '9'))
        {
            return readNumber();
        }
        if (ComparisonBuilder.isNameChar(c))
        {
            final int start = pos;
            final String word = readWord();
            if ("true".equals(word))
            {
                return Boolean.TRUE;
            }
            if ("false".equals(word))
            {
                return Boolean.FALSE;
            }
            pos = start;
            throw error("expected a value after " + after + ", found '" + word + "' (strings need double quotes)");
        }
        throw error("expected a value after " + after + ", found " + found());
    }

    /** Reads a double-quoted string with JSON escapes, the cursor on its opening quote. */
    final String readString() throws FilterException
    {
        final int open = pos;
        final StringBuilder sb = new StringBuilder();
        pos++;
        while (true)
        {
            if (pos == text.length())
            {
                pos = open;
                throw error("unterminated string: no closing '\"' before end of input");
            }
            final char c = text.charAt(pos);
            if (c == '"')
            {
                pos++;
                return sb.toString();
            }
            if (c != '\\')
            {
                sb.append(c);
                pos++;
                continue;
            }
            if (pos + 1 == text.length())
            {
                pos = open;
                throw error("unterminated string: no closing '\"' before end of input");
            }
            final char e = text.charAt(pos + 1);
            switch (e)
            {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    int code = 0;
                    for (int k = 0; k < 4; k++)
                    {
                        final int digit = pos + 2 + k < text.length() ? Character.digit(text.charAt(pos + 2 + k), 16) : -1;
                        if (digit < 0)
                        {
                            throw error("invalid escape in string: \\u needs four hex digits");
                        }
                        code = code * 16 + digit;
                    }
                    sb.append((char)code);
                    pos += 4;
                    break;
                default:
                    throw error("invalid escape '\\" + e + "' in string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t " +
                        "\\uXXXX)");
            }
            pos += 2;
        }
    }

    /** Reads a JSON-style number: a Long without point or exponent, else a finite Double. */
    final Object readNumber() throws FilterException
    {
        final int start = pos;
        if (text.charAt(pos) == '-')
        {
            pos++;
        }
        if (digits() == 0)
        {
            throw error("expected a digit in the number, found " + found());
        }
        boolean isDouble = false;
        if (pos < text.length() && text.charAt(pos) == '.')
        {
            pos++;
            isDouble = true;
            if (digits() == 0)
            {
                throw error("expected a digit after '.' in the number, found " + found());
            }
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E'))
        {
            pos++;
            isDouble = true;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-'))
            {
                pos++;
            }
            if (digits() == 0)
            {
                throw error("expected a digit in the exponent of the number, found " + found());
            }
        }
        final String number = text.substring(start, pos);
        if (!isDouble)
        {
            try
            {
                return Long.parseLong(number);
            }
            catch (final NumberFormatException ex)
            {
                pos = start;
                throw error("integer " + number + " is outside the long range (write " + number + ".0 for a double)");
            }
        }
        final double d = Double.parseDouble(number);
        if (Double.isInfinite(d))
        {
            pos = start;
            throw error("number " + number + " is outside the double range");
        }
        return d;
    }

    final int digits()
    {
        final int start = pos;
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9')
        {
            pos++;
        }
        return pos - start;
    }

    /** Reads a run of name characters ([A-Za-z0-9_.-]). */
    final String readWord()
    {
        final int start = pos;
        while (pos < text.length() && ComparisonBuilder.isNameChar(text.charAt(pos)))
        {
            pos++;
        }
        return text.substring(start, pos);
    }

    final void skipSpace()
    {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos)))
        {
            pos++;
        }
    }

    /** What is at the cursor, for "found ..." in messages. */
    final String found()
    {
        if (pos >= text.length())
        {
            return "end of input";
        }
        final char c = text.charAt(pos);
        int end = pos + 1;
        if (ComparisonBuilder.isNameChar(c))
        {
            while (end < text.length() && ComparisonBuilder.isNameChar(text.charAt(end)))
            {
                end++;
            }
        }
        else if (isSymbolChar(c))
        {
            while (end < text.length() && isSymbolChar(text.charAt(end)))
            {
                end++;
            }
        }
        else if (c == '"')
        {
            return "a string";
        }
        final String token = text.substring(pos, Math.min(end, pos + 24));
        return "'" + token + (end > pos + 24 ? "..." : "") + "'";
    }

    /** Characters that make up operator symbols, read as one token so "=~" is reported whole. */
    static boolean isSymbolChar(final char c)
    {
        return c == '=' || c == '!' || c == '<' || c == '>' || c == '~' || c == '&' || c == '|' || c == '^' ||
            c == '%' || c == '*';
    }

    /** An error at the cursor's column. */
    final FilterException error(final String message)
    {
        return new FilterException(message, pos + 1);
    }
}
