package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A {@link WebSocket.Listener} of the JDK's client (not Netty) that reassembles text messages delivered in parts,
 * parses each as JSON and queues it, and records pongs, server pings and the close. Callbacks run on the JDK
 * client's threads; the queues are read by the test thread.
 */
final class JdkWsClient implements WebSocket.Listener
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
    final BlockingQueue<ByteBuffer> pongs = new LinkedBlockingQueue<>();
    final CompletableFuture<ByteBuffer> serverPing = new CompletableFuture<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile int parts;
    private volatile int largestPartCount;
    WebSocket socket;

    @Override
    public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
    {
        partial.append(data);
        parts++;
        if (last)
        {
            largestPartCount = Math.max(largestPartCount, parts);
            parts = 0;
            try
            {
                messages.add(MAPPER.readTree(partial.toString()));
            }
            catch (final Exception ex)
            {
                closed.completeExceptionally(new AssertionError("server sent a message that is not JSON: " +
                    partial, ex));
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(final WebSocket webSocket, final ByteBuffer message)
    {
        serverPing.complete(copy(message));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPong(final WebSocket webSocket, final ByteBuffer message)
    {
        pongs.add(copy(message));
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
    {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(final WebSocket webSocket, final Throwable error)
    {
        closed.completeExceptionally(error);
    }

    /** The most parts one text message arrived in so far (1: never split). */
    int largestPartCount()
    {
        return largestPartCount;
    }

    /** Sends one whole text message. */
    void send(final String text) throws Exception
    {
        socket.sendText(text, true).get(TcpToWebSocketFixture.TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    /** The next message; fails after the timeout. */
    JsonNode next() throws InterruptedException
    {
        final JsonNode m = messages.poll(TcpToWebSocketFixture.TIMEOUT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(m, "no message within " + TcpToWebSocketFixture.TIMEOUT_SECONDS + " s");
        return m;
    }

    /** The next message, which must be of {@code type}. */
    JsonNode expect(final String type) throws InterruptedException
    {
        final JsonNode m = next();
        assertEquals(type, m.path("type").asText(), () -> "unexpected message " + m);
        return m;
    }

    /** Subscribes with a JSON request and returns the seq the subscription took effect at. */
    long subscribe(final String json) throws Exception
    {
        send(json);
        return expect("subscribed").get("seq").asLong();
    }

    /** Aborts the connection. */
    void abort()
    {
        if (socket != null)
        {
            socket.abort();
        }
    }

    private static ByteBuffer copy(final ByteBuffer message)
    {
        final ByteBuffer copy = ByteBuffer.allocate(message.remaining());
        copy.put(message.duplicate()).flip();
        return copy;
    }
}
