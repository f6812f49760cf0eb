package io.ringcast.transport.ws;

import java.util.Objects;

/**
 * Settings of the {@link WebSocketServer} (WebSocket and SSE on one HTTP port). Immutable; build from
 * {@link #defaults()} with the {@code with*} methods.
 *
 * @param bindAddress            address to listen on (default 127.0.0.1)
 * @param port                   port to listen on, 0 for any free one (default 8080)
 * @param maxFrameSize           largest accepted client frame payload in bytes (default 64 KiB)
 * @param ioThreads              event loop threads serving connections (default 1)
 * @param writeLowWaterMark      outbound bytes below which a connection is writable again (default 512 KiB)
 * @param writeHighWaterMark     outbound bytes above which a connection is not writable: a batch for a connection
 *                               in that state disconnects it as a slow consumer (default 1 MiB)
 * @param sendBufferBytes        the socket send buffer (SO_SNDBUF) of each connection, 0 for the OS default
 * @param heartbeatMillis        a WebSocket ping (SSE: a comment line) is sent at this interval (default 30 s)
 * @param heartbeatTimeoutMillis a WebSocket that sent nothing (no pong, no message) for this long is closed with
 *                               1008; at least two heartbeats (default 75 s: two missed pongs and some slack)
 * @param maxConnections         open connections above which new ones are refused with 503 (default 100,000)
 * @param resumeBufferBytes      live event bytes held per resuming subscription while its history replays; more
 *                               ends the resume with {@code resume_overflow} (default 8 MiB)
 * @param catchUpThreads         threads replaying history to resuming subscribers (default 2)
 * @param authTimeoutMillis      when auth is required, a connection that brought no token must send the
 *                               {@code auth} op within this time or be closed with 1008 (default 10 s)
 * @param slowConsumerPolicy     what happens to batches for a connection over its high water mark (default
 *                               {@link SlowConsumerPolicy#DISCONNECT})
 * @param slowConsumerBacklogBytes under {@link SlowConsumerPolicy#DROP_OLDEST}, the bytes of newest batches kept per
 *                               connection while it is over its high water mark (default 1 MiB)
 * @param maxHttpBodyBytes       largest HTTP request body accepted (e.g. {@code POST /api/publish}); larger ones
 *                               are answered 413 (default 1 MiB)
 * @param nativeTransport        use epoll where it is available, else NIO (default true)
 */
