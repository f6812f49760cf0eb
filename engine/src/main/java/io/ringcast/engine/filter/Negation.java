package io.ringcast.engine.filter;

/** {@code !operand}. */
final class Negation extends Node
{
    private final Node operand;

    Negation(final Node operand)
    {
        this.operand = operand;
    }

    @Override
    boolean test(final FilterInput input)
    {
        return !operand.test(input);
    }

    @Override
    void bind(final FieldTable fields)
    {
        operand.bind(fields);
    }

    @Override
    int cost()
    {
        return operand.cost();
    }

    @Override
    int nodeCount()
    {
        return operand.nodeCount() + 1;
    }

    @Override
    int depth()
    {
        return operand.depth() + 1;
    }

    @Override
    void appendTo(final StringBuilder sb)
    {
        sb.append('!');
        // "!!(x)" rather than "!(!(x))": keeps the parenthesis nesting of the canonical form below the tree depth
        if (operand instanceof Negation)
        {
            operand.appendTo(sb);
        }
        else
        {
            sb.append('(');
            operand.appendTo(sb);
            sb.append(')');
        }
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof Negation && ((Negation)o).operand.equals(operand);
    }

    @Override
    public int hashCode()
    {
        return ~operand.hashCode();
    }
}
