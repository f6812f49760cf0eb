package io.ringcast.engine.filter;

/**
 * How complex one filter may be. Immutable.
 *
 * @param maxNodes         predicate-tree nodes (comparisons plus &amp;&amp;, ||, !)
 * @param maxDepth         nesting depth (parentheses, !, and/or nesting); values above
 *                         {@link Filter#MAX_DEPTH_CAP} count as that cap
 * @param maxRegexLength   characters of one {@code matches} pattern
 * @param maxListSize      values in one {@code in} / {@code !in} list
 * @param maxStringLength  characters of one string literal
 * @param maxLength        characters of the whole expression text
 */
public record FilterLimits(int maxNodes, int maxDepth, int maxRegexLength, int maxListSize, int maxStringLength,
    int maxLength)
{
    /** Defaults: 64 nodes, depth 16, regex 256 chars, lists of 256, strings of 1024, expressions of 8 KiB. */
    public static final FilterLimits DEFAULT = new FilterLimits(64, 16, 256, 256, 1024, 8192);

    public FilterLimits
    {
        if (maxNodes < 1 || maxDepth < 1 || maxRegexLength < 1 || maxListSize < 1 || maxStringLength < 1 || maxLength < 1)
        {
            throw new IllegalArgumentException("filter limits must all be positive");
        }
    }
}
