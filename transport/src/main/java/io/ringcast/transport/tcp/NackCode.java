package io.ringcast.transport.tcp;

/**
 * The error codes a NACK frame carries (see {@code transport/PROTOCOL.md}). Immutable; any thread.
 */
public enum NackCode
{
    /** The PUBLISH body is not a valid engine-codec event; the connection goes on. */
    MALFORMED_EVENT(1),
    /** A frame's length field exceeds the server's maximum; the connection is closed. */
    FRAME_TOO_LARGE(2),
    /**
     * Correlation id 0: the HELLO's token was refused, or it expired; the connection is closed. A PUBLISH's
     * correlation id: its topic is outside the token's publish patterns; the connection goes on.
     */
    UNAUTHORIZED(3),
    /** The ring is full and the server answers busy instead of pausing reads; the connection goes on. */
    BUSY(4),
    /** The event could not be journaled and was not accepted; the connection goes on. */
    JOURNAL_FAILED(5),
    /** Unknown type, PUBLISH before HELLO, HELLO twice, truncated body; the connection is closed. */
    PROTOCOL_ERROR(6),
    /** The HELLO asked for a protocol version the server does not speak; the connection is closed. */
    UNSUPPORTED_VERSION(7);

    private static final NackCode[] BY_CODE = new NackCode[8];

    static
    {
        for (final NackCode c : values())
        {
            BY_CODE[c.code] = c;
        }
    }

    private final int code;

    NackCode(final int code)
    {
        this.code = code;
    }

    /** The u16 wire value. */
    public int code()
    {
        return code;
    }

    /** The code for a wire value, or null when unknown. */
    public static NackCode of(final int code)
    {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
