package io.ringcast.engine.filter;

/**
 * A compiled subscription filter: an immutable predicate tree over an event's typed attributes and
 * built-ins ({@code topic}, {@code priority}, {@code id}, {@code ts}).
 * <p>
 * API CONTRACT (implementation being written): compile on any thread with {@link #parse} or
 * {@link #fromJson}; the match stage's thread calls {@link #bind} once, then {@link #test} per event.
 */
public final class Filter
{
    /** Accepts every event. */
    public static final Filter MATCH_ALL = null;

    private Filter()
    {
    }

    /** Compiles the string form with default limits. */
    public static Filter parse(final String expression) throws FilterException
    {
        throw new UnsupportedOperationException("being written");
    }

    /** Compiles the string form. */
    public static Filter parse(final String expression, final FilterLimits limits) throws FilterException
    {
        throw new UnsupportedOperationException("being written");
    }

    /** Compiles the JSON form given as a plain tree (Map, List, String, Number, Boolean, null). */
    public static Filter fromJson(final Object tree, final FilterLimits limits) throws FilterException
    {
        throw new UnsupportedOperationException("being written");
    }

    /** Resolves attribute names to field ids; match stage thread, before the first {@link #test}. */
    public void bind(final FieldTable fields)
    {
        throw new UnsupportedOperationException("being written");
    }

    /** True when the bound event passes. Hot path: no allocation. */
    public boolean test(final FilterInput input)
    {
        throw new UnsupportedOperationException("being written");
    }

    /** The equality this filter can be indexed by, or null. */
    public IndexHint indexHint()
    {
        throw new UnsupportedOperationException("being written");
    }

    /** Nodes in the predicate tree. */
    public int nodeCount()
    {
        throw new UnsupportedOperationException("being written");
    }
}
