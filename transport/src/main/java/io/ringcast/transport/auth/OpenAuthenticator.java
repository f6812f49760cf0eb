package io.ringcast.transport.auth;

/**
 * Auth off: every client is admitted whatever it sends, as {@link Principal#anonymous} "anonymous" (allowed every
 * topic and the admin API); transports then use their own naming for clients (the WebSocket {@code ?user=}, the
 * TCP client name). Only for servers configured without auth (the default of {@code ringcast serve} bound to
 * loopback). Stateless; any thread; {@link #authenticate} does not allocate.
 */
public final class OpenAuthenticator implements Authenticator
{
    /** The one instance needed. */
    public static final OpenAuthenticator INSTANCE = new OpenAuthenticator();

    private static final Principal ANONYMOUS = Principal.anonymous("anonymous");

    /** An authenticator that admits everyone; {@link #INSTANCE} serves as well. */
    public OpenAuthenticator()
    {
    }

    /** Always false: no token is needed. */
    @Override
    public boolean required()
    {
        return false;
    }

    /** Returns the anonymous principal whatever {@code token} is (null, empty, or anything else). */
    @Override
    public Principal authenticate(final String token)
    {
        return ANONYMOUS;
    }
}
