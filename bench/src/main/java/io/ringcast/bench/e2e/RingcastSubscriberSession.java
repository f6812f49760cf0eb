package io.ringcast.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * A Ringcast WebSocket subscriber connection ({@code transport/PROTOCOL.md}): one
 * {@code {"op":"subscribe","id":"s<k>","topic":"bench.t<k>","batch":{"max":100,"lingerMs":L}}} per topic, ready
 * once a {@code subscribed} arrived for each. The server drives the heartbeat with WebSocket pings, which Netty's
 * client answers by itself, so there is no keep-alive frame.
 * <p>
 * Per frame it reads the message type from fixed positions (every server message starts {@code {"type":"}):
 * {@code events} returns at once; {@code error} and {@code gap} (events that will not come) are reported as
 * protocol errors by throwing. No allocation for {@code events} frames.
 * <p>
 * Threads: the connection's event loop only.
 */
final class RingcastSubscriberSession implements SubscriberSession
{
    /** Events per {@code events} message at most: the server's default. */
    static final int BATCH_MAX = 100;

    private static final byte[] TYPE_PREFIX = "{\"type\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENTS = "events\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SUBSCRIBED = "subscribed\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "error\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] GAP = "gap\"".getBytes(StandardCharsets.US_ASCII);

    private final int[] topics;
    private final int lingerMillis;
    private int confirmed;

    RingcastSubscriberSession(final int[] topics, final int lingerMillis)
    {
        this.topics = topics.clone();
        this.lingerMillis = lingerMillis;
    }

    @Override
    public List<WebSocketFrame> start(final ByteBufAllocator allocator)
    {
        final List<WebSocketFrame> frames = new ArrayList<>(topics.length);
        for (final int k : topics)
        {
            frames.add(new TextWebSocketFrame("{\"op\":\"subscribe\",\"id\":\"s" + k + "\",\"topic\":\"" +
                RingcastSystem.topic(k) + "\",\"batch\":{\"max\":" + BATCH_MAX + ",\"lingerMs\":" + lingerMillis + "}}"));
        }
        return frames;
    }

    /**
     * Counts {@code subscribed}; ignores {@code events} and the rest.
     *
     * @throws IllegalStateException on {@code error} or {@code gap}, with the server's message
     */
    @Override
    public List<WebSocketFrame> onFrame(final WebSocketFrame frame, final ByteBufAllocator allocator)
    {
        if (!(frame instanceof TextWebSocketFrame))
        {
            return List.of();
        }
        final ByteBuf text = frame.content();
        final int type = text.readerIndex() + TYPE_PREFIX.length;
        if (!startsWith(text, text.readerIndex(), TYPE_PREFIX) || startsWith(text, type, EVENTS))
        {
            return List.of();
        }
        if (startsWith(text, type, SUBSCRIBED))
        {
            confirmed++;
        }
        else if (startsWith(text, type, ERROR) || startsWith(text, type, GAP))
        {
            throw new IllegalStateException("ringcast said " + text.toString(StandardCharsets.UTF_8));
        }
        return List.of();
    }

    @Override
    public boolean ready()
    {
        return confirmed >= topics.length;
    }

    /** Null: the server pings, Netty pongs. */
    @Override
    public WebSocketFrame keepAlive(final ByteBufAllocator allocator)
    {
        return null;
    }

    private static boolean startsWith(final ByteBuf buffer, final int index, final byte[] expected)
    {
        if (index + expected.length > buffer.writerIndex())
        {
            return false;
        }
        for (int i = 0; i < expected.length; i++)
        {
            if (buffer.getByte(index + i) != expected[i])
            {
                return false;
            }
        }
        return true;
    }
}
