package io.ringcast.transport.ws;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundInvoker;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import io.ringcast.transport.auth.AuthException;
import io.ringcast.transport.auth.Principal;

/**
 * Admits a {@code GET /sse} request, in the order a client can act on: 405 for another method, 503 over the
 * connection limit, 401 without a verifying token (auth on; {@code ?token=} or {@code Authorization: Bearer}) or
 * 400 for a bad {@code user} (auth off), 400 for a bad subscription ({@link SseRequest}), 403 for a topic outside
 * the token's subscribe patterns, 409 for a client id that is already connected. Every refusal is
 * {@code text/plain} "code: message" and closes the connection. An admitted request becomes an
 * {@link SseConnection} in place of the WebSocket gate and handlers.
 * <p>
 * Event loop thread; allocates per request.
 */
final class SseGate
{
    private static final int MAX_USER_LENGTH = 128;

    private SseGate()
    {
    }

    /**
     * Admits a {@code GET /sse} request that reached the WebSocket gate and, when it passes, replaces the gate (and
     * the WebSocket handlers after it) with the stream's handler and subscribes. Releases {@code request}. Event
     * loop thread; the channel's pipeline must hold its {@link WebSocketConnection} (it holds the client id claim).
     */
    static void open(final WebSocketServer server, final ChannelHandlerContext ctx, final FullHttpRequest request,
        final QueryStringDecoder query)
    {
        try
        {
            admit(server, ctx, request, query);
        }
        finally
        {
            request.release();
        }
    }

    private static void admit(final WebSocketServer server, final ChannelHandlerContext ctx,
        final FullHttpRequest request, final QueryStringDecoder query)
    {
        if (!HttpMethod.GET.equals(request.method()))
        {
            refuse(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                "use GET for " + SseConnection.PATH + ", not " + request.method());
            return;
        }
        if (server.connectionCount() > server.config().maxConnections())
        {
            refuse(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "too_many_connections", "too many connections " +
                "(limit " + server.config().maxConnections() + "): try again later");
            return;
        }
        final WebSocketConnection claim = ctx.pipeline().get(WebSocketConnection.class);
        final Principal principal;
        final String clientId;
        if (server.authenticator().required())
        {
            final String token = WebSocketHttpGate.token(request, query);
            if (token == null)
            {
                refuse(ctx, HttpResponseStatus.UNAUTHORIZED, "unauthorized", "this server requires a token: send " +
                    "?token=<JWT> or an Authorization: Bearer <JWT> header");
                return;
            }
            try
            {
                principal = server.authenticator().authenticate(token);
            }
            catch (final AuthException ex)
            {
                refuse(ctx, HttpResponseStatus.UNAUTHORIZED, "unauthorized", ex.getMessage());
                return;
            }
            clientId = WebSocketAuth.clientIdFor(principal, claim.session());
        }
        else
        {
            final List<String> users = query.parameters().get("user");
            clientId = users == null || users.isEmpty() ? "anon-" + claim.session() : users.get(0);
            if (clientId.isEmpty() || clientId.length() > MAX_USER_LENGTH)
            {
                refuse(ctx, HttpResponseStatus.BAD_REQUEST, "bad_request",
                    "user must be 1.." + MAX_USER_LENGTH + " characters");
                return;
            }
            principal = Principal.anonymous(clientId);
        }
        final SubscribeRequest subscribe;
        try
        {
            subscribe = SseRequest.parse(query, request.headers(), server.engine().config().defaultBatch(),
                server.mapper());
        }
        catch (final SubscribeRequest.RequestException ex)
        {
            refuse(ctx, HttpResponseStatus.BAD_REQUEST, ex.code(), ex.getMessage());
            return;
        }
        if (!principal.maySubscribe(subscribe.pattern()))
        {
            refuse(ctx, HttpResponseStatus.FORBIDDEN, "forbidden", "your token does not allow subscribing to '" +
                subscribe.pattern() + "' (allowed: " + principal.subscribePatterns() + ")");
            return;
        }
        if (!server.claimClient(clientId, claim))
        {
            refuse(ctx, HttpResponseStatus.CONFLICT, "conflict", "user '" + clientId + "' is already connected");
            return;
        }
        final SseConnection connection = new SseConnection(server, ctx.channel(), claim, clientId, principal,
            subscribe);
        final ChannelPipeline pipeline = ctx.pipeline();
        pipeline.replace(ctx.handler(), "sse", connection);
        while (pipeline.last() != connection)
        {
            pipeline.removeLast(); // the WebSocket protocol handlers: this connection will not upgrade
        }
        connection.subscribe();
    }

    /** Answers {@code status} with "code: message" as plain text and closes. */
    static void refuse(final ChannelOutboundInvoker out, final HttpResponseStatus status, final String code,
        final String message)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.copiedBuffer(code + ": " + message + "\n", StandardCharsets.UTF_8));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
            .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        if (status == HttpResponseStatus.UNAUTHORIZED)
        {
            response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer");
        }
        else if (status == HttpResponseStatus.METHOD_NOT_ALLOWED)
        {
            response.headers().set(HttpHeaderNames.ALLOW, HttpMethod.GET.name());
        }
        out.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
