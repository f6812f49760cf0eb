package io.ringcast.engine.filter;

import java.util.Arrays;
import java.util.Comparator;

/**
 * An n-ary {@code &&} or {@code ||} over two or more operands. Operands are kept in written order for
 * equality and printing, and evaluated cheapest first (a stable sort by estimated cost) with
 * short-circuiting; the operands have no side effects, so the order never changes the result.
 */
final class Junction extends Node
{
    private final boolean and;
    private final Node[] operands;
    private final Node[] evaluationOrder;
    private final int cost;
    private final int nodeCount;
    private final int depth;

    Junction(final boolean and, final Node[] operands)
    {
        this.and = and;
        this.operands = operands.clone();
        this.evaluationOrder = operands.clone();
        Arrays.sort(evaluationOrder, Comparator.comparingInt(Node::cost));
        long c = 0;
        int n = operands.length - 1;
        int d = 0;
        for (final Node operand : operands)
        {
            c += operand.cost();
            n += operand.nodeCount();
            d = Math.max(d, operand.depth());
        }
        this.cost = (int)Math.min(Integer.MAX_VALUE / 2, c);
        this.nodeCount = n;
        this.depth = d + 1;
    }

    boolean isAnd()
    {
        return and;
    }

    /** The operands in written order (the array itself; callers must not modify it). */
    Node[] operands()
    {
        return operands;
    }

    @Override
    boolean test(final FilterInput input)
    {
        final Node[] order = evaluationOrder;
        if (and)
        {
            for (final Node operand : order)
            {
                if (!operand.test(input))
                {
                    return false;
                }
            }
            return true;
        }
        for (final Node operand : order)
        {
            if (operand.test(input))
            {
                return true;
            }
        }
        return false;
    }

    @Override
    void bind(final FieldTable fields)
    {
        for (final Node operand : operands)
        {
            operand.bind(fields);
        }
    }

    @Override
    int cost()
    {
        return cost;
    }

    @Override
    int nodeCount()
    {
        return nodeCount;
    }

    @Override
    int depth()
    {
        return depth;
    }

    @Override
    void appendTo(final StringBuilder sb)
    {
        for (int i = 0; i < operands.length; i++)
        {
            if (i > 0)
            {
                sb.append(and ? " && " : " || ");
            }
            final Node operand = operands[i];
            // a nested junction needs parentheses: || inside && for precedence, the same kind to keep the grouping
            final boolean parenthesise = operand instanceof Junction;
            if (parenthesise)
            {
                sb.append('(');
            }
            operand.appendTo(sb);
            if (parenthesise)
            {
                sb.append(')');
            }
        }
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof Junction && ((Junction)o).and == and && Arrays.equals(((Junction)o).operands, operands);
    }

    @Override
    public int hashCode()
    {
        return Arrays.hashCode(operands) * 31 + (and ? 1 : 2);
    }
}
