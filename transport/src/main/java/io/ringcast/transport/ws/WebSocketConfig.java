package io.ringcast.transport.ws;

import java.util.Objects;

/**
 * Settings of the {@link WebSocketServer}. Immutable; build from {@link #defaults()} with the {@code with*}
 * methods.
 *
 * @param bindAddress        address to listen on (default 127.0.0.1)
 * @param port               port to listen on, 0 for any free one (default 8080)
 * @param maxFrameSize       largest accepted client frame payload in bytes (default 64 KiB)
 * @param ioThreads          event loop threads serving connections (default 1)
 * @param writeLowWaterMark  outbound bytes below which a connection is writable again (default 512 KiB)
 * @param writeHighWaterMark outbound bytes above which a connection is not writable: a batch for a connection
 *                           in that state disconnects it as a slow consumer (default 1 MiB)
 * @param sendBufferBytes    the socket send buffer (SO_SNDBUF) of each connection, 0 for the OS default
 * @param heartbeatMillis    a WebSocket ping is sent after this long without outbound traffic (default 30 s)
 */
public record WebSocketConfig(
    String bindAddress,
    int port,
    int maxFrameSize,
    int ioThreads,
    int writeLowWaterMark,
    int writeHighWaterMark,
    int sendBufferBytes,
    long heartbeatMillis)
{
    /** Checks the ranges. */
    public WebSocketConfig
    {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535)
        {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (maxFrameSize < 256)
        {
            throw new IllegalArgumentException("maxFrameSize must be at least 256, was " + maxFrameSize);
        }
        if (ioThreads < 1)
        {
            throw new IllegalArgumentException("ioThreads must be at least 1, was " + ioThreads);
        }
        if (writeLowWaterMark < 1 || writeHighWaterMark < writeLowWaterMark)
        {
            throw new IllegalArgumentException("need 1 <= writeLowWaterMark <= writeHighWaterMark, was " +
                writeLowWaterMark + " and " + writeHighWaterMark);
        }
        if (sendBufferBytes < 0)
        {
            throw new IllegalArgumentException("sendBufferBytes must be >= 0, was " + sendBufferBytes);
        }
        if (heartbeatMillis < 1)
        {
            throw new IllegalArgumentException("heartbeatMillis must be at least 1, was " + heartbeatMillis);
        }
    }

    /** 127.0.0.1:8080, 64 KiB frames, one I/O thread, water marks 512 KiB / 1 MiB, OS send buffer, 30 s heartbeat. */
    public static WebSocketConfig defaults()
    {
        return new WebSocketConfig("127.0.0.1", 8080, 64 * 1024, 1, 512 * 1024, 1024 * 1024, 0, 30_000);
    }

    /** A copy listening on {@code address}. */
    public WebSocketConfig withBindAddress(final String address)
    {
        return new WebSocketConfig(address, port, maxFrameSize, ioThreads, writeLowWaterMark, writeHighWaterMark,
            sendBufferBytes, heartbeatMillis);
    }

    /** A copy listening on {@code newPort} (0: any free port). */
    public WebSocketConfig withPort(final int newPort)
    {
        return new WebSocketConfig(bindAddress, newPort, maxFrameSize, ioThreads, writeLowWaterMark,
            writeHighWaterMark, sendBufferBytes, heartbeatMillis);
    }

    /** A copy with another client frame limit. */
    public WebSocketConfig withMaxFrameSize(final int bytes)
    {
        return new WebSocketConfig(bindAddress, port, bytes, ioThreads, writeLowWaterMark, writeHighWaterMark,
            sendBufferBytes, heartbeatMillis);
    }

    /** A copy with other outbound water marks (the high one is the slow-consumer bound). */
    public WebSocketConfig withWriteWaterMarks(final int low, final int high)
    {
        return new WebSocketConfig(bindAddress, port, maxFrameSize, ioThreads, low, high, sendBufferBytes,
            heartbeatMillis);
    }

    /** A copy with another socket send buffer size (0: OS default). */
    public WebSocketConfig withSendBufferBytes(final int bytes)
    {
        return new WebSocketConfig(bindAddress, port, maxFrameSize, ioThreads, writeLowWaterMark, writeHighWaterMark,
            bytes, heartbeatMillis);
    }

    /** A copy with another heartbeat interval. */
    public WebSocketConfig withHeartbeatMillis(final long millis)
    {
        return new WebSocketConfig(bindAddress, port, maxFrameSize, ioThreads, writeLowWaterMark, writeHighWaterMark,
            sendBufferBytes, millis);
    }
}
