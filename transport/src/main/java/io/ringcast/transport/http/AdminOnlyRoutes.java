package io.ringcast.transport.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpUtil;

import io.ringcast.transport.auth.Authenticator;
import io.ringcast.transport.auth.Principal;
import io.ringcast.transport.ws.HttpRoutes;

/**
 * Puts routes behind the admin check: when the {@link Authenticator} requires tokens, a request needs
 * {@code Authorization: Bearer <token>} whose principal is an admin ({@code 401}/{@code 403} otherwise, answered
 * here); when it does not, requests pass as they are. For operator actions such as dead-letter re-drive. Event loop
 * thread, like every {@link HttpRoutes}; closing closes the wrapped routes when they are closeable.
 */
public final class AdminOnlyRoutes implements HttpRoutes, AutoCloseable
{
    private final HttpRoutes routes;
    private final ApiAccess access;

    /**
     * @param routes        the routes to guard
     * @param authenticator the token check (null: none, everything open)
     */
    public AdminOnlyRoutes(final HttpRoutes routes, final Authenticator authenticator)
    {
        this.routes = routes;
        this.access = new ApiAccess(authenticator);
    }

    @Override
    public boolean handles(final String path)
    {
        return routes.handles(path);
    }

    @Override
    public void handle(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final Principal principal = access.admin(ctx, HttpUtil.isKeepAlive(request), request.headers());
        if (principal == null)
        {
            request.release(); // answered 401/403 already
            return;
        }
        routes.handle(ctx, request);
    }

    @Override
    public void close() throws Exception
    {
        if (routes instanceof AutoCloseable)
        {
            ((AutoCloseable)routes).close();
        }
    }
}
