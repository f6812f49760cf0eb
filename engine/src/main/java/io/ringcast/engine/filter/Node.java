package io.ringcast.engine.filter;

/**
 * A node of a compiled predicate tree. Immutable in structure (equality, hashing and printing are
 * structural); {@link #bind} stores field ids and regex nodes keep per-node scratch, both used only on
 * the match stage's thread.
 */
abstract class Node
{
    /** True when the bound event passes. Hot path: allocation free, no side effects. */
    abstract boolean test(FilterInput input);

    /** Interns attribute names to field ids. Match stage thread; may allocate. */
    abstract void bind(FieldTable fields);

    /** Estimated evaluation cost, used to order the operands of && and ||. */
    abstract int cost();

    /** Nodes counted against {@link FilterLimits#maxNodes()}: comparisons, each {@code &&} or {@code ||} join, each {@code !}. */
    abstract int nodeCount();

    /** Depth of the tree below and including this node; a comparison is 1. */
    abstract int depth();

    /** Appends the canonical string form. */
    abstract void appendTo(StringBuilder sb);

    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        appendTo(sb);
        return sb.toString();
    }
}
