package io.ringcast.engine.filter;

import java.util.Objects;

/**
 * A compiled subscription filter: an immutable predicate tree over an event's typed attributes and its
 * built-ins. Two equal forms compile to the same tree ({@link #equals} is structural): the string form
 * ({@link #parse}) and the JSON form ({@link #fromJson}); {@link #toString} gives the canonical string form.
 *
 * <h2>String form</h2>
 * <pre>
 *   providerName == "openai" &amp;&amp; severity in ["high", "critical"]
 *   !(capability contains "vision") || score &gt;= 0.75
 *   name matches "^gpt-[0-9]+$"
 * </pre>
 * A comparison is {@code field operator value}. Operators: {@code ==  !=  contains  !contains  startsWith
 * endsWith  >  >=  <  <=  in  !in  matches} (word operators in any case); comparisons combine with
 * {@code &&}, {@code ||}, prefix {@code !} and parentheses, {@code &&} binding tighter than {@code ||}.
 * Field names are {@code [A-Za-z0-9_.-]+}. Values: double-quoted strings with JSON escapes
 * (<code>\" \\ \/ \b \f \n \r \t &#92;uXXXX</code>), numbers (a long when written without point or exponent, else a
 * double; a leading {@code -} allowed), {@code true}, {@code false}, and for {@code in}/{@code !in} a
 * non-empty list {@code [v, v, ...]} of those. Blank text is {@link #MATCH_ALL}.
 *
 * <h2>JSON form</h2>
 * <pre>
 *   {"operator": "AND", "conditions": [
 *       {"field": "providerName", "op": "equals", "value": "openai"},
 *       {"operator": "NOT", "condition": {"field": "capability", "op": "contains", "value": "vision"}}]}
 * </pre>
 * Groups have {@code operator} AND, OR or NOT (any case) and {@code conditions} (NOT: exactly one, in
 * {@code conditions} or {@code condition}); a group of one condition is that condition. Leaves have
 * {@code field}, {@code op} and {@code value}; {@code op} is one of equals, notEquals, contains,
 * notContains, startsWith, endsWith, greaterThan, greaterThanOrEquals, lessThan, lessThanOrEquals, in,
 * notIn, matches (any case) or a string-form symbol. A bare leaf at top level is allowed; unknown keys are
 * errors. Numbers may be any {@code java.lang.Number}: integers (and a {@code BigDecimal} of scale 0) are
 * longs, the rest doubles. A null tree is {@link #MATCH_ALL}.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>Built-ins: {@code topic} and {@code id} (strings), {@code priority} (compared by ordinal
 *   LOW &lt; NORMAL &lt; HIGH &lt; CRITICAL; values are the names in any case or 0..3), {@code ts} (epoch
 *   milliseconds; values are integers or ISO-8601 instant strings, converted when compiling). Any other
 *   name is an event attribute (events cannot have attributes named like a built-in).</li>
 *   <li>A comparison on an attribute the event lacks is false. Each negated operator is exactly the negation
 *   of its positive ({@code a != v} is {@code !(a == v)}; likewise {@code !contains}, {@code !in}), so it is
 *   true when the attribute is missing.</li>
 *   <li>Numbers compare by exact value across long and double ({@code 3 == 3.0}; {@code 2^60 + 1} is not
 *   equal to the double {@code 2^60}), which is exactly when their {@link ValueKeys} keys are equal. Ranges
 *   between a long attribute and a long value compare as longs, any other pair of numbers as doubles.</li>
 *   <li>Strings compare as UTF-8 bytes: {@code ==} byte for byte, ranges lexicographically by unsigned byte
 *   (which is code point order); {@code contains}, {@code startsWith}, {@code endsWith} on bytes.</li>
 *   <li>A value of another type than the attribute's (a string attribute against a number, a boolean against
 *   a string, ...) makes the positive operator false. Booleans support only {@code ==}, {@code !=},
 *   {@code in}, {@code !in}.</li>
 *   <li>{@code contains}, {@code !contains}, {@code startsWith}, {@code endsWith} and {@code matches} need a
 *   string value and apply to string attributes, {@code topic} and {@code id}.</li>
 *   <li>{@code matches} is an RE2 regular expression (RE2J: linear time, no backtracking) with
 *   <b>find-anywhere</b> semantics: it is true when the regex matches some part of the value; anchor with
 *   {@code ^} and {@code $} to match the whole value. Regexes that compile to more than
 *   5000 RE2J instructions are rejected.</li>
 *   <li>Rejected when compiling: an operator that cannot apply ({@code > true}, {@code matches 3},
 *   {@code contains} on {@code ts}), a built-in value of the wrong type, an invalid regex, an empty list,
 *   a priority that is not a name or 0..3, a non-finite number, a string with an unpaired surrogate.</li>
 * </ul>
 *
 * <h2>Limits</h2>
 * {@link FilterLimits}: {@link #nodeCount() nodes} (each comparison, each {@code !}, and each {@code &&} or
 * {@code ||} joining two operands: {@code a && b && c} counts 5), depth of the tree (a comparison is 1, each
 * {@code &&}/{@code ||} group and {@code !} adds a level; in the string form parentheses also may not nest
 * deeper than the limit, in the JSON form groups), regex length, list size, string literal length and (string
 * form) expression length. Depth limits above {@value #MAX_DEPTH_CAP} count as {@value #MAX_DEPTH_CAP}, so
 * no input can overflow a thread's stack.
 *
 * <h2>Threads and allocation</h2>
 * Compile on any thread ({@link #parse}, {@link #fromJson} allocate). The match stage's thread then calls
 * {@link #bind} once and {@link #test} per event; {@link #test} allocates nothing, except inside RE2J for
 * each {@code matches} evaluation: 24 bytes (the {@code MachineInput} its {@code Matcher.find()} builds), plus
 * 24 when the regex matches (a copy of the match bounds). A filter with a {@code matches} node keeps per-node
 * scratch, so one filter instance must be tested by one thread only.
 */
