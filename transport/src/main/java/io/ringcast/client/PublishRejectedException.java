package io.ringcast.client;

import io.ringcast.transport.tcp.NackCode;

/**
 * The server answered NACK: to a publish (malformed event, busy, journal failure, ...) or to the handshake
 * (unauthorized, unsupported version). Carries the protocol's code and the server's message.
 */
public final class PublishRejectedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final int code;
    private final long correlationId;

    /** A rejection with the wire code, the server's message and the correlation id (0: not about a publish). */
    public PublishRejectedException(final int code, final String message, final long correlationId)
    {
        super(name(code) + ": " + message);
        this.code = code;
        this.correlationId = correlationId;
    }

    /** The u16 wire code. */
    public int code()
    {
        return code;
    }

    /** The code as an enum, or null when the server sent a code this client does not know. */
    public NackCode nackCode()
    {
        return NackCode.of(code);
    }

    /** The correlation id the NACK was about, 0 when it was about the connection. */
    public long correlationId()
    {
        return correlationId;
    }

    private static String name(final int code)
    {
        final NackCode c = NackCode.of(code);
        return c == null ? "code " + code : c.name();
    }
}
