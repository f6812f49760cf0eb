package io.ringcast.engine.event;

/** The type of a typed event attribute; the code is the byte that precedes the attribute on the wire. */
public enum AttributeType
{
    STRING(1), LONG(2), DOUBLE(3), BOOLEAN(4);

    /** Wire code of the type. */
    public final byte code;

    AttributeType(final int code)
    {
        this.code = (byte)code;
    }

    /** The type for a wire code, or null when the code is unknown. */
    public static AttributeType fromCode(final int code)
    {
        switch (code)
        {
            case 1: return STRING;
            case 2: return LONG;
            case 3: return DOUBLE;
            case 4: return BOOLEAN;
            default: return null;
        }
    }
}
