package io.ringcast.transport.http;

import java.util.Locale;
import java.util.concurrent.RejectedExecutionException;

import io.netty.buffer.ByteBufInputStream;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.FastThreadLocal;
import org.agrona.ExpandableArrayBuffer;

import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventEncoder;
import io.ringcast.engine.event.PublishCallback;
import io.ringcast.engine.metrics.EngineMetrics;
import io.ringcast.engine.metrics.RejectReason;
import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.PublishStatus;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.transport.auth.Principal;

/**
 * {@code POST /api/publish}: checks the caller, reads the body as a {@link PublishRequest}, puts the event on the
 * ring without waiting (a full ring answers {@code 503} with {@code Retry-After: 1}) and answers once the journal
 * has: {@code 200 {"id":..,"seq":N,"duplicate":false}}, for a repeat of a dedup key the original seq and
 * {@code "duplicate":true}, {@code 500} when the journal failed. Bodies refused as malformed or too large count in the
 * engine's rejects, as TCP publishes do.
 * <p>
 * Threads: {@link #handle} on the connection's event loop, with that event loop's own {@link EnginePublisher}
 * (created on first use) and encode buffer; the journal stage's thread reports the outcome to the request's
 * {@link Pending}, which hops back to the event loop to answer. Allocates per request (the tree, the event, the
 * answer); nothing is allocated on the journal thread but Netty's task hand-off.
 */
final class PublishRoute
{
    private final ApiAccess access;
    private final EngineMetrics metrics;
    private final PublishRequest reader;
    private final int maxBodyBytes;
    private final FastThreadLocal<Lane> lanes;

    PublishRoute(final RingcastEngine engine, final ApiAccess access, final int maxBodyBytes)
    {
        this.access = access;
        this.metrics = engine.metrics();
        this.reader = new PublishRequest(engine.config().codecLimits());
        this.maxBodyBytes = maxBodyBytes;
        this.lanes = new FastThreadLocal<>()
        {
            @Override
            protected Lane initialValue()
            {
                return new Lane(engine.newPublisher());
            }
        };
    }

    /** Answers one publish request and releases it. Event loop thread. */
    void handle(final ChannelHandlerContext ctx, final FullHttpRequest request, final boolean keepAlive)
    {
        final Event event;
        final Principal principal;
        try
        {
            principal = access.authenticate(ctx, keepAlive, request.headers());
            if (principal == null)
            {
                return;
            }
            final int size = request.content().readableBytes();
            if (size > maxBodyBytes)
            {
                metrics.reject(RejectReason.TOO_LARGE);
                HttpResponses.error(ctx, keepAlive, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                    "the body is " + size + " bytes, at most " + maxBodyBytes + " are allowed");
                return;
            }
            final String type = request.headers().get(HttpHeaderNames.CONTENT_TYPE);
            if (!isJson(type))
            {
                HttpResponses.error(ctx, keepAlive, HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type", "the body must be application/json, was " + type);
                return;
            }
            event = reader.read(new ByteBufInputStream(request.content()), System.currentTimeMillis());
        }
        catch (final PublishRequestException ex)
        {
            metrics.reject(RejectReason.MALFORMED); // counted like a malformed TCP publish: one number for all ingest
            HttpResponses.json(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST,
                HttpResponses.error("bad_request", ex.getMessage(), ex.field()));
            return;
        }
        finally
        {
            request.release();
        }
        if (!principal.mayPublish(event.topic()))
        {
            HttpResponses.error(ctx, keepAlive, HttpResponseStatus.FORBIDDEN, "forbidden",
                "user '" + principal.user() + "' may not publish on topic '" + event.topic() + "'");
            return;
        }
        publish(ctx, keepAlive, event);
    }

    private void publish(final ChannelHandlerContext ctx, final boolean keepAlive, final Event event)
    {
        final Lane lane = lanes.get();
        final int length;
        try
        {
            length = event.encode(lane.encoder, lane.buffer, 0);
        }
        catch (final IllegalArgumentException ex)
        {
            HttpResponses.error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, "bad_request", ex.getMessage());
            return;
        }
        final Pending pending = new Pending(ctx, keepAlive, event.id());
        final PublishStatus status = lane.publisher.tryPublish(lane.buffer, 0, length, pending, 0);
        if (status == PublishStatus.BUSY)
        {
            final FullHttpResponse response = HttpResponses.response(HttpResponseStatus.SERVICE_UNAVAILABLE,
                HttpResponses.error("busy", "the server is busy (its ring is full); retry after 1 s", null));
            response.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
            HttpResponses.send(ctx, keepAlive, response);
        }
        else if (status == PublishStatus.INVALID)
        {
            HttpResponses.error(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, "bad_request",
                "the event was refused: " + lane.publisher.errorMessage());
        }
    }

    private static boolean isJson(final String contentType)
    {
        if (contentType == null)
        {
            return true; // a client that names no type gets the benefit of the doubt: the parser is strict anyway
        }
        final int semicolon = contentType.indexOf(';');
        final String mime = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        final String lower = mime.toLowerCase(Locale.ROOT);
        return lower.equals("application/json") || (lower.startsWith("application/") && lower.endsWith("+json"));
    }

    /** One event loop's publisher and encode buffer (the publisher copies the bytes into the ring slot). */
    private static final class Lane
    {
        final EnginePublisher publisher;
        final EventEncoder encoder = new EventEncoder();
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);

        Lane(final EnginePublisher publisher)
        {
            this.publisher = publisher;
        }
    }

    /**
     * One publish waiting for the journal: told the outcome on the journal thread, answers on the event loop.
     * The fields written on the journal thread are read after {@code execute}, which orders them.
     */
    private static final class Pending implements PublishCallback, Runnable
    {
        private static final int ACCEPTED = 0;
        private static final int DUPLICATE = 1;
        private static final int FAILED = 2;

        private final ChannelHandlerContext ctx;
        private final boolean keepAlive;
        private final String id;
        private int outcome;
        private long seq;
        private String reason;

        Pending(final ChannelHandlerContext ctx, final boolean keepAlive, final String id)
        {
            this.ctx = ctx;
            this.keepAlive = keepAlive;
            this.id = id;
        }

        @Override
        public void onAccepted(final long correlationId, final long seq)
        {
            answered(ACCEPTED, seq, null);
        }

        @Override
        public void onDuplicate(final long correlationId, final long originalSeq)
        {
            answered(DUPLICATE, originalSeq, null);
        }

        @Override
        public void onFailed(final long correlationId, final String reason)
        {
            answered(FAILED, 0, reason);
        }

        private void answered(final int outcome, final long seq, final String reason)
        {
            this.outcome = outcome;
            this.seq = seq;
            this.reason = reason;
            try
            {
                ctx.executor().execute(this);
            }
            catch (final RejectedExecutionException ex)
            {
                // the server is shutting down and the connection with it: the answer has nobody to go to
            }
        }

        @Override
        public void run()
        {
            if (!ctx.channel().isActive())
            {
                return;
            }
            if (outcome == FAILED)
            {
                HttpResponses.error(ctx, keepAlive, HttpResponseStatus.INTERNAL_SERVER_ERROR, "journal_failed",
                    "the event was not stored: " + reason);
                return;
            }
            HttpResponses.json(ctx, keepAlive, HttpResponseStatus.OK, HttpResponses.JSON.createObjectNode()
                .put("id", id).put("seq", seq).put("duplicate", outcome == DUPLICATE));
        }
    }
}
