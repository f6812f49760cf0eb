package io.ringcast.transport.tcp;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;

/**
 * Reads a HELLO body ({@code u16 version, u16 token length + token, u16 name length + name}, exactly) and returns its
 * token, or says precisely what is wrong with it as the NACK to answer. The client name is informational and not
 * kept. Any thread; allocates the token string (and the refusal, when there is one).
 */
final class HelloDecoder
{
    private HelloDecoder()
    {
    }

    /** A HELLO that cannot be admitted as it is: the NACK code and message to close with. */
    static final class Refused extends Exception
    {
        private static final long serialVersionUID = 1L;

        private final NackCode code;

        Refused(final NackCode code, final String message)
        {
            super(message, null, false, false);
            this.code = code;
        }

        NackCode code()
        {
            return code;
        }
    }

    /**
     * The token of the HELLO body at {@code body} ({@code bodyLength} bytes) of {@code in}, "" when empty.
     *
     * @throws Refused for a wrong version, a truncated field or bytes after the client name
     */
    static String token(final ByteBuf in, final int body, final int bodyLength) throws Refused
    {
        final int end = body + bodyLength;
        if (bodyLength < 2)
        {
            throw new Refused(NackCode.PROTOCOL_ERROR, "truncated HELLO: no version");
        }
        final int version = in.getUnsignedShortLE(body);
        if (version != TcpProtocol.VERSION)
        {
            throw new Refused(NackCode.UNSUPPORTED_VERSION, "protocol version " + version + " is not supported; " +
                "this server speaks " + TcpProtocol.VERSION);
        }
        int p = body + 2;
        if (p + 2 > end || p + 2 + in.getUnsignedShortLE(p) > end)
        {
            throw new Refused(NackCode.PROTOCOL_ERROR, "truncated HELLO: token runs past the frame");
        }
        final int tokenLength = in.getUnsignedShortLE(p);
        final String token = in.toString(p + 2, tokenLength, StandardCharsets.UTF_8);
        p += 2 + tokenLength;
        if (p + 2 > end || p + 2 + in.getUnsignedShortLE(p) > end)
        {
            throw new Refused(NackCode.PROTOCOL_ERROR, "truncated HELLO: client name runs past the frame");
        }
        p += 2 + in.getUnsignedShortLE(p); // the client name: informational, the principal names the user
        if (p != end)
        {
            throw new Refused(NackCode.PROTOCOL_ERROR, "HELLO has " + (end - p) + " bytes after the client name");
        }
        return token;
    }
}
