package io.ringcast.transport.tcp;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/** Writers of the server's frames into a Netty buffer (little-endian). Stateless; any thread. */
final class TcpFrames
{
    private TcpFrames()
    {
    }

    static void ack(final ByteBuf out, final long correlationId, final long seq, final int status)
    {
        out.writeIntLE(TcpProtocol.ACK_BODY_LENGTH);
        out.writeByte(TcpProtocol.ACK);
        out.writeLongLE(correlationId);
        out.writeLongLE(seq);
        out.writeByte(status);
    }

    static void nack(final ByteBuf out, final long correlationId, final NackCode code, final String message)
    {
        byte[] text = message == null ? new byte[0] : message.getBytes(StandardCharsets.UTF_8);
        text = truncateUtf8(text, TcpProtocol.MAX_NACK_MESSAGE);
        out.writeIntLE(1 + 8 + 2 + 2 + text.length);
        out.writeByte(TcpProtocol.NACK);
        out.writeLongLE(correlationId);
        out.writeShortLE(code.code());
        out.writeShortLE(text.length);
        out.writeBytes(text);
    }

    static void welcome(final ByteBuf out, final long headSeq, final String epoch, final int maxFrameLength)
    {
        byte[] epochBytes = epoch == null ? new byte[0] : epoch.getBytes(StandardCharsets.UTF_8);
        epochBytes = truncateUtf8(epochBytes, 0xFFFF);
        out.writeIntLE(1 + 2 + 8 + 2 + epochBytes.length + 4);
        out.writeByte(TcpProtocol.WELCOME);
        out.writeShortLE(TcpProtocol.VERSION);
        out.writeLongLE(headSeq);
        out.writeShortLE(epochBytes.length);
        out.writeBytes(epochBytes);
        out.writeIntLE(maxFrameLength);
    }

    static void pong(final ByteBuf out, final long nonce)
    {
        out.writeIntLE(1 + 8);
        out.writeByte(TcpProtocol.PONG);
        out.writeLongLE(nonce);
    }

    /** At most {@code max} bytes of UTF-8, cut before a character rather than inside one (the peer decodes it). */
    static byte[] truncateUtf8(final byte[] text, final int max)
    {
        if (text.length <= max)
        {
            return text;
        }
        int end = max;
        while (end > 0 && (text[end] & 0xC0) == 0x80)
        {
            end--; // text[end] continues the character that starts before it: cut before that character
        }
        return java.util.Arrays.copyOf(text, end);
    }
}
