package io.ringcast.transport.tcp;

/**
 * Decides whether a publisher's HELLO token admits it. Called on the connection's event loop thread once per
 * connection, so it must not block for long (JWT verification arrives later as one implementation).
 */
@FunctionalInterface
public interface TokenValidator
{
    /** Admits everybody: the default. */
    TokenValidator ACCEPT_ALL = (token, clientName) -> true;

    /**
     * @param token      the token the client sent, "" when none
     * @param clientName the name the client gave itself
     * @return true to admit the connection; false answers NACK UNAUTHORIZED and closes it
     */
    boolean accept(String token, String clientName);
}
