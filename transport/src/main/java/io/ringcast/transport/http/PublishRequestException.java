package io.ringcast.transport.http;

/**
 * A publish request in JSON form was refused: {@link #field()} names the offending field ({@code topic},
 * {@code attrs.severity}, ...; {@code body} when the text is not a JSON object) and the message says what was wrong
 * and what is allowed, prefixed with the field. An {@link IllegalArgumentException}, so callers that already report
 * those (the command line) need no new case.
 */
public final class PublishRequestException extends IllegalArgumentException
{
    private static final long serialVersionUID = 1L;

    private final String field;

    /**
     * @param field   the JSON field at fault, or {@code body} for the request as a whole
     * @param problem what is wrong with it and what is allowed (the message becomes {@code field + ": " + problem})
     */
    public PublishRequestException(final String field, final String problem)
    {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The JSON field at fault ({@code body} for the request as a whole). */
    public String field()
    {
        return field;
    }
}
