package io.ringcast.transport.auth;

/**
 * Turns a client's bearer token into a {@link Principal}. One instance serves every transport (TCP HELLO, WebSocket
 * {@code ?token=} / {@code Authorization: Bearer} / {@code auth} op, SSE, HTTP publish). Implementations are
 * thread safe and do not block (verification is CPU only), so event loops may call them.
 */
public interface Authenticator
{
    /**
     * True when a client must present a valid token; false when auth is off and clients name themselves.
     */
    boolean required();

    /**
     * Verifies {@code token} and returns who it names and what it allows.
     *
     * @param token the token as sent (no "Bearer " prefix); null or empty when the client sent none
     * @return the principal; never null
     * @throws AuthException when the token is missing (and required), malformed, badly signed or expired
     */
    Principal authenticate(String token) throws AuthException;
}
