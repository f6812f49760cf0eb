package io.ringcast.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * One MQTT 3.1.1-over-WebSocket subscriber connection: sends {@code CONNECT} (clean session, client id
 * {@code bench-<connection>}) and {@code SUBSCRIBE}s at QoS 0 for {@code bench/t<k>} (up to
 * {@value #TOPICS_PER_SUBSCRIBE} topics each), one packet per binary frame; is {@link #ready} once {@code CONNACK}
 * accepted it and every {@code SUBACK} arrived.
 * <p>
 * The server's packet stream is parsed across frames (a frame may hold several packets or part of one): fixed
 * header, remaining length (1 to 4 bytes), then the body, which for {@code PUBLISH} is skipped without being looked
 * at (the harness measures it) and for {@code CONNACK}/{@code SUBACK} is checked byte by byte as it streams by.
 * Nothing is allocated per message.
 * <p>
 * Keep-alive: Mosquitto drops a client that sent nothing for 1.5 × the keep-alive, and a subscriber under load only
 * receives, so besides {@link #keepAlive} (for an idle connection) {@link #onFrame} itself answers with a
 * {@code PINGREQ} once half the keep-alive passed since the last one.
 * <p>
 * Threads: the connection's event loop only.
 */
public final class MqttSubscriberSession implements SubscriberSession
{
    /** Keep-alive announced in {@code CONNECT}. */
    public static final int KEEP_ALIVE_SECONDS = 60;

    /** Topic filters per {@code SUBSCRIBE} packet (keeps each packet and its {@code SUBACK} small). */
    static final int TOPICS_PER_SUBSCRIBE = 100;

    private static final int CONNACK = 2;
    private static final int PUBLISH = 3;
    private static final int SUBACK = 9;
    private static final int PINGRESP = 13;
    private static final int SUBACK_FAILURE = 0x80;
    private static final long PING_EVERY_NANOS = TimeUnit.SECONDS.toNanos(KEEP_ALIVE_SECONDS) / 2;
    private static final String[] CONNACK_REASONS = {"accepted", "unacceptable protocol version",
        "identifier rejected", "server unavailable", "bad user name or password", "not authorized"};

    private enum State
    {
        HEADER, LENGTH, BODY
    }

    private final int connection;
    private final int[] topics;
    private final int subscribePackets;
    private final long pingEveryNanos;
    private State state = State.HEADER;
    private int packetType;
    private int remaining;
    private int lengthBytes;
    private int multiplier;
    private int bodyIndex;
    private int packetId;
    private boolean connected;
    private int subacks;
    private long pingResponses;
    private long lastPingNanos;

    /**
     * A session for subscriber connection {@code connection} that will subscribe to MQTT topics {@code bench/t<k>}
     * for each {@code k} in {@code topics} (the array is kept, not copied).
     */
    public MqttSubscriberSession(final int connection, final int[] topics)
    {
        this(connection, topics, PING_EVERY_NANOS);
    }

    MqttSubscriberSession(final int connection, final int[] topics, final long pingEveryNanos)
    {
        this.connection = connection;
        this.topics = topics;
        this.subscribePackets = (topics.length + TOPICS_PER_SUBSCRIBE - 1) / TOPICS_PER_SUBSCRIBE;
        this.pingEveryNanos = pingEveryNanos;
        this.lastPingNanos = System.nanoTime();
    }

    /** The MQTT topic of harness topic {@code topic}. Allocates the string. */
    public static String topic(final int topic)
    {
        return "bench/t" + topic;
    }

    /** {@code CONNECT} and the {@code SUBSCRIBE}s (packet ids 1, 2, ...), one per binary frame. Allocates them. */
    @Override
    public List<WebSocketFrame> start(final ByteBufAllocator allocator)
    {
        final List<WebSocketFrame> frames = new ArrayList<>(1 + subscribePackets);
        final byte[] clientId = ("bench-" + connection).getBytes(StandardCharsets.UTF_8);
        final ByteBuf connect = allocator.buffer(16 + clientId.length);
        connect.writeByte(0x10);
        writeRemainingLength(connect, 10 + 2 + clientId.length);
        connect.writeShort(4).writeBytes("MQTT".getBytes(StandardCharsets.US_ASCII));
        connect.writeByte(4);
        connect.writeByte(0x02);
        connect.writeShort(KEEP_ALIVE_SECONDS);
        connect.writeShort(clientId.length).writeBytes(clientId);
        frames.add(new BinaryWebSocketFrame(connect));
        for (int p = 0; p < subscribePackets; p++)
        {
            final int from = p * TOPICS_PER_SUBSCRIBE;
            final int to = Math.min(topics.length, from + TOPICS_PER_SUBSCRIBE);
            final List<byte[]> filters = new ArrayList<>(to - from);
            int length = 2;
            for (int i = from; i < to; i++)
            {
                final byte[] filter = topic(topics[i]).getBytes(StandardCharsets.UTF_8);
                filters.add(filter);
                length += 2 + filter.length + 1;
            }
            final ByteBuf subscribe = allocator.buffer(5 + length);
            subscribe.writeByte(0x82);
            writeRemainingLength(subscribe, length);
            subscribe.writeShort(p + 1);
            for (final byte[] filter : filters)
            {
                subscribe.writeShort(filter.length).writeBytes(filter).writeByte(0);
            }
            frames.add(new BinaryWebSocketFrame(subscribe));
        }
        lastPingNanos = System.nanoTime();
        return frames;
    }

    /**
     * Parses the frame's bytes (binary or continuation frames; others are ignored). Returns a {@code PINGREQ} when
     * half the keep-alive passed since the last one, else nothing. Reads with absolute indexes.
     *
     * @throws IllegalStateException when Mosquitto refuses the connection or a subscription, or sends what a QoS 0
     *                               MQTT 3.1.1 subscriber cannot receive
     */
    @Override
    public List<WebSocketFrame> onFrame(final WebSocketFrame frame, final ByteBufAllocator allocator)
    {
        if (!(frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame))
        {
            return List.of();
        }
        final ByteBuf content = frame.content();
        final int end = content.writerIndex();
        int i = content.readerIndex();
        while (i < end)
        {
            if (state == State.BODY && packetType == PUBLISH)
            {
                final int n = Math.min(remaining - bodyIndex, end - i);
                bodyIndex += n;
                i += n;
                if (bodyIndex == remaining)
                {
                    state = State.HEADER;
                }
                continue;
            }
            onByte(content.getByte(i++) & 0xFF);
        }
        if (connected && System.nanoTime() - lastPingNanos >= pingEveryNanos)
        {
            return List.of(keepAlive(allocator));
        }
        return List.of();
    }

    /** True once {@code CONNACK} accepted the connection and every {@code SUBACK} arrived. */
    @Override
    public boolean ready()
    {
        return connected && subacks == subscribePackets;
    }

    /** A {@code PINGREQ} frame (2 bytes, allocated). */
    @Override
    public WebSocketFrame keepAlive(final ByteBufAllocator allocator)
    {
        lastPingNanos = System.nanoTime();
        return new BinaryWebSocketFrame(allocator.buffer(2).writeByte(0xC0).writeByte(0));
    }

    /** {@code PINGRESP}s received so far. */
    public long pingResponses()
    {
        return pingResponses;
    }

    /** Appends MQTT's remaining-length varint (1 to 4 bytes) for {@code length}. */
    static void writeRemainingLength(final ByteBuf out, final int length)
    {
        if (length < 0 || length > 268_435_455)
        {
            throw new IllegalArgumentException("MQTT remaining length must be 0..268435455, was " + length);
        }
        int value = length;
        do
        {
            int digit = value & 0x7F;
            value >>>= 7;
            if (value > 0)
            {
                digit |= 0x80;
            }
            out.writeByte(digit);
        }
        while (value > 0);
    }

    private void onByte(final int b)
    {
        switch (state)
        {
            case HEADER ->
            {
                packetType = b >>> 4;
                if (packetType == PUBLISH && (b & 0x06) != 0)
                {
                    throw new IllegalStateException("Mosquitto sent a PUBLISH with QoS " + ((b >>> 1) & 3) +
                        " on connection " + connection + "; this subscriber asked for QoS 0 only");
                }
                if (packetType != PUBLISH && packetType != CONNACK && packetType != SUBACK && packetType != PINGRESP)
                {
                    throw new IllegalStateException("unexpected MQTT packet type " + packetType + " (first byte 0x" +
                        Integer.toHexString(b) + ") from Mosquitto on connection " + connection +
                        "; a subscriber expects CONNACK, SUBACK, PUBLISH or PINGRESP");
                }
                remaining = 0;
                lengthBytes = 0;
                multiplier = 1;
                state = State.LENGTH;
            }
            case LENGTH ->
            {
                remaining += (b & 0x7F) * multiplier;
                lengthBytes++;
                if ((b & 0x80) == 0)
                {
                    bodyIndex = 0;
                    state = State.BODY;
                    if (remaining == 0)
                    {
                        endOfPacket();
                    }
                }
                else if (lengthBytes == 4)
                {
                    throw new IllegalStateException("MQTT remaining length longer than 4 bytes from Mosquitto on " +
                        "connection " + connection + " (packet type " + packetType + ")");
                }
                else
                {
                    multiplier <<= 7;
                }
            }
            case BODY ->
            {
                onBodyByte(b);
                if (++bodyIndex == remaining)
                {
                    endOfPacket();
                }
            }
            default -> throw new IllegalStateException("unknown parser state " + state);
        }
    }

    private void onBodyByte(final int b)
    {
        if (packetType == CONNACK && bodyIndex == 1 && b != 0)
        {
            throw new IllegalStateException("Mosquitto refused connection " + connection + ": CONNACK return code " +
                b + " (" + (b < CONNACK_REASONS.length ? CONNACK_REASONS[b] : "not defined by MQTT 3.1.1") + ")");
        }
        if (packetType == SUBACK)
        {
            if (bodyIndex < 2)
            {
                packetId = bodyIndex == 0 ? b << 8 : packetId | b;
            }
            else if (b == SUBACK_FAILURE)
            {
                final int index = (packetId - 1) * TOPICS_PER_SUBSCRIBE + bodyIndex - 2;
                throw new IllegalStateException("Mosquitto refused the subscription to " +
                    (index >= 0 && index < topics.length ? topic(topics[index]) : "filter " + index) +
                    " on connection " + connection + " (SUBACK packet " + packetId + ")");
            }
        }
    }

    private void endOfPacket()
    {
        state = State.HEADER;
        switch (packetType)
        {
            case CONNACK ->
            {
                if (remaining != 2)
                {
                    throw new IllegalStateException("MQTT CONNACK with remaining length " + remaining +
                        " (MQTT 3.1.1 has 2) on connection " + connection);
                }
                connected = true;
            }
            case SUBACK -> subacks++;
            case PINGRESP -> pingResponses++;
            default ->
            {
                // a PUBLISH of zero bytes after its header: nothing to do
            }
        }
    }
}
