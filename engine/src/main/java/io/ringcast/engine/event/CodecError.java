package io.ringcast.engine.event;

/**
 * Why an encoded event was rejected. Returned (never thrown) by {@link EventView#wrap}; the view then
 * describes where with {@link EventView#errorOffset()} and {@link EventView#errorMessage()}.
 */
public enum CodecError
{
    NONE("ok"),
    TRUNCATED("event ends before its declared fields"),
    TOO_LARGE("event is larger than the largest the limits allow"),
    BAD_VERSION("unsupported codec version"),
    BAD_PRIORITY("priority code out of range 0..3"),
    BAD_CONTENT_TYPE("content type code out of range 0..1"),
    TOO_MANY_ATTRIBUTES("too many attributes"),
    ID_MISSING("event id is empty"),
    ID_TOO_LONG("event id is too long"),
    DEDUP_KEY_TOO_LONG("dedup key is too long"),
    TOPIC_MISSING("topic is empty"),
    TOPIC_TOO_LONG("topic is too long"),
    TOPIC_INVALID("topic is not dot-separated non-empty segments of printable ASCII without '*', '>' or spaces"),
    TOO_MANY_TOPIC_SEGMENTS("topic has too many segments"),
    ATTRIBUTE_TYPE_INVALID("unknown attribute type code"),
    ATTRIBUTE_NAME_INVALID("attribute name must be non-empty [A-Za-z0-9_.-] within the name length limit"),
    ATTRIBUTE_NAME_RESERVED("attribute name is reserved for a built-in field (topic, priority, id, ts)"),
    ATTRIBUTE_NAME_DUPLICATE("attribute name appears twice"),
    ATTRIBUTE_VALUE_TOO_LONG("string attribute value is too long"),
    ATTRIBUTE_VALUE_INVALID("attribute value is invalid (boolean not 0/1, or double is NaN)"),
    INVALID_UTF8("text is not valid UTF-8"),
    PAYLOAD_TOO_LARGE("payload is too large"),
    TRAILING_BYTES("bytes follow the payload"),
    /**
     * Refused by the publisher only, never by {@link EventView#wrap} (journals may hold such events from before the
     * check): a payload of content type JSON that is not exactly one JSON value ({@link JsonValidator}).
     */
    PAYLOAD_NOT_JSON("payload declared JSON is not valid JSON");

    private final String description;

    CodecError(final String description)
    {
        this.description = description;
    }

    /** A short human description of the error, without position. */
    public String description()
    {
        return description;
    }
}