public record WebSocketConfig(
    String bindAddress,
    int port,
    int maxFrameSize,
    int ioThreads,
    int writeLowWaterMark,
    int writeHighWaterMark,
    int sendBufferBytes,
    long heartbeatMillis,
    long heartbeatTimeoutMillis,
    int maxConnections,
    int resumeBufferBytes,
    int catchUpThreads,
    long authTimeoutMillis,
    SlowConsumerPolicy slowConsumerPolicy,
    int slowConsumerBacklogBytes,
    int maxHttpBodyBytes,
    boolean nativeTransport)
{
    /** Checks the ranges. */
    public WebSocketConfig
    {
        Objects.requireNonNull(bindAddress, "bindAddress");
        require(port >= 0 && port <= 65535, "port must be in 0..65535, was " + port);
        require(maxFrameSize >= 256, "maxFrameSize must be at least 256, was " + maxFrameSize);
        require(ioThreads >= 1, "ioThreads must be at least 1, was " + ioThreads);
        require(writeLowWaterMark >= 1 && writeHighWaterMark >= writeLowWaterMark,
            "need 1 <= writeLowWaterMark <= writeHighWaterMark, was " + writeLowWaterMark + " and " +
            writeHighWaterMark);
        require(sendBufferBytes >= 0, "sendBufferBytes must be >= 0, was " + sendBufferBytes);
        require(heartbeatMillis >= 1, "heartbeatMillis must be at least 1, was " + heartbeatMillis);
        require(heartbeatTimeoutMillis >= 2 * heartbeatMillis, "heartbeatTimeoutMillis must be at least two " +
            "heartbeats (" + 2 * heartbeatMillis + " ms), was " + heartbeatTimeoutMillis);
        require(maxConnections >= 1, "maxConnections must be at least 1, was " + maxConnections);
        require(resumeBufferBytes >= 1024, "resumeBufferBytes must be at least 1024, was " + resumeBufferBytes);
        require(catchUpThreads >= 1, "catchUpThreads must be at least 1, was " + catchUpThreads);
        require(authTimeoutMillis >= 1, "authTimeoutMillis must be at least 1, was " + authTimeoutMillis);
        Objects.requireNonNull(slowConsumerPolicy, "slowConsumerPolicy");
        require(slowConsumerBacklogBytes >= 1024, "slowConsumerBacklogBytes must be at least 1024, was " +
            slowConsumerBacklogBytes);
        require(maxHttpBodyBytes >= 1024, "maxHttpBodyBytes must be at least 1024, was " + maxHttpBodyBytes);
    }

    /** The defaults listed on the record's parameters. */
    public static WebSocketConfig defaults()
    {
        return new WebSocketConfig("127.0.0.1", 8080, 64 * 1024, 1, 512 * 1024, 1024 * 1024, 0, 30_000, 75_000,
            100_000, 8 * 1024 * 1024, 2, 10_000, SlowConsumerPolicy.DISCONNECT, 1024 * 1024, 1024 * 1024, true);
    }

    /** A copy listening on {@code address}. */
    public WebSocketConfig withBindAddress(final String address)
    {
        return new WebSocketConfig(address, port, maxFrameSize, ioThreads, writeLowWaterMark, writeHighWaterMark,
            sendBufferBytes, heartbeatMillis, heartbeatTimeoutMillis, maxConnections, resumeBufferBytes,
            catchUpThreads, authTimeoutMillis, slowConsumerPolicy, slowConsumerBacklogBytes, maxHttpBodyBytes, nativeTransport);
    }

    /** A copy listening on {@code newPort} (0: any free port). */
    public WebSocketConfig withPort(final int newPort)
    {
        return new WebSocketConfig(bindAddress, newPort, maxFrameSize, ioThreads, writeLowWaterMark,
            writeHighWaterMark, sendBufferBytes, heartbeatMillis, heartbeatTimeoutMillis, maxConnections,
            resumeBufferBytes, catchUpThreads, authTimeoutMillis, slowConsumerPolicy, slowConsumerBacklogBytes, maxHttpBodyBytes, nativeTransport);
    }

    /** A copy with another client frame limit. */
    public WebSocketConfig withMaxFrameSize(final int bytes)
    {
        return new WebSocketConfig(bindAddress, port, bytes, ioThreads, writeLowWaterMark, writeHighWaterMark,
            sendBufferBytes, heartbeatMillis, heartbeatTimeoutMillis, maxConnections, resumeBufferBytes,
            catchUpThreads, authTimeoutMillis, slowConsumerPolicy, slowConsumerBacklogBytes, maxHttpBodyBytes, nativeTransport);
    }

    /** A copy with another number of event loop threads. */
    public WebSocketConfig withIoThreads(final int threads)
    {
        return new WebSocketConfig(bindAddress, port, maxFrameSize, threads, writeLowWaterMark, writeHighWaterMark,
            sendBufferBytes, heartbeatMillis, heartbeatTimeoutMillis, maxConnections, resumeBufferBytes,
            catchUpThreads, authTimeoutMillis, slowConsumerPolicy, slowConsumerBacklogBytes, maxHttpBodyBytes, nativeTransport);
    }

    /** A copy with other outbound water marks (the high one is the slow-consumer bound). */
    public WebSocketConfig withWriteWaterMarks(final int low, final int high)
    {
        return new WebSocketConfig(bindAddress, port, maxFrameSize, ioThreads, low, high, sendBufferBytes,
            heartbeatMillis, heartbeatTimeoutMillis, maxConnections, resumeBufferBytes, catchUpThreads,
            authTimeoutMillis, slowConsumerPolicy, slowConsumerBacklogBytes, maxHttpBodyBytes, nativeTransport);
    }

    /** A copy with another socket send buffer size (0: OS default). */
    public WebSocketConfig withSendBufferBytes(final int bytes)
    {
        return new WebSocketConfig(bindAddress, port, maxFrameSize, ioThreads, writeLowWaterMark, writeHighWaterMark,
            bytes, heartbeatMillis, heartbeatTimeoutMillis, maxConnections, resumeBufferBytes, catchUpThreads,
            authTimeoutMillis, slowConsumerPolicy, slowConsumerBacklogBytes, maxHttpBodyBytes, nativeTransport);
    }

    /** A copy with another heartbeat interval; the timeout becomes 2.5 intervals. */
    public WebSocketConfig withHeartbeatMillis(final long millis)
    {
        return withHeartbeat(millis, millis * 5 / 2);
    }

    /** A copy with another heartbeat interval and timeout (no inbound traffic for that long closes). */
    public WebSocketConfig withHeartbeat(final long millis, final long timeoutMillis)
    {
        return new WebSocketConfig(bindAddress, port, maxFrameSize, ioThreads, writeLowWaterMark, writeHighWaterMark,
            sendBufferBytes, millis, timeoutMillis, maxConnections, resumeBufferBytes, catchUpThreads,
            authTimeoutMillis, slowConsumerPolicy, slowConsumerBacklogBytes, maxHttpBodyBytes, nativeTransport);
    }

    /** A copy with another connection limit. */
    public WebSocketConfig withMaxConnections(final int max)
    {
        return new WebSocketConfig(bindAddress, port, maxFrameSize, ioThreads, writeLowWaterMark, writeHighWaterMark,
            sendBufferBytes, heartbeatMillis, heartbeatTimeoutMillis, max, resumeBufferBytes, catchUpThreads,
            authTimeoutMillis, slowConsumerPolicy, slowConsumerBacklogBytes, maxHttpBodyBytes, nativeTransport);
    }

    /** A copy with another per-subscription resume buffer. */
    public WebSocketConfig withResumeBufferBytes(final int bytes)
    {
        return new WebSocketConfig(bindAddress, port, maxFrameSize, ioThreads, writeLowWaterMark, writeHighWaterMark,
            sendBufferBytes, heartbeatMillis, heartbeatTimeoutMillis, maxConnections, bytes, catchUpThreads,
            authTimeoutMillis, slowConsumerPolicy, slowConsumerBacklogBytes, maxHttpBodyBytes, nativeTransport);
    }

    /** A copy with another auth deadline for connections that came without a token. */
    public WebSocketConfig withAuthTimeoutMillis(final long millis)
    {
        return new WebSocketConfig(bindAddress, port, maxFrameSize, ioThreads, writeLowWaterMark, writeHighWaterMark,
            sendBufferBytes, heartbeatMillis, heartbeatTimeoutMillis, maxConnections, resumeBufferBytes,
            catchUpThreads, millis, slowConsumerPolicy, slowConsumerBacklogBytes, maxHttpBodyBytes, nativeTransport);
    }

    /** A copy with another slow-consumer policy and drop-oldest backlog bound. */
    public WebSocketConfig withSlowConsumer(final SlowConsumerPolicy policy, final int backlogBytes)
    {
        return new WebSocketConfig(bindAddress, port, maxFrameSize, ioThreads, writeLowWaterMark, writeHighWaterMark,
            sendBufferBytes, heartbeatMillis, heartbeatTimeoutMillis, maxConnections, resumeBufferBytes,
            catchUpThreads, authTimeoutMillis, policy, backlogBytes, maxHttpBodyBytes, nativeTransport);
    }

    /** A copy with another HTTP request body limit. */
    public WebSocketConfig withMaxHttpBodyBytes(final int bytes)
    {
        return new WebSocketConfig(bindAddress, port, maxFrameSize, ioThreads, writeLowWaterMark, writeHighWaterMark,
            sendBufferBytes, heartbeatMillis, heartbeatTimeoutMillis, maxConnections, resumeBufferBytes,
            catchUpThreads, authTimeoutMillis, slowConsumerPolicy, slowConsumerBacklogBytes, bytes, nativeTransport);
    }

    /** A copy that uses (or not) epoll where it is available. */
    public WebSocketConfig withNativeTransport(final boolean useNative)
    {
        return new WebSocketConfig(bindAddress, port, maxFrameSize, ioThreads, writeLowWaterMark, writeHighWaterMark,
            sendBufferBytes, heartbeatMillis, heartbeatTimeoutMillis, maxConnections, resumeBufferBytes,
            catchUpThreads, authTimeoutMillis, slowConsumerPolicy, slowConsumerBacklogBytes, maxHttpBodyBytes,
            useNative);
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }
}
