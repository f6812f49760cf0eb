package io.ringcast.transport.tcp;

/**
 * Constants of the binary TCP protocol (byte layout in {@code transport/PROTOCOL.md}): every frame is a u32
 * little-endian length of what follows, a u8 type and the body. Shared by the server and the Java SDK.
 */
public final class TcpProtocol
{
    /** The only protocol version spoken. */
    public static final int VERSION = 1;
    /** Bytes of the u32 length prefix. */
    public static final int LENGTH_FIELD = 4;

    /** Client to server, first frame: version, token, client name. */
    public static final byte HELLO = 0x01;
    /** Server to client, answer to HELLO: version, head seq, epoch, max frame length. */
    public static final byte WELCOME = 0x02;
    /** Client to server: correlation id and one engine-codec event. */
    public static final byte PUBLISH = 0x10;
    /** Server to client: correlation id, seq, status (accepted or duplicate). */
    public static final byte ACK = 0x11;
    /** Server to client: correlation id, code, message. */
    public static final byte NACK = 0x12;
    /** Client to server: nonce. */
    public static final byte PING = 0x20;
    /** Server to client: the PING's nonce. */
    public static final byte PONG = 0x21;

    /** ACK status: the event was journaled under the given seq. */
    public static final int ACK_ACCEPTED = 0;
    /** ACK status: the event repeated a dedup key; the seq is the original event's. */
    public static final int ACK_DUPLICATE = 1;

    /** Value of an ACK frame's length field: type, correlation id, seq, status. */
    public static final int ACK_BODY_LENGTH = 1 + 8 + 8 + 1;
    /** Whole ACK frame, prefix included. */
    public static final int ACK_FRAME_LENGTH = LENGTH_FIELD + ACK_BODY_LENGTH;
    /** PUBLISH bytes before the event: type and correlation id. */
    public static final int PUBLISH_HEADER_LENGTH = 1 + 8;
    /** Longest NACK message sent, in UTF-8 bytes (longer ones are cut). */
    public static final int MAX_NACK_MESSAGE = 1024;

    private TcpProtocol()
    {
    }
}
