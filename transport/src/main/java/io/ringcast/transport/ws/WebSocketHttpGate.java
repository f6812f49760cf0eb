package io.ringcast.transport.ws;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;

import io.ringcast.transport.auth.AuthException;
import io.ringcast.transport.auth.Principal;

/**
 * Admits the HTTP request in front of the WebSocket upgrade: hands the paths of the server's {@link HttpRoutes} to
 * them, answers 404 for any other path but {@code /ws} and 503 over the connection limit. When auth is required, a
 * token from {@code ?token=} or {@code Authorization: Bearer} must verify (401 otherwise) and names the user; without
 * one the upgrade goes ahead unauthenticated and the client must send the {@code auth} op. When auth is off, the
 * {@code user} parameter names the client (400 when bad, 409 when that user already has an open connection).
 * Then it claims the client id for the connection, passes the request on to the upgrade and removes itself.
 * Event loop thread only.
 */
final class WebSocketHttpGate extends ChannelInboundHandlerAdapter
{
    private static final int MAX_USER_LENGTH = 128;

    private final WebSocketServer server;
    private final WebSocketConnection connection;

    WebSocketHttpGate(final WebSocketServer server, final WebSocketConnection connection)
    {
        this.server = server;
        this.connection = connection;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (!(msg instanceof FullHttpRequest))
        {
            ctx.fireChannelRead(msg);
            return;
        }
        final FullHttpRequest request = (FullHttpRequest)msg;
        final QueryStringDecoder query = new QueryStringDecoder(request.uri());
        final HttpRoutes routes = server.routes();
        if (!WebSocketServer.PATH.equals(query.path()) && routes != null && routes.handles(query.path()))
        {
            routes.handle(ctx, request); // answered from the gate's position: through the HTTP codec only
            return;
        }
        if (SseConnection.PATH.equals(query.path()))
        {
            SseConnection.open(server, ctx, request, query); // a Server-Sent Events stream instead of an upgrade
            return;
        }
        if (!WebSocketServer.PATH.equals(query.path()))
        {
            reject(ctx, request, HttpResponseStatus.NOT_FOUND, "not found: the WebSocket endpoint is /ws");
            return;
        }
        if (server.connectionCount() > server.config().maxConnections())
        {
            reject(ctx, request, HttpResponseStatus.SERVICE_UNAVAILABLE, "too many connections (limit " +
                server.config().maxConnections() + "): try again later");
            return;
        }
        final String clientId;
        if (server.authenticator().required())
        {
            final String token = token(request, query);
            if (token == null)
            {
                // the client may still send the auth op; until then it may only ping
                ctx.pipeline().remove(this);
                ctx.fireChannelRead(request);
                return;
            }
            final Principal principal;
            try
            {
                principal = server.authenticator().authenticate(token);
            }
            catch (final AuthException ex)
            {
                reject(ctx, request, HttpResponseStatus.UNAUTHORIZED, "unauthorized: " + ex.getMessage());
                return;
            }
            connection.auth().principal(principal);
            clientId = WebSocketAuth.clientIdFor(principal, connection.session());
        }
        else
        {
            final List<String> users = query.parameters().get("user");
            if (users != null && !users.isEmpty())
            {
                clientId = users.get(0);
                if (clientId.isEmpty() || clientId.length() > MAX_USER_LENGTH)
                {
                    reject(ctx, request, HttpResponseStatus.BAD_REQUEST,
                        "user must be 1.." + MAX_USER_LENGTH + " characters");
                    return;
                }
            }
            else
            {
                clientId = "anon-" + connection.session();
            }
            connection.auth().principal(Principal.anonymous(clientId));
        }
        if (!server.claimClient(clientId, connection))
        {
            reject(ctx, request, HttpResponseStatus.CONFLICT, "user '" + clientId + "' is already connected");
            return;
        }
        connection.clientId(clientId);
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(request);
    }

    /** The token from {@code ?token=} or an {@code Authorization: Bearer} header, or null. */
    static String token(final FullHttpRequest request, final QueryStringDecoder query)
    {
        final List<String> tokens = query.parameters().get("token");
        if (tokens != null && !tokens.isEmpty() && !tokens.get(0).isEmpty())
        {
            return tokens.get(0);
        }
        final String header = request.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7))
        {
            final String value = header.substring(7).trim();
            return value.isEmpty() ? null : value;
        }
        return null;
    }

    private static void reject(final ChannelHandlerContext ctx, final FullHttpRequest request,
        final HttpResponseStatus status, final String text)
    {
        request.release();
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.copiedBuffer(text + "\n", StandardCharsets.UTF_8));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
            .setInt(HttpHeaderNames.CONTENT_LENGTH, response.content().readableBytes())
            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
