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

/**
 * Admits the HTTP request in front of the WebSocket upgrade: hands the paths of the server's {@link HttpRoutes} to
 * them, answers 404 for any other path but {@code /ws}, 400 for a bad
 * {@code user} parameter, 409 when that user already has an open connection; otherwise it claims the client id
 * for the connection, passes the request on to the upgrade and removes itself. Event loop thread only.
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
        if (!WebSocketServer.PATH.equals(query.path()))
        {
            reject(ctx, request, HttpResponseStatus.NOT_FOUND, "not found: the WebSocket endpoint is /ws");
            return;
        }
        final List<String> users = query.parameters().get("user");
        final String clientId;
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
        if (!server.claimClient(clientId, connection))
        {
            reject(ctx, request, HttpResponseStatus.CONFLICT, "user '" + clientId + "' is already connected");
            return;
        }
        connection.clientId(clientId);
        ctx.pipeline().remove(this);
        ctx.fireChannelRead(request);
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
