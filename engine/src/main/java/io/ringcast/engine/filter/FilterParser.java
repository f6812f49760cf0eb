package io.ringcast.engine.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser of the string form:
 * <pre>
 *   filter     = [ or ]                       blank text is the match-all filter
 *   or         = and { "||" and }
 *   and        = unary { "&amp;&amp;" unary }
 *   unary      = { "!" } primary
 *   primary    = "(" or ")" | comparison
 *   comparison = field operator value
 *   value      = string | number | "true" | "false" | "[" scalar { "," scalar } "]"
 * </pre>
 * Errors carry the 1-based column of the offending character. Recursion happens only at parentheses,
 * whose nesting is bounded by {@link Filter#effectiveMaxDepth}, so no input can overflow the stack.
 * Control path; allocates. One instance parses one text.
 */
final class FilterParser extends FilterScanner
{
    private final FilterLimits limits;
    private final int maxDepth;
    private int nodes;
    private int parens;

    private FilterParser(final String text, final FilterLimits limits)
    {
        super(text);
        this.limits = limits;
        this.maxDepth = Filter.effectiveMaxDepth(limits);
    }

    /** Parses {@code text}; null when it is blank (the match-all filter). */
    static Node parse(final String text, final FilterLimits limits) throws FilterException
    {
        if (text.length() > limits.maxLength())
        {
            throw new FilterException("expression is " + text.length() + " characters, longer than the limit " +
                "maxLength=" + limits.maxLength(), limits.maxLength() + 1);
        }
        final FilterParser parser = new FilterParser(text, limits);
        parser.skipSpace();
        if (parser.pos == text.length())
        {
            return null;
        }
        final Node root = parser.parseOr();
        parser.skipSpace();
        if (parser.pos < text.length())
        {
            if (text.charAt(parser.pos) == ')')
            {
                throw parser.error("unbalanced ')': no '(' is open");
            }
            throw parser.error("expected '&&', '||' or end of input, found " + parser.found());
        }
        return root;
    }

    private Node parseOr() throws FilterException
    {
        return parseJunction(false);
    }

    private Node parseJunction(final boolean and) throws FilterException
    {
        final Node first = and ? parseUnary() : parseJunction(true);
        skipSpace();
        final String symbol = and ? "&&" : "||";
        if (!text.startsWith(symbol, pos))
        {
            return first;
        }
        final int operatorColumn = pos + 1;
        final List<Node> operands = new ArrayList<>();
        operands.add(first);
        while (text.startsWith(symbol, pos))
        {
            countNode();
            pos += 2;
            operands.add(and ? parseUnary() : parseJunction(true));
            skipSpace();
        }
        final Junction junction = new Junction(and, operands.toArray(new Node[0]));
        checkDepth(junction, operatorColumn);
        return junction;
    }

    private Node parseUnary() throws FilterException
    {
        skipSpace();
        int[] bangs = null;
        int count = 0;
        // '!' chains are read in a loop, not by recursion, so "!!!!..." cannot overflow the stack
        while (pos < text.length() && text.charAt(pos) == '!')
        {
            if (bangs == null || count == bangs.length)
            {
                bangs = bangs == null ? new int[4] : java.util.Arrays.copyOf(bangs, count * 2);
            }
            bangs[count++] = pos + 1;
            countNode();
            pos++;
            skipSpace();
        }
        Node node = parsePrimary();
        for (int i = count - 1; i >= 0; i--)
        {
            node = new Negation(node);
            checkDepth(node, bangs[i]);
        }
        return node;
    }

    private Node parsePrimary() throws FilterException
    {
        skipSpace();
        if (pos == text.length())
        {
            throw error("expected a comparison, '(' or '!', found end of input");
        }
        final char c = text.charAt(pos);
        if (c == '(')
        {
            final int open = pos + 1;
            if (parens >= maxDepth)
            {
                throw error("parentheses nested deeper than the limit maxDepth=" + maxDepth);
            }
            parens++;
            pos++;
            final Node inner = parseOr();
            skipSpace();
            if (pos == text.length() || text.charAt(pos) != ')')
            {
                throw error("expected '&&', '||' or ')' to close the '(' at column " + open + ", found " + found());
            }
            pos++;
            parens--;
            return inner;
        }
        if (ComparisonBuilder.isNameChar(c))
        {
            return parseComparison();
        }
        if (c == ')')
        {
            throw error("expected a comparison, '(' or '!', found ')'");
        }
        throw error("expected a comparison (like name == \"value\"), '(' or '!', found " + found());
    }

    private Node parseComparison() throws FilterException
    {
        final int fieldColumn = pos + 1;
        final int start = pos;
        while (pos < text.length() && ComparisonBuilder.isNameChar(text.charAt(pos)))
        {
            pos++;
        }
        final String field = text.substring(start, pos);
        skipSpace();
        final int operatorColumn = pos + 1;
        final Operator operator = readOperator(field);
        skipSpace();
        final int valueColumn = pos + 1;
        final List<Integer> elementColumns = new ArrayList<>();
        final Object value = readValue(operator, elementColumns);
        countNodeAt(fieldColumn);
        return ComparisonBuilder.build(field, operator, value, limits, (part, element, message) ->
        {
            final int column;
            switch (part)
            {
                case FIELD: column = fieldColumn; break;
                case OPERATOR: column = operatorColumn; break;
                default:
                    column = element >= 0 && element < elementColumns.size() ? elementColumns.get(element) : valueColumn;
                    break;
            }
            return new FilterException(message, column);
        });
    }

    private Operator readOperator(final String field) throws FilterException
    {
        final int start = pos;
        if (pos < text.length() && text.charAt(pos) == '!' && pos + 1 < text.length() &&
            Character.isLetter(text.charAt(pos + 1)))
        {
            pos++;
            final String word = readWord();
            final Operator op = Operator.fromSymbol("!" + word);
            if (op != null && op.negated)
            {
                return op;
            }
            pos = start;
            throw error("expected a comparison operator after '" + field + "', found '!" + word + "' (negated " +
                "operators are !=, !contains and !in)");
        }
        final String token;
        if (pos < text.length() && isSymbolChar(text.charAt(pos)))
        {
            while (pos < text.length() && isSymbolChar(text.charAt(pos)))
            {
                pos++;
            }
            token = text.substring(start, pos);
        }
        else if (pos < text.length() && ComparisonBuilder.isNameChar(text.charAt(pos)))
        {
            token = readWord();
        }
        else
        {
            token = null;
        }
        final Operator op = token == null ? null : Operator.fromSymbol(token);
        if (op == null)
        {
            pos = start;
            throw error("expected a comparison operator after '" + field + "', found " + found());
        }
        return op;
    }

    private Object readValue(final Operator operator, final List<Integer> elementColumns) throws FilterException
    {
        if (pos < text.length() && text.charAt(pos) == '[')
        {
            final List<Object> list = new ArrayList<>();
            pos++;
            skipSpace();
            if (pos < text.length() && text.charAt(pos) == ']')
            {
                pos++;
                return list;
            }
            while (true)
            {
                skipSpace();
                if (list.size() == limits.maxListSize())
                {
                    throw error("list has more than " + limits.maxListSize() + " values, the limit maxListSize=" +
                        limits.maxListSize());
                }
                elementColumns.add(pos + 1);
                if (pos < text.length() && text.charAt(pos) == '[')
                {
                    throw error("lists cannot be nested");
                }
                list.add(readScalar(list.isEmpty() ? "'['" : "','"));
                skipSpace();
                if (pos < text.length() && text.charAt(pos) == ',')
                {
                    pos++;
                    continue;
                }
                if (pos < text.length() && text.charAt(pos) == ']')
                {
                    pos++;
                    return list;
                }
                throw error("expected ',' or ']' in the list, found " + found());
            }
        }
        return readScalar("'" + operator.symbol + "'");
    }

    private void countNode() throws FilterException
    {
        countNodeAt(pos + 1);
    }

    private void countNodeAt(final int column) throws FilterException
    {
        if (++nodes > limits.maxNodes())
        {
            throw new FilterException("filter has more than " + limits.maxNodes() + " nodes (comparisons, &&, ||, !), " +
                "the limit maxNodes=" + limits.maxNodes(), column);
        }
    }

    private void checkDepth(final Node node, final int column) throws FilterException
    {
        if (node.depth() > maxDepth)
        {
            throw new FilterException("filter nests " + node.depth() + " levels deep, deeper than the limit maxDepth=" +
                maxDepth, column);
        }
    }
}
