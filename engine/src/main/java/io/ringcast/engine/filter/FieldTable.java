package io.ringcast.engine.filter;

import org.agrona.DirectBuffer;

import io.ringcast.engine.util.ByteStringTable;

/**
 * Attribute names used by any filter, interned to dense field ids.
 * <p>
 * Owned by the match stage's thread: filters are {@linkplain Filter#bind bound} to it when their
 * subscription is applied, and {@link FilterInput#bind} looks each event's attribute names up in it.
 */
public final class FieldTable
{
    private final ByteStringTable names = new ByteStringTable(64);

    /** The id of {@code name}, interning it if new. Control path; may allocate. */
    public int intern(final String name)
    {
        return names.intern(name);
    }

    /** The id of the name in the given bytes, or {@link ByteStringTable#MISSING}. Hot path; no allocation. */
    public int lookup(final DirectBuffer buffer, final int offset, final int length)
    {
        return names.lookup(buffer, offset, length);
    }

    /** Number of field ids handed out (field names are never forgotten, so ids are dense). */
    public int size()
    {
        return names.idLimit();
    }

    /** The name of a field id (allocates). */
    public String name(final int fieldId)
    {
        return names.text(fieldId);
    }
}
