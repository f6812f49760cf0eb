package io.ringcast.transport.http;

import java.util.ArrayDeque;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * Keeps the answers of one keep-alive connection in request order, as HTTP/1.1 requires of pipelined requests,
 * even though routes answer at different times (a publish answers when the journal does, an admin read from a
 * worker thread): it lets one request at a time through to the routes and holds the next ones until the answer of
 * the current one has been written (its {@link LastHttpContent}). {@link RouteTable} puts it in front of the gate
 * the first time a connection carries a route request. At most {@link #MAX_QUEUED} requests wait; past that the
 * connection stops reading until they drain. Event loop thread only.
 */
final class InOrderResponses extends ChannelDuplexHandler
{
    /** Requests held before the connection stops reading. */
    static final int MAX_QUEUED = 16;

    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private final Runnable next = this::next; // preallocated: scheduled once per answered request
    private ChannelHandlerContext context;
    private boolean inFlight;
    private boolean paused;

    /** A handler whose connection already has the request being handled in flight. */
    InOrderResponses()
    {
        inFlight = true;
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        context = ctx;
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (!(msg instanceof FullHttpRequest))
        {
            ctx.fireChannelRead(msg);
            return;
        }
        if (inFlight || !waiting.isEmpty())
        {
            waiting.add((FullHttpRequest)msg);
            if (waiting.size() >= MAX_QUEUED && !paused)
            {
                paused = true;
                ctx.channel().config().setAutoRead(false);
            }
            return;
        }
        inFlight = true;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(final ChannelHandlerContext ctx, final Object msg, final ChannelPromise promise)
    {
        final boolean last = msg instanceof LastHttpContent;
        ctx.write(msg, promise);
        if (last && inFlight)
        {
            inFlight = false;
            // later, not now: the route that wrote this may still be inside its handle() for the previous request
            ctx.executor().execute(next);
        }
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        releaseWaiting();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(final ChannelHandlerContext ctx)
    {
        releaseWaiting();
    }

    private void next()
    {
        if (inFlight || waiting.isEmpty())
        {
            return;
        }
        final ChannelHandlerContext ctx = context;
        final FullHttpRequest request = waiting.poll();
        if (paused && waiting.size() < MAX_QUEUED / 2)
        {
            paused = false;
            ctx.channel().config().setAutoRead(true);
        }
        if (!ctx.channel().isActive())
        {
            request.release();
            releaseWaiting();
            return;
        }
        inFlight = true;
        ctx.fireChannelRead(request);
    }

    private void releaseWaiting()
    {
        for (FullHttpRequest r; (r = waiting.poll()) != null; )
        {
            r.release();
        }
    }
}
