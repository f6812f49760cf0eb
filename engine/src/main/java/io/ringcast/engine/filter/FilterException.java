package io.ringcast.engine.filter;

/**
 * A filter that cannot be compiled: the message says what is wrong and where. For the string form,
 * {@link #column()} is the 1-based column of the offending character; for the JSON form,
 * {@link #path()} is the JSON path of the offending node (for example {@code conditions[1].op}).
 */
public final class FilterException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int column;
    private final String path;

    /** An error in the string form at a 1-based column. */
    public FilterException(final String message, final int column)
    {
        super("column " + column + ": " + message);
        this.column = column;
        this.path = null;
    }

    /** An error in the JSON form at a JSON path. */
    public FilterException(final String message, final String path)
    {
        super((path == null || path.isEmpty() ? "" : path + ": ") + message);
        this.column = -1;
        this.path = path;
    }

    /** A limit or semantic error with no position. */
    public FilterException(final String message)
    {
        super(message);
        this.column = -1;
        this.path = null;
    }

    /** 1-based column in the string form, or -1. */
    public int column()
    {
        return column;
    }

    /** JSON path in the JSON form, or null. */
    public String path()
    {
        return path;
    }
}
