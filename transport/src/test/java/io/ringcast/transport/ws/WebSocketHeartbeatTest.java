package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.pipeline.EngineConfig;

/**
 * The heartbeat: a client that answers pings stays connected across many intervals; one that stops answering
 * is closed with 1008 once the timeout passes.
 */
class WebSocketHeartbeatTest
{
    private final WebSocketTestSupport support = new WebSocketTestSupport(EngineConfig.defaults(),
        WebSocketConfig.defaults().withPort(0).withHeartbeat(40, 120));

    @AfterEach
    void stop()
    {
        support.close();
    }

    @Test
    void shouldKeepAClientThatAnswersPings() throws Exception
    {
        final WebSocketTestSupport.Client c = support.connect("alive");
        for (int i = 0; i < 10; i++)
        {
            // the JDK client answers each ping with a pong; ten pings span more than three timeouts
            assertNotNull(c.pings.poll(10, TimeUnit.SECONDS), "ping " + i);
        }
        c.assertUsable();
        assertTrue(!c.closed.isDone(), "still open after ten heartbeats");
    }

    @Test
    void shouldCloseAClientThatStopsAnsweringWith1008() throws Exception
    {
        try (Socket socket = new Socket("127.0.0.1", support.server.port()))
        {
            socket.setSoTimeout(10_000);
            final OutputStream out = socket.getOutputStream();
            out.write(("GET /ws?user=silent HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n" +
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
                "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final DataInputStream in = new DataInputStream(socket.getInputStream());
            skipHttpHeaders(in);
            int pings = 0;
            while (true)
            {
                final int opcode = in.readUnsignedByte() & 0x0F;
                final int length = in.readUnsignedByte() & 0x7F; // server frames are unmasked
                final byte[] payload = new byte[length == 126 ? in.readUnsignedShort() : length];
                in.readFully(payload);
                if (opcode == 0x9)
                {
                    pings++;
                }
                else if (opcode == 0x8)
                {
                    final int code = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
                    assertEquals(1008, code);
                    assertTrue(new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8)
                        .startsWith("heartbeat timeout"));
                    break;
                }
            }
            assertTrue(pings >= 1, "pinged before giving up");
        }
    }

    private static void skipHttpHeaders(final DataInputStream in) throws Exception
    {
        int matched = 0;
        final byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4)
        {
            final int b = in.readUnsignedByte();
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }
}
