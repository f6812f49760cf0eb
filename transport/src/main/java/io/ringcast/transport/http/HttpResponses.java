package io.ringcast.transport.http;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Writes the API's answers: JSON bodies, and errors in the one shape the HTTP API uses (the shape of the
 * dead-letter routes): {@code {"error":{"code":"bad_request","message":"topic: is required ...","field":"topic"}}}.
 * Keeps the connection open when the request asked for keep-alive, else closes it after the answer.
 * Any thread ({@code writeAndFlush} hands the write to the channel's event loop); allocates the response.
 */
final class HttpResponses
{
    static final ObjectMapper JSON = new ObjectMapper();

    private HttpResponses()
    {
    }

    /** An error body: {@code code} (stable, snake case), {@code message}, and {@code field} when one is at fault. */
    static ObjectNode error(final String code, final String message, final String field)
    {
        final ObjectNode node = JSON.createObjectNode();
        final ObjectNode error = node.putObject("error").put("code", code).put("message", message);
        if (field != null)
        {
            error.put("field", field);
        }
        return node;
    }

    /** Answers with an error body. */
    static void error(final ChannelHandlerContext ctx, final boolean keepAlive, final HttpResponseStatus status,
        final String code, final String message)
    {
        json(ctx, keepAlive, status, error(code, message, null));
    }

    /** Answers with a JSON body. */
    static void json(final ChannelHandlerContext ctx, final boolean keepAlive, final HttpResponseStatus status,
        final ObjectNode body)
    {
        send(ctx, keepAlive, response(status, body));
    }

    /** A JSON response (one line, newline-terminated), for callers that add headers before {@link #send}. */
    static FullHttpResponse response(final HttpResponseStatus status, final ObjectNode body)
    {
        return response(status, (body.toString() + "\n").getBytes(StandardCharsets.UTF_8),
            HttpHeaderValues.APPLICATION_JSON.toString());
    }

    /** A response with {@code bytes} of {@code contentType}. */
    static FullHttpResponse response(final HttpResponseStatus status, final byte[] bytes, final String contentType)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.wrappedBuffer(bytes));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, contentType)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
            .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
        return response;
    }

    /** Writes {@code response}, closing the connection afterwards unless {@code keepAlive}. */
    static void send(final ChannelHandlerContext ctx, final boolean keepAlive, final FullHttpResponse response)
    {
        HttpUtil.setKeepAlive(response, keepAlive);
        if (keepAlive)
        {
            ctx.writeAndFlush(response, ctx.voidPromise());
        }
        else
        {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