public final class Filter
{
    /** Depth limits above this count as this, so the recursive parser and evaluator stay within the stack. */
    public static final int MAX_DEPTH_CAP = 256;

    /** Accepts every event; its string form is the empty string and its JSON form null. */
    public static final Filter MATCH_ALL = new Filter(null);

    private final Node root;
    private final IndexHint indexHint;

    private Filter(final Node root)
    {
        this.root = root;
        this.indexHint = root == null ? null : hintOf(root);
    }

    /**
     * Compiles the string form with {@link FilterLimits#DEFAULT}. Any thread; allocates.
     *
     * @throws FilterException with the 1-based column of the error
     */
    public static Filter parse(final String expression) throws FilterException
    {
        return parse(expression, FilterLimits.DEFAULT);
    }

    /**
     * A fresh, unbound filter equal to this one. {@link #bind} writes field ids into the nodes for one
     * {@link FieldTable}; a thread evaluating against its own table (journal replay, resume) needs its own copy.
     * Allocates.
     */
    public Filter copy()
    {
        try
        {
            return parse(toString(), new FilterLimits(Integer.MAX_VALUE, MAX_DEPTH_CAP, Integer.MAX_VALUE,
                Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE));
        }
        catch (final FilterException ex)
        {
            // the canonical form of a compiled filter always parses back (a property test holds this)
            throw new IllegalStateException("filter did not survive its own canonical form: " + this, ex);
        }
    }

    /**
     * Compiles the string form. Any thread; allocates.
     *
     * @throws FilterException with the 1-based {@link FilterException#column() column} of the error and a
     *                         message saying what was expected and what was found
     */
    public static Filter parse(final String expression, final FilterLimits limits) throws FilterException
    {
        Objects.requireNonNull(expression, "expression");
        final Node root = FilterParser.parse(expression, Objects.requireNonNull(limits, "limits"));
        return root == null ? MATCH_ALL : new Filter(root);
    }

    /**
     * Compiles the JSON form, given as the plain tree a JSON library parses it into (Map, List, String,
     * Number, Boolean, null). Any thread; allocates.
     *
     * @throws FilterException with the JSON {@link FilterException#path() path} of the error, like
     *                         {@code conditions[1].op}
     */
    public static Filter fromJson(final Object tree, final FilterLimits limits) throws FilterException
    {
        final Node root = JsonFilterReader.read(tree, Objects.requireNonNull(limits, "limits"));
        return root == null ? MATCH_ALL : new Filter(root);
    }

    /**
     * Resolves the attribute names of this filter to field ids of {@code fields}, interning new names.
     * Match stage thread, once before the first {@link #test} (calling it again with the same table is
     * harmless). Allocates only for names new to the table. Until bound, every attribute reads as missing.
     */
    public void bind(final FieldTable fields)
    {
        if (root != null)
        {
            root.bind(fields);
        }
    }

    /**
     * True when the event bound to {@code input} passes. Match stage thread. Hot path: short-circuits,
     * evaluates the operands of {@code &&} and {@code ||} cheapest first (equality, range, string operators,
     * regexes last), reads the event's bytes in place and allocates nothing beyond RE2J's per-regex bytes
     * (see the class comment).
     */
    public boolean test(final FilterInput input)
    {
        return root == null || root.test(input);
    }

    /**
     * The equality this filter can be indexed by: the first top-level {@code attribute == value} conjunct
     * (the whole filter or an operand of its top-level {@code &&} chain), else the first
     * {@code attribute in [...]}; never a built-in. Keys are computed as {@link FilterInput#valueKey} computes
     * them for event values. Null when there is none. Any thread; the returned hint is shared, do not modify
     * its array.
     */
    public IndexHint indexHint()
    {
        return indexHint;
    }

    /** Nodes of the predicate tree as counted against {@link FilterLimits#maxNodes()}; 0 for {@link #MATCH_ALL}. */
    public int nodeCount()
    {
        return root == null ? 0 : root.nodeCount();
    }

    /** Depth of the predicate tree (a single comparison is 1); 0 for {@link #MATCH_ALL}. */
    public int depth()
    {
        return root == null ? 0 : root.depth();
    }

    /** True for the filter that accepts every event. */
    public boolean isMatchAll()
    {
        return root == null;
    }

    /** The canonical string form, which {@link #parse} compiles back to an equal filter. Allocates. */
    @Override
    public String toString()
    {
        return root == null ? "" : root.toString();
    }

    /** Structural equality of the predicate trees. */
    @Override
    public boolean equals(final Object o)
    {
        return o instanceof Filter && Objects.equals(((Filter)o).root, root);
    }

    @Override
    public int hashCode()
    {
        return Objects.hashCode(root);
    }

    static int effectiveMaxDepth(final FilterLimits limits)
    {
        return Math.min(limits.maxDepth(), MAX_DEPTH_CAP);
    }

    private static IndexHint hintOf(final Node root)
    {
        final IndexHint equality = conjunctHint(root, Operator.EQUALS);
        return equality != null ? equality : conjunctHint(root, Operator.IN);
    }

    private static IndexHint conjunctHint(final Node node, final Operator operator)
    {
        if (node instanceof Comparison)
        {
            final Comparison c = (Comparison)node;
            return c.operator() == operator ? c.indexHint() : null;
        }
        if (node instanceof Junction && ((Junction)node).isAnd())
        {
            for (final Node operand : ((Junction)node).operands())
            {
                final IndexHint hint = conjunctHint(operand, operator);
                if (hint != null)
                {
                    return hint;
                }
            }
        }
        return null;
    }
}
