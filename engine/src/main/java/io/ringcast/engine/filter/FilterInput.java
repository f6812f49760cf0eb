package io.ringcast.engine.filter;

import io.ringcast.engine.event.AttributeType;
import io.ringcast.engine.event.EventView;

/**
 * One event as filters read it: the {@link EventView} plus, for this event, which attribute holds
 * each field id. {@link #bind} maps the attribute names once per event; filter nodes then find an
 * attribute in O(1) by field id.
 * <p>
 * Owned by the match stage's thread. {@link #bind} allocates only when the {@link FieldTable} has grown
 * since the last bind (a new field name arrived with a subscription); in steady state it allocates nothing.
 */
public final class FilterInput
{
    private final FieldTable fields;
    private int[] attributeOfField = new int[64];
    private long[] stampOfField = newStamps(64, 0);
    private final int[] fieldOfAttribute = new int[256];
    private long stamp;
    private EventView event;

    /** An input resolving attribute names through {@code fields}. */
    public FilterInput(final FieldTable fields)
    {
        this.fields = fields;
    }

    /** The field table names resolve through. */
    public FieldTable fields()
    {
        return fields;
    }

    /** Binds the event {@code view} wraps (which must have wrapped successfully). */
    public void bind(final EventView view)
    {
        if (fields.size() > attributeOfField.length)
        {
            final int n = Integer.highestOneBit(fields.size()) << 1;
            attributeOfField = java.util.Arrays.copyOf(attributeOfField, n);
            final long[] grown = newStamps(n, stampOfField.length);
            System.arraycopy(stampOfField, 0, grown, 0, stampOfField.length);
            stampOfField = grown;
        }
        event = view;
        final long s = ++stamp;
        for (int i = 0, n = view.attributeCount(); i < n; i++)
        {
            final int field = fields.lookup(view.buffer(), view.attributeNameOffset(i), view.attributeNameLength(i));
            fieldOfAttribute[i] = field;
            if (field >= 0)
            {
                attributeOfField[field] = i;
                stampOfField[field] = s;
            }
        }
    }

    // -1 never equals a stamp (stamps start at 1), so a field is absent until a bind sees it
    private static long[] newStamps(final int length, final int from)
    {
        final long[] stamps = new long[length];
        java.util.Arrays.fill(stamps, from, length, -1L);
        return stamps;
    }

    /** The bound event. */
    public EventView event()
    {
        return event;
    }

    /** Index of the attribute holding {@code fieldId} in the bound event, or -1 when the event lacks it. */
    public int attributeIndex(final int fieldId)
    {
        return fieldId >= 0 && fieldId < stampOfField.length && stampOfField[fieldId] == stamp ?
            attributeOfField[fieldId] : -1;
    }

    /** Field id of attribute {@code i} of the bound event, or -1 when no filter names it. */
    public int fieldOfAttribute(final int i)
    {
        return fieldOfAttribute[i];
    }

    /** The {@link ValueKeys} key of attribute {@code i}'s value. */
    public long valueKey(final int i)
    {
        final EventView v = event;
        switch (AttributeType.fromCode(v.attributeTypeCode(i)))
        {
            case STRING: return ValueKeys.ofString(v.buffer(), v.attributeValueOffset(i), v.attributeValueLength(i));
            case LONG: return ValueKeys.ofLong(v.attributeLong(i));
            case DOUBLE: return ValueKeys.ofDouble(v.attributeDouble(i));
            default: return ValueKeys.ofBoolean(v.attributeBoolean(i));
        }
    }
}
