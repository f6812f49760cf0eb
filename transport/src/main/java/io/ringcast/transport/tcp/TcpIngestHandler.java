package io.ringcast.transport.tcp;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.util.concurrent.ScheduledFuture;

import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.PublishStatus;
import io.ringcast.transport.auth.AuthException;
import io.ringcast.transport.auth.Principal;

/**
 * One publisher connection: frames the bytes itself (so a held frame can wait in the cumulation while reads
 * are paused), hands each PUBLISH's event bytes in place to the event loop's {@link EnginePublisher}, and
 * writes the journal's answers back as ACK/NACK frames.
 * <p>
 * Auth: the HELLO's token becomes a {@link Principal}. When it restricts publishing, each PUBLISH's topic bytes are
 * matched in place against its patterns (no allocation; an unrestricted principal costs nothing per event). When it
 * expires, a timer on the event loop stops reading at that instant, lets the publishes already on the ring be
 * answered, then sends a final NACK UNAUTHORIZED and closes.
 * <p>
 * Threads: everything runs on the channel's event loop; the journal's answers arrive through the connection's
 * {@link AckSender} (journal stage thread), which writes them back here and reports them in {@link #onAnswered}.
 */
final class TcpIngestHandler extends ChannelInboundHandlerAdapter implements AckSender.Listener
{
    private static final System.Logger LOG = System.getLogger(TcpIngestHandler.class.getName());
    private static final long FIRST_RETRY_NANOS = TimeUnit.MICROSECONDS.toNanos(100);
    private static final long MAX_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final String TOKEN_EXPIRED = "token expired: reconnect with a new token";

    private final TcpIngestServer server;
    private final TcpIngestConfig config;
    private final AckSender acks;
    private final Runnable retryTask = this::retry;
    private final Runnable expiryTask = this::onTokenExpired;
    private final UnsafeBuffer eventBuffer = new UnsafeBuffer(new byte[0]); // re-wrapped over each frame
    private UnsafeBuffer copyBuffer;
    private ChannelHandlerContext ctx;
    private EnginePublisher publisher;
    private ByteBuf cumulation;
    private boolean welcomed;
    private boolean closing;
    private boolean closeWhenAnswered;
    private boolean stalled;
    private boolean needsFlush;
    private boolean loggedError;
    private int inFlight;
    private long retryNanos = FIRST_RETRY_NANOS;
    private ScheduledFuture<?> retryFuture;
    private Principal principal; // set by HELLO
    private boolean publishRestricted; // the principal lists publish patterns: check each PUBLISH's topic
    private long expiresAtMillis = Principal.NO_EXPIRY;
    private ScheduledFuture<?> expiryFuture;
    private String closeNotice; // the final NACK's message once every queued publish is answered, or null

    TcpIngestHandler(final TcpIngestServer server)
    {
        this.server = server;
        this.config = server.config();
        this.acks = new AckSender(new AckQueue(Integer.highestOneBit(Math.max(1, config.maxPendingAcks() * 2 - 1))),
            this);
    }

