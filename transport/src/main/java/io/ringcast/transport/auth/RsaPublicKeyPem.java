package io.ringcast.transport.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Reads an RSA public key from PEM text ({@code -----BEGIN PUBLIC KEY-----}, an X.509 SubjectPublicKeyInfo, as
 * {@code openssl rsa -pubout} writes it) with {@code java.security} only. Every refusal says what the file holds
 * instead and how to get the right thing. Stateless; any thread; control path (allocates, reads files).
 */
public final class RsaPublicKeyPem
{
    /** Longest PEM file read: a 16384-bit public key is about 3 KB of PEM. */
    public static final int MAX_FILE_BYTES = 64 * 1024;

    private static final String BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String END = "-----END PUBLIC KEY-----";
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private RsaPublicKeyPem()
    {
    }

    /**
     * Reads and parses {@code file}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it (missing, unreadable, not a PEM
     *                                  public key, not RSA)
     */
    public static RSAPublicKey read(final Path file)
    {
        final byte[] bytes;
        try
        {
            if (Files.isDirectory(file))
            {
                throw new IllegalArgumentException("RSA public key file " + file + " is a directory");
            }
            if (Files.size(file) > MAX_FILE_BYTES)
            {
                throw new IllegalArgumentException("RSA public key file " + file + " is larger than " +
                    MAX_FILE_BYTES + " bytes: it is not a PEM public key");
            }
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalArgumentException("RSA public key file " + file + " does not exist", ex);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read RSA public key file " + file + ": " + ex, ex);
        }
        return parse(new String(bytes, StandardCharsets.US_ASCII), "RSA public key file " + file);
    }

    /**
     * Parses PEM text.
     *
     * @param pem    the file's text
     * @param source what to call it in messages, e.g. "RSA public key file /etc/ringcast/jwt.pem"
     * @throws IllegalArgumentException saying what is wrong
     */
    public static RSAPublicKey parse(final String pem, final String source)
    {
        final int begin = pem.indexOf(BEGIN);
        if (begin < 0)
        {
            throw new IllegalArgumentException(source + " " + describeOther(pem));
        }
        final int end = pem.indexOf(END, begin + BEGIN.length());
        if (end < 0)
        {
            throw new IllegalArgumentException(source + " has '" + BEGIN + "' but no '" + END + "' line after it");
        }
        final byte[] der;
        try
        {
            // the plain decoder, not the MIME one: MIME skips stray characters where a garbled file should fail
            der = Base64.getDecoder().decode(WHITESPACE.matcher(pem.substring(begin + BEGIN.length(), end))
                .replaceAll(""));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException(source + " is garbled: the text between the BEGIN and END lines " +
                "is not valid base64 (" + ex.getMessage() + ")", ex);
        }
        if (der.length == 0)
        {
            throw new IllegalArgumentException(source + " is empty between its BEGIN and END lines");
        }
        final PublicKey key;
        try
        {
            key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        }
        catch (final InvalidKeySpecException ex)
        {
            throw new IllegalArgumentException(source + " does not hold an RSA public key (X.509 " +
                "SubjectPublicKeyInfo): it may be garbled or a key of another type (EC, Ed25519); RS256 needs RSA", ex);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException("this JVM has no RSA key factory", ex);
        }
        return (RSAPublicKey)key;
    }

    private static String describeOther(final String pem)
    {
        if (pem.contains("-----BEGIN RSA PUBLIC KEY-----"))
        {
            return "holds a PKCS#1 'RSA PUBLIC KEY'; convert it to a '" + BEGIN + "' with " +
                "'openssl rsa -RSAPublicKey_in -in FILE -pubout'";
        }
        if (pem.contains("PRIVATE KEY-----"))
        {
            return "holds a private key; give the server only the public key ('openssl rsa -in FILE -pubout')";
        }
        if (pem.contains("-----BEGIN CERTIFICATE-----"))
        {
            return "holds a certificate; extract its public key with 'openssl x509 -in FILE -pubkey -noout'";
        }
        if (pem.isBlank())
        {
            return "is empty";
        }
        return "is not a PEM public key: no '" + BEGIN + "' line";
    }
}
