package io.ringcast.transport.http;

import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import io.ringcast.journal.deadletter.DeadLetter;
import io.ringcast.journal.deadletter.Redriver;
import io.ringcast.transport.ws.HttpRoutes;

/**
 * The dead-letter admin endpoint: {@code POST /api/dead-letters/{id}/redrive} re-drives one letter through the
 * running engine ({@link Redriver}) and answers {@code 200 {"id":..,"redriven":true,"redrivenAt":..}}, or
 * {@code 404} (no such letter, or its event is past retention), {@code 409} (already re-driven, or its subscription
 * is gone), {@code 405} (not a POST). A re-drive waits for the engine, so it runs on this class's own thread, never on
 * an event loop. Listing and purging stay with {@code ringcast dlq} on the data folder for now.
 */
public final class DeadLetterRoutes implements HttpRoutes, AutoCloseable
{
    private static final Pattern REDRIVE = Pattern.compile("/api/dead-letters/([0-9]{1,18})/redrive");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Redriver redriver;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r ->
    {
        final Thread t = new Thread(r, "ringcast-admin");
        t.setDaemon(true);
        return t;
    });

    /** Routes re-drives to {@code redriver}. */
    public DeadLetterRoutes(final Redriver redriver)
    {
        this.redriver = redriver;
    }

    @Override
    public boolean handles(final String path)
    {
        return path.startsWith("/api/dead-letters/");
    }

    @Override
    public void handle(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final String path = request.uri().split("\\?", 2)[0];
        final HttpMethod method = request.method();
        request.release();
        final Matcher m = REDRIVE.matcher(path);
        if (!m.matches())
        {
            respond(ctx, HttpResponseStatus.NOT_FOUND, error("not_found", "no such endpoint: " + path +
                " (POST /api/dead-letters/{id}/redrive)"));
            return;
        }
        if (!HttpMethod.POST.equals(method))
        {
            respond(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, error("method_not_allowed", "use POST"));
            return;
        }
        final long id = Long.parseLong(m.group(1));
        try
        {
            worker.execute(() -> redrive(ctx, id));
        }
        catch (final RejectedExecutionException ex)
        {
            respond(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, error("stopping", "the server is stopping"));
        }
    }

    private void redrive(final ChannelHandlerContext ctx, final long id)
    {
        try
        {
            final DeadLetter letter = redriver.redrive(id);
            respond(ctx, HttpResponseStatus.OK, JSON.createObjectNode().put("id", letter.id()).put("redriven", true)
                .put("redrivenAt", letter.redrivenMillis()));
        }
        catch (final NoSuchElementException ex)
        {
            respond(ctx, HttpResponseStatus.NOT_FOUND, error("not_found", ex.getMessage()));
        }
        catch (final IllegalStateException ex)
        {
            respond(ctx, HttpResponseStatus.CONFLICT, error("conflict", ex.getMessage()));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            respond(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, error("stopping", "the server is stopping"));
        }
        catch (final RuntimeException ex)
        {
            respond(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, error("internal", String.valueOf(ex.getMessage())));
        }
    }

    private static ObjectNode error(final String code, final String message)
    {
        final ObjectNode node = JSON.createObjectNode();
        node.putObject("error").put("code", code).put("message", message);
        return node;
    }

    private static void respond(final ChannelHandlerContext ctx, final HttpResponseStatus status, final ObjectNode body)
    {
        final byte[] bytes = (body.toString() + "\n").getBytes(StandardCharsets.UTF_8);
        final FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
            Unpooled.wrappedBuffer(bytes));
        response.headers()
            .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length)
            .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE); // writeAndFlush is thread-safe
    }

    @Override
    public void close()
    {
        worker.shutdownNow();
    }
}
