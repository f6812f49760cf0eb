package io.ringcast.transport.ws;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * A blocking RFC 6455 client over a plain socket that writes any frame the caller builds, valid or not (bad
 * opcodes, reserved bits, unmasked frames, broken UTF-8, lying lengths), and reads the server's frames one by one.
 * Every read is bounded by the socket timeout. One writer thread and one reader thread may use it at once.
 */
final class RawFrameClient implements AutoCloseable
{
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;

    /** A frame read from the server; {@code payload} is already unmasked (servers do not mask). */
    record Frame(boolean fin, int opcode, byte[] payload)
    {
        /** The close status of a close frame, or 1005 (no status) when its payload is empty. */
        int closeCode()
        {
            return payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
        }

        String text()
        {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** Opens a TCP connection and performs the upgrade on {@code path}; throws unless the server answers 101. */
    RawFrameClient(final int port, final String path, final int readTimeoutMillis) throws IOException
    {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(readTimeoutMillis);
        socket.setTcpNoDelay(true);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
        final String request = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n" +
            "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
            "Sec-WebSocket-Version: 13\r\n\r\n";
        send(request.getBytes(StandardCharsets.US_ASCII));
        final String response = readHttpHead();
        if (!response.startsWith("HTTP/1.1 101"))
        {
            socket.close();
            throw new IOException("upgrade refused: " + response);
        }
    }

    /** One client frame (masked with a random key unless {@code masked} is false), as wire bytes. */
    static byte[] frame(final boolean fin, final int rsv, final int opcode, final byte[] payload,
        final boolean masked, final Random random)
    {
        final int lengthBytes = payload.length < 126 ? 0 : payload.length < 65536 ? 2 : 8;
        final int header = 2 + lengthBytes + (masked ? 4 : 0);
        final ByteBuffer frame = ByteBuffer.allocate(header + payload.length);
        frame.put((byte)((fin ? 0x80 : 0) | (rsv & 0x7) << 4 | opcode & 0xF));
        final int maskBit = masked ? 0x80 : 0;
        if (lengthBytes == 0)
        {
            frame.put((byte)(maskBit | payload.length));
        }
        else if (lengthBytes == 2)
        {
            frame.put((byte)(maskBit | 126)).putShort((short)payload.length);
        }
        else
        {
            frame.put((byte)(maskBit | 127)).putLong(payload.length);
        }
        final byte[] bytes = frame.array();
        if (!masked)
        {
            System.arraycopy(payload, 0, bytes, header, payload.length);
            return bytes;
        }
        final byte[] key = new byte[4];
        random.nextBytes(key);
        System.arraycopy(key, 0, bytes, header - 4, 4);
        for (int i = 0; i < payload.length; i++)
        {
            bytes[header + i] = (byte)(payload[i] ^ key[i & 3]);
        }
        return bytes;
    }

    /** A final, masked frame. */
    static byte[] frame(final int opcode, final byte[] payload, final Random random)
    {
        return frame(true, 0, opcode, payload, true, random);
    }

    /** A final, masked text frame holding {@code text} as UTF-8. */
    static byte[] text(final String text, final Random random)
    {
        return frame(TEXT, text.getBytes(StandardCharsets.UTF_8), random);
    }

    /** Writes and flushes raw bytes. */
    RawFrameClient send(final byte[] bytes) throws IOException
    {
        out.write(bytes);
        out.flush();
        return this;
    }

    /** Half-closes the socket: the server reads end of stream. */
    void shutdownOutput() throws IOException
    {
        socket.shutdownOutput();
    }

    /** The next server frame, or null on end of stream or reset; a read timeout throws. */
    Frame read() throws IOException
    {
        try
        {
            final int b0 = in.read();
            if (b0 < 0)
            {
                return null;
            }
            final int b1 = in.readUnsignedByte();
            long length = b1 & 0x7F;
            if (length == 126)
            {
                length = in.readUnsignedShort();
            }
            else if (length == 127)
            {
                length = in.readLong();
            }
            if ((b1 & 0x80) != 0 || length > Integer.MAX_VALUE - 8)
            {
                throw new IOException("server frame is masked or too long: " + length);
            }
            final byte[] payload = new byte[(int)length];
            in.readFully(payload);
            return new Frame((b0 & 0x80) != 0, b0 & 0x0F, payload);
        }
        catch (final java.io.EOFException | SocketException ex)
        {
            return null;
        }
    }

    @Override
    public void close() throws IOException
    {
        socket.close();
    }

    private String readHttpHead() throws IOException
    {
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n"))
        {
            final int b = in.read();
            if (b < 0)
            {
                break;
            }
            head.append((char)b);
        }
        return head.toString();
    }
}
