package io.ringcast.engine.filter;

import java.util.Locale;

/**
 * The comparison operators of the filter language. Each negated operator ({@code !=}, {@code !contains},
 * {@code !in}) names its positive and is evaluated as exactly its negation. Immutable; any thread.
 */
enum Operator
{
    EQUALS("==", "equals", null, Operator.COST_EQUALITY),
    NOT_EQUALS("!=", "notEquals", EQUALS, Operator.COST_EQUALITY),
    CONTAINS("contains", "contains", null, Operator.COST_TEXT),
    NOT_CONTAINS("!contains", "notContains", CONTAINS, Operator.COST_TEXT),
    STARTS_WITH("startsWith", "startsWith", null, Operator.COST_TEXT),
    ENDS_WITH("endsWith", "endsWith", null, Operator.COST_TEXT),
    GREATER_THAN(">", "greaterThan", null, Operator.COST_RANGE),
    GREATER_THAN_OR_EQUALS(">=", "greaterThanOrEquals", null, Operator.COST_RANGE),
    LESS_THAN("<", "lessThan", null, Operator.COST_RANGE),
    LESS_THAN_OR_EQUALS("<=", "lessThanOrEquals", null, Operator.COST_RANGE),
    IN("in", "in", null, Operator.COST_EQUALITY),
    NOT_IN("!in", "notIn", IN, Operator.COST_EQUALITY),
    MATCHES("matches", "matches", null, Operator.COST_REGEX);

    /** Estimated evaluation cost classes: cheaper operands of && and || run first. */
    static final int COST_EQUALITY = 1;
    static final int COST_RANGE = 2;
    static final int COST_TEXT = 4;
    static final int COST_REGEX = 16;

    private static final Operator[] VALUES = values();

    /** The string-form spelling. */
    final String symbol;
    /** The JSON-form name. */
    final String jsonName;
    /** The operator this one negates, or this operator when it is not negated. */
    final Operator positive;
    /** True for {@code !=}, {@code !contains}, {@code !in}. */
    final boolean negated;
    /** Estimated cost class. */
    final int cost;

    Operator(final String symbol, final String jsonName, final Operator positive, final int cost)
    {
        this.symbol = symbol;
        this.jsonName = jsonName;
        this.positive = positive == null ? this : positive;
        this.negated = positive != null;
        this.cost = cost;
    }

    /** True for the range operators {@code > >= < <=}. */
    boolean isRange()
    {
        return cost == COST_RANGE;
    }

    /** True for the operators that need a string value: contains, startsWith, endsWith, matches. */
    boolean isText()
    {
        return cost == COST_TEXT || this == MATCHES;
    }

    /** True for {@code in} and {@code !in}. */
    boolean isList()
    {
        return positive == IN;
    }

    /** The operator spelled {@code symbol} in the string form (symbols exact, words case-insensitive), or null. */
    static Operator fromSymbol(final String symbol)
    {
        for (final Operator op : VALUES)
        {
            if (op.symbol.equals(symbol) || (Character.isLetter(op.symbol.charAt(op.symbol.length() - 1)) &&
                op.symbol.equalsIgnoreCase(symbol)))
            {
                return op;
            }
        }
        return null;
    }

    /** The operator named {@code name} in the JSON form (its name, any case, or its string-form symbol), or null. */
    static Operator fromJsonName(final String name)
    {
        final String lower = name.toLowerCase(Locale.ROOT);
        for (final Operator op : VALUES)
        {
            if (op.jsonName.toLowerCase(Locale.ROOT).equals(lower))
            {
                return op;
            }
        }
        return fromSymbol(name);
    }
}
