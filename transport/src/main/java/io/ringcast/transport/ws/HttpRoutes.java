package io.ringcast.transport.ws;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * Plain HTTP endpoints served on the WebSocket port beside {@code /ws} (one port for WebSocket and HTTP). Called on
 * the connection's event loop; an implementation takes ownership of the request (releases it) and answers on
 * {@code ctx}, and must not block the event loop (hand slow work to its own executor).
 */
public interface HttpRoutes
{
    /** True when this path is one of the routes. */
    boolean handles(String path);

    /** Answers the request. */
    void handle(ChannelHandlerContext ctx, FullHttpRequest request);
}
