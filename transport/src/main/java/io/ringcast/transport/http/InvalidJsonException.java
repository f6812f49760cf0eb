package io.ringcast.transport.http;

/** Refused JSON: what is wrong, where ({@link #field()}, a path like {@code fallback.retry.maxAttempts}). */
public final class InvalidJsonException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field   the path of the field at fault, or null when the whole document is
     * @param message what is wrong and what is allowed
     */
    public InvalidJsonException(final String field, final String message)
    {
        super(message);
        this.field = field;
    }

    /** The path of the field at fault, or null. */
    public String field()
    {
        return field;
    }
}
