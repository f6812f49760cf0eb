package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.pipeline.EngineConfig;

class WebSocketSlowConsumerTest
{
    private static final int CHUNK = 20;
    private static final int MAX_CHUNKS = 2_000;

    private final WebSocketTestSupport support = new WebSocketTestSupport(EngineConfig.defaults(),
        WebSocketConfig.defaults().withPort(0).withWriteWaterMarks(128 * 1024, 256 * 1024).withSendBufferBytes(8192));

    @AfterEach
    void tearDown()
    {
        support.close();
    }

    @Test
    void shouldDisconnectClientThatStopsReadingWhileOthersKeepReceiving() throws Exception
    {
        final WebSocketTestSupport.Client normal = support.connect("normal");
        normal.subscribe(
            "{\"op\":\"subscribe\",\"id\":\"n\",\"topic\":\"load\",\"batch\":{\"max\":100,\"lingerMs\":0}}");
        try (Socket slow = new Socket())
        {
            slow.setReceiveBufferSize(4096);
            slow.setSoTimeout(10_000);
            slow.connect(new InetSocketAddress("127.0.0.1", support.server.port()));
            handshake(slow, "slow");
            sendText(slow.getOutputStream(),
                "{\"op\":\"subscribe\",\"id\":\"s\",\"topic\":\"load\",\"batch\":{\"max\":100,\"lingerMs\":0}}");
            final DataInputStream in = new DataInputStream(slow.getInputStream());
            assertTrue(readText(in).contains("\"welcome\""));
            assertTrue(readText(in).contains("\"subscribed\""));
            assertEquals(2, support.engine.registry().size());

            final String payload = "\"" + "x".repeat(1000) + "\"";
            int published = 0;
            int received = 0;
            for (int chunk = 0; chunk < MAX_CHUNKS && support.delivery.slowConsumerDisconnects() == 0; chunk++)
            {
                for (int i = 0; i < CHUNK; i++)
                {
                    support.publish("load", Map.of("i", (long)published++), payload);
                }
                // paces publishing to the normal client's speed, so only the client that stopped reading falls behind
                while (received < published)
                {
                    received += normal.expect("events").get("events").size();
                }
            }
            assertEquals(1, support.delivery.slowConsumerDisconnects());
            WebSocketTestSupport.await("slow client unsubscribed",
                () -> support.engine.registry().ofClient("slow").isEmpty());

            final String last = support.publish("load", Map.of(), "\"last\"");
            published++;
            String lastId = null;
            while (received < published)
            {
                final JsonNode events = normal.expect("events").get("events");
                received += events.size();
                lastId = events.get(events.size() - 1).get("id").textValue();
            }
            assertEquals(last, lastId);
            assertEquals(published, received);
            assertEquals(1, support.engine.registry().size());
            WebSocketTestSupport.await("slow socket closed", () -> support.server.connectionCount() == 1);
        }
    }

    private static void handshake(final Socket socket, final String user) throws IOException
    {
        final String request = "GET /ws?user=" + user + " HTTP/1.1\r\n" +
            "Host: 127.0.0.1\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
            "Sec-WebSocket-Version: 13\r\n\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        final java.io.InputStream in = socket.getInputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n"))
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new IOException("closed during handshake: " + head);
            }
            head.write(b);
        }
        assertTrue(head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101"), head::toString);
    }

    /** A masked client text frame (payload under 126 bytes). */
    private static void sendText(final OutputStream out, final String text) throws IOException
    {
        final byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        final byte[] mask = {1, 2, 3, 4};
        final byte[] frame = new byte[6 + payload.length];
        frame[0] = (byte)0x81;
        frame[1] = (byte)(0x80 | payload.length);
        System.arraycopy(mask, 0, frame, 2, 4);
        for (int i = 0; i < payload.length; i++)
        {
            frame[6 + i] = (byte)(payload[i] ^ mask[i & 3]);
        }
        out.write(frame);
        out.flush();
    }

    /** Reads one unmasked server text frame. */
    private static String readText(final DataInputStream in) throws IOException
    {
        final int first = in.readUnsignedByte();
        assertEquals(0x81, first);
        int length = in.readUnsignedByte() & 0x7F;
        if (length == 126)
        {
            length = in.readUnsignedShort();
        }
        else if (length == 127)
        {
            length = (int)in.readLong();
        }
        final byte[] payload = new byte[length];
        in.readFully(payload);
        return new String(Arrays.copyOf(payload, length), StandardCharsets.UTF_8);
    }
}
