package io.ringcast.engine.filter;

/**
 * The equality a filter can be indexed by: a top-level conjunct {@code field == v} (one key) or
 * {@code field in [v1, v2, ...]} (one key per value) on an event attribute. Every event the filter
 * accepts has, for {@code field}, a value whose {@link ValueKeys} key is in {@code valueKeys}.
 *
 * @param field     attribute name (never a built-in)
 * @param valueKeys {@link ValueKeys} keys of the accepted values, at least one
 */
public record IndexHint(String field, long[] valueKeys)
{
}
