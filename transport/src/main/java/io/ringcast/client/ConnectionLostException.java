package io.ringcast.client;

/**
 * The connection to the server is gone (or could not be made) before a publish was answered: the event may
 * or may not have been journaled. Re-sending it is safe, since its dedup key makes a repeat an ACK duplicate.
 */
public final class ConnectionLostException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** With a message and the cause (may be null). */
    public ConnectionLostException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
