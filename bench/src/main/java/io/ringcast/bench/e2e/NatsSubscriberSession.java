package io.ringcast.bench.e2e;

import java.nio.charset.StandardCharsets;
import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * One NATS-over-WebSocket subscriber connection: sends {@code CONNECT}, one {@code SUB bench.t<k> <sid>} per topic and
 * a {@code PING}; is {@link #ready} when the {@code PONG} answering that {@code PING} arrives (the server handles a
 * connection's protocol in order, so every {@code SUB} was processed by then); answers the server's {@code PING}s.
 * <p>
 * The server's byte stream is parsed across frames with a small state machine: a control line is kept only as far
 * as needed to recognise it (its first {@value #HEAD} bytes, and the value of its last token, which for {@code MSG}
 * is the payload size); {@code MSG} payloads are skipped without being looked at (the harness measures them).
 * Nothing is allocated per message; an answer frame is allocated only for the server's rare {@code PING}.
 * <p>
 * Threads: the connection's event loop only.
 */
public final class NatsSubscriberSession implements SubscriberSession
{
    /** Bytes of a control line kept to recognise it and to quote it in errors. */
    static final int HEAD = 96;

    private static final byte[] PONG = "PONG\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_PAYLOAD = Integer.MAX_VALUE;

    private final int connection;
    private final int[] topics;
    private final byte[] head = new byte[HEAD];
    private int lineLength;
    private boolean inToken;
    private boolean tokenDigits;
    private long tokenValue;
    private long skip;
    private boolean pingSent;
    private boolean ready;
    private long serverPings;

    /**
     * A session for subscriber connection {@code connection} that will subscribe to NATS subjects
     * {@code bench.t<k>} for each {@code k} in {@code topics} (the array is kept, not copied).
     */
    public NatsSubscriberSession(final int connection, final int[] topics)
    {
        this.connection = connection;
        this.topics = topics;
    }

    /** The NATS subject of harness topic {@code topic}. Allocates the string. */
    public static String subject(final int topic)
    {
        return "bench.t" + topic;
    }

    /**
     * One binary frame with {@code CONNECT}, the {@code SUB}s (sid = position in the topic list + 1) and a
     * {@code PING}. Allocates the frame and the strings.
     */
    @Override
    public List<WebSocketFrame> start(final ByteBufAllocator allocator)
    {
        final StringBuilder text = new StringBuilder(96 + topics.length * 24);
        text.append("CONNECT {\"verbose\":false,\"pedantic\":false,\"protocol\":1,\"headers\":false,")
            .append("\"no_responders\":false,\"lang\":\"java\",\"version\":\"bench\",\"name\":\"bench-")
            .append(connection).append("\"}\r\n");
        for (int i = 0; i < topics.length; i++)
        {
            text.append("SUB ").append(subject(topics[i])).append(' ').append(i + 1).append("\r\n");
        }
        text.append("PING\r\n");
        final ByteBuf buffer = allocator.buffer(text.length());
        buffer.writeCharSequence(text, StandardCharsets.US_ASCII);
        pingSent = true;
        return List.of(new BinaryWebSocketFrame(buffer));
    }

    /**
     * Parses the frame's data bytes (binary, text or continuation frames; other frames are ignored) and returns a
     * {@code PONG} frame for the server's {@code PING}s, if any. Reads with absolute indexes.
     *
     * @throws IllegalStateException on {@code -ERR} from the server or a line that is not NATS server protocol,
     *                               quoting it
     */
    @Override
    public List<WebSocketFrame> onFrame(final WebSocketFrame frame, final ByteBufAllocator allocator)
    {
        if (!(frame instanceof BinaryWebSocketFrame || frame instanceof TextWebSocketFrame ||
            frame instanceof ContinuationWebSocketFrame))
        {
            return List.of();
        }
        final long pingsBefore = serverPings;
        final ByteBuf content = frame.content();
        final int end = content.writerIndex();
        int i = content.readerIndex();
        while (i < end)
        {
            if (skip > 0)
            {
                final int n = (int)Math.min(skip, end - i);
                skip -= n;
                i += n;
                continue;
            }
            onByte(content.getByte(i++));
        }
        final int pongs = (int)(serverPings - pingsBefore);
        if (pongs == 0)
        {
            return List.of();
        }
        final ByteBuf answer = allocator.buffer(PONG.length * pongs);
        for (int p = 0; p < pongs; p++)
        {
            answer.writeBytes(PONG);
        }
        return List.of(new BinaryWebSocketFrame(answer));
    }

    /** True once the {@code PONG} to the {@code PING} sent after the {@code SUB}s arrived. */
    @Override
    public boolean ready()
    {
        return ready;
    }

    /** Null: nats-server drives the keep-alive with its own {@code PING}s, which {@link #onFrame} answers. */
    @Override
    public WebSocketFrame keepAlive(final ByteBufAllocator allocator)
    {
        return null;
    }

    /** {@code PING}s the server sent so far (each answered with a {@code PONG}). */
    public long serverPings()
    {
        return serverPings;
    }

    private void onByte(final byte b)
    {
        if (b == '\n')
        {
            endOfLine();
            return;
        }
        if (b == '\r')
        {
            return;
        }
        if (lineLength < HEAD)
        {
            head[lineLength] = b;
        }
        lineLength++;
        if (b == ' ' || b == '\t')
        {
            inToken = false;
            return;
        }
        if (!inToken)
        {
            inToken = true;
            tokenDigits = true;
            tokenValue = 0;
        }
        if (tokenDigits && b >= '0' && b <= '9' && tokenValue <= MAX_PAYLOAD)
        {
            tokenValue = tokenValue * 10 + (b - '0');
        }
        else
        {
            tokenDigits = false;
        }
    }

    private void endOfLine()
    {
        if (startsWith('M', 'S', 'G', ' ') || startsWith('M', 'S', 'G', '\t') || startsWith('H', 'M', 'S', 'G'))
        {
            if (!tokenDigits || tokenValue > MAX_PAYLOAD)
            {
                throw new IllegalStateException("NATS message line without a valid payload size on connection " +
                    connection + ": '" + quoteLine() + "'");
            }
            skip = tokenValue + 2;
        }
        else if (startsWith('P', 'I', 'N', 'G'))
        {
            serverPings++;
        }
        else if (startsWith('P', 'O', 'N', 'G'))
        {
            if (pingSent)
            {
                ready = true;
            }
        }
        else if (startsWith('-', 'E', 'R', 'R'))
        {
            throw new IllegalStateException("nats-server sent an error on connection " + connection + ": '" +
                quoteLine() + "'");
        }
        else if (lineLength > 0 && !startsWith('I', 'N', 'F', 'O') && !startsWith('+', 'O', 'K', 0))
        {
            throw new IllegalStateException("not NATS server protocol on connection " + connection + ": '" +
                quoteLine() + "' (expected INFO, MSG, HMSG, PING, PONG, +OK or -ERR)");
        }
        lineLength = 0;
        inToken = false;
        tokenDigits = false;
        tokenValue = 0;
    }

    /** True when the line starts with a, b, c and then d; a d of 0 stands for the end of the line. */
    private boolean startsWith(final int a, final int b, final int c, final int d)
    {
        if (lineLength < 3 || head[0] != a || head[1] != b || head[2] != c)
        {
            return false;
        }
        return d == 0 ? lineLength == 3 || head[3] == ' ' : lineLength >= 4 && head[3] == d;
    }

    private String quoteLine()
    {
        final String text = new String(head, 0, Math.min(lineLength, HEAD), StandardCharsets.US_ASCII);
        return lineLength > HEAD ? text + "…" : text;
    }
}
