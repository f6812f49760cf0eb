package io.ringcast.bench.e2e;

import java.util.List;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * One subscriber connection's protocol state: the frames that subscribe once the WebSocket is open, the answers to
 * the server's frames (NATS {@code PING} → {@code PONG}, MQTT keep-alive), and whether every subscription was
 * confirmed. The harness measures every data frame itself after {@link #onFrame} (it scans the frame for the payload
 * timestamps, see {@link Payloads}); a session never parses messages for the measurement.
 * <p>
 * Threads: the connection's event loop only.
 */
public interface SubscriberSession
{
    /** Frames to send right after the WebSocket opened (connect, subscribe). */
    List<WebSocketFrame> start(ByteBufAllocator allocator);

    /**
     * A frame arrived (still readable; the harness releases it). Returns frames to send back, often none. Must not
     * consume the frame's readable bytes (read with absolute indexes).
     */
    List<WebSocketFrame> onFrame(WebSocketFrame frame, ByteBufAllocator allocator);

    /** True once the server confirmed every subscription of this connection. */
    boolean ready();

    /** A keep-alive frame to send when the connection was idle for a while, or null when the server drives it. */
    WebSocketFrame keepAlive(ByteBufAllocator allocator);
}
