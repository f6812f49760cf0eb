package io.ringcast.transport.tcp;

import java.util.Objects;

/**
 * Settings of the {@link TcpIngestServer}. Immutable; build from {@link #defaults()} with the {@code with*}
 * methods.
 *
 * @param bindAddress     address to listen on (default 127.0.0.1)
 * @param port            port to listen on, 0 for any free one (default 7070)
 * @param maxFrameLength  largest accepted value of a frame's length field (default 1 MiB + 64)
 * @param ioThreads       event loop threads serving connections (default 1)
 * @param backpressure    what a full ring does (default {@link BackpressureMode#BLOCK_READS})
 * @param maxPendingAcks  PUBLISHes one connection may have queued but not yet answered; at the bound the
 *                        server stops reading from it (default 16384, rounded up to a power of two)
 * @param nativeTransport use epoll when it is available, else NIO (default true)
 */
public record TcpIngestConfig(
    String bindAddress,
    int port,
    int maxFrameLength,
    int ioThreads,
    BackpressureMode backpressure,
    int maxPendingAcks,
    boolean nativeTransport)
{
    /** Checks the ranges. */
    public TcpIngestConfig
    {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(backpressure, "backpressure");
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (maxFrameLength < 64)
        {
            throw new IllegalArgumentException("maxFrameLength must be at least 64, was " + maxFrameLength);
        }
        if (ioThreads < 1)
        {
            throw new IllegalArgumentException("ioThreads must be at least 1, was " + ioThreads);
        }
        if (maxPendingAcks < 1 || maxPendingAcks > (1 << 24))
        {
            throw new IllegalArgumentException("maxPendingAcks must be in 1..16777216, was " + maxPendingAcks);
        }
    }

    /** 127.0.0.1:7070, 1 MiB + 64 frames, one I/O thread, BLOCK_READS, 16384 pending ACKs, epoll where available. */
    public static TcpIngestConfig defaults()
    {
        return new TcpIngestConfig("127.0.0.1", 7070, (1 << 20) + 64, 1, BackpressureMode.BLOCK_READS, 16384, true);
    }

    /** A copy listening on {@code address}. */
    public TcpIngestConfig withBindAddress(final String address)
    {
        return new TcpIngestConfig(address, port, maxFrameLength, ioThreads, backpressure, maxPendingAcks,
            nativeTransport);
    }

    /** A copy listening on {@code newPort} (0: any free port). */
    public TcpIngestConfig withPort(final int newPort)
    {
        return new TcpIngestConfig(bindAddress, newPort, maxFrameLength, ioThreads, backpressure, maxPendingAcks,
            nativeTransport);
    }

    /** A copy with another frame limit. */
    public TcpIngestConfig withMaxFrameLength(final int bytes)
    {
        return new TcpIngestConfig(bindAddress, port, bytes, ioThreads, backpressure, maxPendingAcks,
            nativeTransport);
    }

    /** A copy with another I/O thread count. */
    public TcpIngestConfig withIoThreads(final int threads)
    {
        return new TcpIngestConfig(bindAddress, port, maxFrameLength, threads, backpressure, maxPendingAcks,
            nativeTransport);
    }

    /** A copy with another backpressure mode. */
    public TcpIngestConfig withBackpressure(final BackpressureMode mode)
    {
        return new TcpIngestConfig(bindAddress, port, maxFrameLength, ioThreads, mode, maxPendingAcks,
            nativeTransport);
    }

    /** A copy with another per-connection pending-ACK bound. */
    public TcpIngestConfig withMaxPendingAcks(final int max)
    {
        return new TcpIngestConfig(bindAddress, port, maxFrameLength, ioThreads, backpressure, max, nativeTransport);
    }

    /** A copy that uses (or not) epoll when available. */
    public TcpIngestConfig withNativeTransport(final boolean useNative)
    {
        return new TcpIngestConfig(bindAddress, port, maxFrameLength, ioThreads, backpressure, maxPendingAcks,
            useNative);
    }
}
