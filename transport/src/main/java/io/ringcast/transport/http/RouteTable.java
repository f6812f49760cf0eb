package io.ringcast.transport.http;

import java.util.List;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

import io.ringcast.transport.ws.HttpRoutes;

/**
 * Several route sets behind the server's one {@link HttpRoutes} slot: the first whose {@link HttpRoutes#handles}
 * accepts a path answers it, so {@code new RouteTable(deadLetters, api, sse)} serves them all. It also owns what
 * is common to every route: any other path under {@code /api/} answers {@code 404} in the API's JSON error shape,
 * a request the HTTP decoder could not read answers {@code 400} and closes, and the answers of one keep-alive
 * connection go out in request order ({@link InOrderResponses}, put in front of the server's gate on the
 * connection's first route request).
 * <p>
 * Event loop thread (as every {@link HttpRoutes}); immutable. {@link #close} closes the routes that are
 * {@link AutoCloseable}.
 */
public final class RouteTable implements HttpRoutes, AutoCloseable
{
    private static final String API_PREFIX = "/api/";
    private static final String IN_ORDER = "ringcast-http-in-order";

    private final List<HttpRoutes> routes;

    /** Routes tried in this order. */
    public RouteTable(final HttpRoutes... routes)
    {
        this.routes = List.of(routes);
    }

    /** The routes, in the order they are tried. */
    public List<HttpRoutes> routes()
    {
        return routes;
    }

    @Override
    public boolean handles(final String path)
    {
        return route(path) != null || path.startsWith(API_PREFIX) || path.equals("/api");
    }

    @Override
    public void handle(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        if (ctx.pipeline().get(InOrderResponses.class) == null)
        {
            ctx.pipeline().addBefore(ctx.name(), IN_ORDER, new InOrderResponses());
        }
        if (request.decoderResult().isFailure())
        {
            final String why = String.valueOf(request.decoderResult().cause().getMessage());
            request.release();
            HttpResponses.error(ctx, false, HttpResponseStatus.BAD_REQUEST, "bad_request",
                "the request could not be read as HTTP/1.1: " + why);
            return;
        }
        final String path = new QueryStringDecoder(request.uri()).path();
        final HttpRoutes route = route(path);
        if (route != null)
        {
            route.handle(ctx, request);
            return;
        }
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        request.release();
        HttpResponses.error(ctx, keepAlive, HttpResponseStatus.NOT_FOUND, "not_found", "no such endpoint: " + path);
    }

    private HttpRoutes route(final String path)
    {
        for (int i = 0, n = routes.size(); i < n; i++)
        {
            final HttpRoutes r = routes.get(i);
            if (r.handles(path))
            {
                return r;
            }
        }
        return null;
    }

    /**
     * Closes every route that is {@link AutoCloseable}; the first failure is rethrown after trying all (a checked
     * one wrapped in an {@link IllegalStateException}, so shutdown paths need no catch).
     */
    @Override
    public void close()
    {
        Exception first = null;
        for (final HttpRoutes r : routes)
        {
            if (r instanceof AutoCloseable)
            {
                try
                {
                    ((AutoCloseable)r).close();
                }
                catch (final Exception ex)
                {
                    if (first == null)
                    {
                        first = ex;
                    }
                    else
                    {
                        first.addSuppressed(ex);
                    }
                }
            }
        }
        if (first instanceof RuntimeException)
        {
            throw (RuntimeException)first;
        }
        if (first != null)
        {
            throw new IllegalStateException("closing the HTTP routes failed: " + first.getMessage(), first);
        }
    }
}
