package io.ringcast.transport.ws;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A WebSocket client on a plain socket, for tests that need what a library client hides: not reading at all
 * (slow consumers), a tiny receive buffer, never answering pings, or raw frames.
 */
final class RawWebSocket implements AutoCloseable
{
    /** One server frame: opcode and payload. */
    record Frame(int opcode, byte[] payload)
    {
        String text()
        {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawWebSocket(final Socket socket) throws IOException
    {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to /ws on loopback as {@code user}, with the given socket receive buffer (0: OS default). */
    static RawWebSocket connect(final int port, final String user, final int receiveBufferBytes) throws IOException
    {
        final Socket socket = new Socket();
        if (receiveBufferBytes > 0)
        {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.setSoTimeout(10_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port));
        final RawWebSocket ws = new RawWebSocket(socket);
        ws.handshake(user);
        return ws;
    }

    private void handshake(final String user) throws IOException
    {
        final String request = "GET /ws?user=" + user + " HTTP/1.1\r\n" +
            "Host: 127.0.0.1\r\n" +
            "Upgrade: websocket\r\n" +
            "Connection: Upgrade\r\n" +
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
            "Sec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        final ByteArrayOutputStream head = new ByteArrayOutputStream();
        final InputStream raw = socket.getInputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n"))
        {
            final int b = raw.read();
            if (b < 0)
            {
                throw new IOException("closed during handshake: " + head);
            }
            head.write(b);
        }
        assertTrue(head.toString(StandardCharsets.US_ASCII).startsWith("HTTP/1.1 101"), head::toString);
    }

    /** Sends a masked text frame. */
    void sendText(final String text) throws IOException
    {
        final byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        final byte[] mask = {1, 2, 3, 4};
        final ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126)
        {
            frame.write(0x80 | payload.length);
        }
        else
        {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        }
        frame.write(mask);
        for (int i = 0; i < payload.length; i++)
        {
            frame.write(payload[i] ^ mask[i & 3]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** Reads the next server frame (unmasked). */
    Frame read() throws IOException
    {
        final int opcode = in.readUnsignedByte() & 0x0F;
        long length = in.readUnsignedByte() & 0x7F;
        if (length == 126)
        {
            length = in.readUnsignedShort();
        }
        else if (length == 127)
        {
            length = in.readLong();
        }
        final byte[] payload = new byte[(int)length];
        in.readFully(payload);
        return new Frame(opcode, payload);
    }

    /** Reads the next text frame, skipping pings. */
    String readText() throws IOException
    {
        while (true)
        {
            final Frame f = read();
            if (f.opcode() == 0x1)
            {
                return f.text();
            }
            if (f.opcode() != 0x9)
            {
                throw new IOException("expected a text frame, got opcode " + f.opcode() + ": " + f.text());
            }
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }
}
