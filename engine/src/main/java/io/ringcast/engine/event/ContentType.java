package io.ringcast.engine.event;

/** What an event's payload bytes are: a JSON value (embedded as-is in JSON output) or opaque bytes (base64 in JSON). */
public enum ContentType
{
    OPAQUE, JSON;

    /** The content type for a wire code, or null when the code is unknown. */
    public static ContentType fromCode(final int code)
    {
        return code == 0 ? OPAQUE : code == 1 ? JSON : null;
    }
}