    @Override
    public void handlerAdded(final ChannelHandlerContext ctx)
    {
        this.ctx = ctx;
        this.publisher = server.publisherForThisThread();
        acks.bind(ctx);
    }

    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        if (!(msg instanceof ByteBuf) || closing)
        {
            io.netty.util.ReferenceCountUtil.release(msg);
            return;
        }
        cumulation = cumulation == null ? (ByteBuf)msg :
            ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, (ByteBuf)msg);
        if (!stalled)
        {
            processFrames();
        }
    }

    @Override
    public void channelReadComplete(final ChannelHandlerContext ctx)
    {
        flushIfNeeded();
    }

    @Override
    public void channelInactive(final ChannelHandlerContext ctx)
    {
        closing = true;
        cancelRetry();
        cancelExpiry();
        releaseCumulation();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(final ChannelHandlerContext ctx)
    {
        cancelRetry();
        cancelExpiry();
        releaseCumulation();
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        if (cause instanceof IOException)
        {
            closing = true;
            ctx.close(); // the peer went away; nothing to answer
            return;
        }
        if (!loggedError)
        {
            loggedError = true;
            LOG.log(System.Logger.Level.WARNING, "closing publisher connection " + ctx.channel() + " after an error",
                cause);
        }
        if (!closing)
        {
            fail(0, NackCode.PROTOCOL_ERROR, "internal error");
        }
        else
        {
            ctx.close();
        }
    }

    // ---- event loop ----

    /** Starts a graceful close: no more frames are taken; closes once every queued publish is answered. */
    void closeGracefully()
    {
        closing = true;
        closeWhenAnswered = true;
        ctx.channel().config().setAutoRead(false);
        cancelRetry();
        releaseCumulation();
        if (inFlight == 0)
        {
            finishClose();
        }
    }

    /** The token's expiry timer fired (event loop). */
    private void onTokenExpired()
    {
        expiryFuture = null;
        if (!closing)
        {
            expire();
        }
    }

    /** Refuses everything from now on; closes with a final NACK UNAUTHORIZED once queued publishes are answered. */
    private void expire()
    {
        closeNotice = TOKEN_EXPIRED;
        closeGracefully();
    }

    private void finishClose()
    {
        if (closeNotice == null)
        {
            ctx.close();
            return;
        }
        final ByteBuf out = ctx.alloc().buffer(64 + closeNotice.length());
        TcpFrames.nack(out, 0, NackCode.UNAUTHORIZED, closeNotice);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    /** The ACK sender wrote {@code count} answers (event loop): take that many publishes off the books. */
    @Override
    public void onAnswered(final int count)
    {
        inFlight -= count;
        if (closeWhenAnswered && inFlight == 0)
        {
            finishClose();
        }
        else if (stalled && retryFuture == null)
        {
            resume();
        }
    }

    private void retry()
    {
        retryFuture = null;
        if (!closing)
        {
            retryNanos = Math.min(retryNanos * 2, MAX_RETRY_NANOS);
            resume();
        }
    }

    private void resume()
    {
        try
        {
            stalled = false;
            processFrames();
        }
        catch (final RuntimeException ex)
        {
            exceptionCaught(ctx, ex);
        }
    }

    private void processFrames()
    {
        // once per read, not per frame: frames read after the expiry are refused even if the timer is late
        if (expiresAtMillis != Principal.NO_EXPIRY && !closing && server.currentTimeMillis() >= expiresAtMillis)
        {
            expire();
            return;
        }
        while (!closing && cumulation != null)
        {
            final ByteBuf in = cumulation;
            final int readable = in.readableBytes();
            if (readable < TcpProtocol.LENGTH_FIELD)
            {
                break;
            }
            final int start = in.readerIndex();
            final long frameLength = in.getUnsignedIntLE(start);
            if (frameLength > config.maxFrameLength())
            {
                fail(0, NackCode.FRAME_TOO_LARGE, "frame length " + frameLength + " exceeds the maximum of " +
                    config.maxFrameLength());
                return;
            }
            if (frameLength == 0)
            {
                fail(0, NackCode.PROTOCOL_ERROR, "frame length 0: a frame needs at least its type byte");
                return;
            }
            if (readable < TcpProtocol.LENGTH_FIELD + frameLength)
            {
                break;
            }
            final int type = in.getByte(start + TcpProtocol.LENGTH_FIELD);
            if (type == TcpProtocol.PUBLISH && inFlight >= acks.capacity())
            {
                stalled = true; // the drain resumes us
                break;
            }
            if (!onFrame(in, type, start + TcpProtocol.LENGTH_FIELD + 1, (int)frameLength - 1))
            {
                break;
            }
            if (closing)
            {
                return;
            }
            in.readerIndex(start + TcpProtocol.LENGTH_FIELD + (int)frameLength);
        }
        if (!closing)
        {
            if (cumulation != null && !cumulation.isReadable())
            {
                releaseCumulation();
            }
            else if (cumulation != null && cumulation.refCnt() == 1)
            {
                cumulation.discardSomeReadBytes();
            }
            ctx.channel().config().setAutoRead(!stalled);
            flushIfNeeded();
        }
    }

    /** @return false when the frame must wait (ring full); it stays in the cumulation */
    private boolean onFrame(final ByteBuf in, final int type, final int body, final int bodyLength)
    {
        if (!welcomed && type != TcpProtocol.HELLO)
        {
            fail(0, NackCode.PROTOCOL_ERROR, "expected HELLO as the first frame, got type " + typeName(type));
            return true;
        }
        switch (type)
        {
            case TcpProtocol.PUBLISH:
                return onPublish(in, body, bodyLength);
            case TcpProtocol.PING:
                if (bodyLength != 8)
                {
                    fail(0, NackCode.PROTOCOL_ERROR, "PING body must be 8 bytes, was " + bodyLength);
                    return true;
                }
                final ByteBuf pong = ctx.alloc().buffer(TcpProtocol.LENGTH_FIELD + 1 + 8);
                TcpFrames.pong(pong, in.getLongLE(body));
                queue(pong);
                return true;
            case TcpProtocol.HELLO:
                if (welcomed)
                {
                    fail(0, NackCode.PROTOCOL_ERROR, "HELLO sent twice");
                    return true;
                }
                onHello(in, body, bodyLength);
                return true;
            default:
                fail(0, NackCode.PROTOCOL_ERROR, "unknown frame type " + typeName(type));
                return true;
        }
    }

    private boolean onPublish(final ByteBuf in, final int body, final int bodyLength)
    {
        if (bodyLength < 8)
        {
            fail(0, NackCode.PROTOCOL_ERROR, "PUBLISH body of " + bodyLength +
                " bytes is shorter than its 8-byte correlation id");
            return true;
        }
        final long correlationId = in.getLongLE(body);
        final int eventOffset = body + 8;
        final int eventLength = bodyLength - 8;
        wrapEvent(in, eventOffset, eventLength);
        if (publishRestricted && !PublishTopics.allowed(principal, eventBuffer, eventLength))
        {
            final ByteBuf nack = ctx.alloc().buffer(128);
            TcpFrames.nack(nack, correlationId, NackCode.UNAUTHORIZED,
                PublishTopics.refusal(principal, eventBuffer, eventLength));
            queue(nack);
            return true;
        }
        final PublishStatus status = publisher.tryPublish(eventBuffer, 0, eventLength, acks, correlationId);
        if (status == PublishStatus.QUEUED)
        {
            inFlight++;
            retryNanos = FIRST_RETRY_NANOS;
            return true;
        }
        if (status == PublishStatus.INVALID)
        {
            final ByteBuf nack = ctx.alloc().buffer(128);
            TcpFrames.nack(nack, correlationId, NackCode.MALFORMED_EVENT, publisher.errorMessage());
            queue(nack);
            return true;
        }
        if (config.backpressure() == BackpressureMode.NACK_BUSY)
        {
            final ByteBuf nack = ctx.alloc().buffer(64);
            TcpFrames.nack(nack, correlationId, NackCode.BUSY, "ring full: retry later");
            queue(nack);
            return true;
        }
        stalled = true;
        retryFuture = ctx.executor().schedule(retryTask, retryNanos, TimeUnit.NANOSECONDS);
        return false;
    }

    private void wrapEvent(final ByteBuf in, final int offset, final int length)
    {
        if (in.hasMemoryAddress())
        {
            eventBuffer.wrap(in.memoryAddress() + offset, length); // zero copy: the publisher copies into the slot
        }
        else if (in.hasArray())
        {
            eventBuffer.wrap(in.array(), in.arrayOffset() + offset, length);
        }
        else
        {
            if (copyBuffer == null || copyBuffer.capacity() < length)
            {
                copyBuffer = new UnsafeBuffer(new byte[Math.max(length, 4096)]);
            }
            in.getBytes(offset, copyBuffer.byteArray(), 0, length);
            eventBuffer.wrap(copyBuffer.byteArray(), 0, length);
        }
    }

    private void onHello(final ByteBuf in, final int body, final int bodyLength)
    {
        final String token;
        try
        {
            token = HelloDecoder.token(in, body, bodyLength);
        }
        catch (final HelloDecoder.Refused ex)
        {
            fail(0, ex.code(), ex.getMessage());
            return;
        }
        final Principal admitted;
        try
        {
            admitted = server.authenticator().authenticate(token.isEmpty() ? null : token);
        }
        catch (final AuthException ex)
        {
            fail(0, NackCode.UNAUTHORIZED, ex.getMessage());
            return;
        }
        final long now = server.currentTimeMillis();
        if (admitted.expired(now))
        {
            fail(0, NackCode.UNAUTHORIZED, TOKEN_EXPIRED);
            return;
        }
        principal = admitted;
        publishRestricted = !admitted.publishUnrestricted();
        expiresAtMillis = admitted.expiresAtMillis();
        if (admitted.expires())
        {
            expiryFuture = ctx.executor().schedule(expiryTask, expiresAtMillis - now, TimeUnit.MILLISECONDS);
        }
        welcomed = true;
        final ByteBuf welcome = ctx.alloc().buffer(64);
        TcpFrames.welcome(welcome, server.headSeq(), server.epoch(), config.maxFrameLength());
        queue(welcome);
    }

    /** Answers a protocol violation with a final NACK, flushes it, then closes the socket. */
    private void fail(final long correlationId, final NackCode code, final String message)
    {
        closing = true;
        cancelRetry();
        releaseCumulation();
        ctx.channel().config().setAutoRead(false);
        final ByteBuf out = ctx.alloc().buffer(64 + message.length());
        TcpFrames.nack(out, correlationId, code, message);
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
    }

    private void queue(final ByteBuf frame)
    {
        ctx.write(frame, ctx.voidPromise());
        needsFlush = true;
    }

    private void flushIfNeeded()
    {
        if (needsFlush)
        {
            needsFlush = false;
            ctx.flush();
        }
    }

    private void cancelRetry()
    {
        if (retryFuture != null)
        {
            retryFuture.cancel(false);
            retryFuture = null;
        }
    }

    private void cancelExpiry()
    {
        if (expiryFuture != null)
        {
            expiryFuture.cancel(false);
            expiryFuture = null;
        }
    }

    private void releaseCumulation()
    {
        if (cumulation != null)
        {
            cumulation.release();
            cumulation = null;
        }
    }

    private static String typeName(final int type)
    {
        return String.format("0x%02x", type & 0xFF);
    }
}
