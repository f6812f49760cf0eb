package io.ringcast.transport.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

import io.ringcast.transport.auth.AuthException;
import io.ringcast.transport.auth.Authenticator;
import io.ringcast.transport.auth.Principal;

/**
 * Who is calling the HTTP API: reads {@code Authorization: Bearer <token>} through the {@link Authenticator} when it
 * requires a token, and answers {@code 401} (no token, a malformed header, a refused or expired token; with
 * {@code WWW-Authenticate: Bearer}) or {@code 403} (an admin endpoint and a principal that is not admin) itself.
 * With no authenticator, or one that does not require tokens, every caller is an anonymous admin and tokens are
 * not looked at. Any thread (the authenticator is thread safe and does not block); allocates per call.
 */
final class ApiAccess
{
    private static final String BEARER = "Bearer ";
    private static final Principal ANONYMOUS = Principal.anonymous("anonymous");

    private final Authenticator authenticator;

    /** @param authenticator the token check, or null for none */
    ApiAccess(final Authenticator authenticator)
    {
        this.authenticator = authenticator;
    }

    /** True when callers must present a token. */
    boolean required()
    {
        return authenticator != null && authenticator.required();
    }

    /**
     * The caller's principal, or null after answering {@code 401}.
     *
     * @param keepAlive whether the error answer keeps the connection
     */
    Principal authenticate(final ChannelHandlerContext ctx, final boolean keepAlive, final HttpHeaders headers)
    {
        if (!required())
        {
            return ANONYMOUS;
        }
        final String header = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || header.isBlank())
        {
            unauthorized(ctx, keepAlive, "this endpoint needs a token: send 'Authorization: Bearer <token>'", false);
            return null;
        }
        if (header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length()))
        {
            unauthorized(ctx, keepAlive, "the Authorization header must be 'Bearer <token>'", true);
            return null;
        }
        final Principal principal;
        try
        {
            principal = authenticator.authenticate(header.substring(BEARER.length()).trim());
        }
        catch (final AuthException ex)
        {
            unauthorized(ctx, keepAlive, "token refused: " + ex.getMessage(), true);
            return null;
        }
        if (principal.expired(System.currentTimeMillis()))
        {
            unauthorized(ctx, keepAlive, "token refused: it has expired", true);
            return null;
        }
        return principal;
    }

    /** The caller's principal when it may use the admin endpoints, or null after answering 401 or 403. */
    Principal admin(final ChannelHandlerContext ctx, final boolean keepAlive, final HttpHeaders headers)
    {
        final Principal principal = authenticate(ctx, keepAlive, headers);
        if (principal != null && !principal.admin())
        {
            HttpResponses.error(ctx, keepAlive, HttpResponseStatus.FORBIDDEN, "forbidden",
                "user '" + principal.user() + "' may not use the admin API (the token has no admin claim)");
            return null;
        }
        return principal;
    }

    private static void unauthorized(final ChannelHandlerContext ctx, final boolean keepAlive, final String message,
        final boolean invalidToken)
    {
        final FullHttpResponse response = HttpResponses.response(HttpResponseStatus.UNAUTHORIZED,
            HttpResponses.error("unauthorized", message, null));
        response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE,
            invalidToken ? "Bearer realm=\"ringcast\", error=\"invalid_token\"" : "Bearer realm=\"ringcast\"");
        HttpResponses.send(ctx, keepAlive, response);
    }
}
