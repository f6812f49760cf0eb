package io.ringcast.transport.auth;

/**
 * A token was refused; the message says why in words a client developer can act on (never echoes the token).
 */
public final class AuthException extends Exception
{
    private static final long serialVersionUID = 1L;

    /** A refusal with its reason. */
    public AuthException(final String message)
    {
        super(message);
    }
}
