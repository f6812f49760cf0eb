package io.ringcast.transport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JwtRs256Test
{
    private static KeyPair issuer;
    private static KeyPair stranger;

    @TempDir
    Path dir;

    @BeforeAll
    static void keys() throws Exception
    {
        final KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        issuer = rsa.generateKeyPair();
        stranger = rsa.generateKeyPair();
    }

    static String pem(final String label, final byte[] der)
    {
        return "-----BEGIN " + label + "-----\n" +
            Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der) +
            "\n-----END " + label + "-----\n";
    }

    private Path write(final String name, final String text) throws Exception
    {
        final Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }

    private static String rs256(final KeyPair keys, final String user)
    {
        return JWT.create().withSubject(user).withClaim("publish", List.of("models.>"))
            .sign(Algorithm.RSA256(null, (RSAPrivateKey)keys.getPrivate()));
    }

    private JwtAuthenticator fromPem() throws Exception
    {
        final Path file = write("issuer.pem", pem("PUBLIC KEY", issuer.getPublic().getEncoded()));
        return new JwtAuthenticator(JwtSettings.rs256(file).withClock(Clock.fixed(JwtAuthenticatorTest.NOW,
            ZoneOffset.UTC)));
    }

    @Test
    void shouldAcceptTokenSignedByTheKeyInThePemFile() throws Exception
    {
        final Principal p = fromPem().authenticate(rs256(issuer, "svc-catalogue"));
        assertEquals("svc-catalogue", p.user());
        assertTrue(p.mayPublish("models.openai"));
        assertEquals(JwtSettings.Algorithm.RS256, fromPem().settings().algorithm());
    }

    @Test
    void shouldRefuseTokenSignedByAnotherKey() throws Exception
    {
        assertEquals("signature does not verify with this server's public key",
            JwtAuthenticatorTest.refused(fromPem(), rs256(stranger, "mallory")).getMessage());
    }

    @Test
    void shouldRefuseHs256TokenMadeWithThePublicKeyAsSecret() throws Exception
    {
        final String confused = JWT.create().withSubject("mallory")
            .sign(Algorithm.HMAC256(pem("PUBLIC KEY", issuer.getPublic().getEncoded())));
        assertEquals("token is signed with HS256; this server accepts RS256 only",
            JwtAuthenticatorTest.refused(fromPem(), confused).getMessage());
    }

    @Test
    void shouldExplainWhatIsWrongWithTheKeyFile() throws Exception
    {
        assertTrue(keyError(dir.resolve("missing.pem")).endsWith("does not exist"));
        assertTrue(keyError(dir).endsWith("is a directory"));
        assertTrue(keyError(write("empty.pem", "")).endsWith("is empty"));
        assertTrue(keyError(write("text.pem", "hello")).contains("no '-----BEGIN PUBLIC KEY-----' line"));
        assertTrue(keyError(write("priv.pem", pem("PRIVATE KEY", issuer.getPrivate().getEncoded())))
            .contains("holds a private key"));
        assertTrue(keyError(write("pkcs1.pem", pem("RSA PUBLIC KEY", new byte[] {1, 2, 3})))
            .contains("PKCS#1"));
        assertTrue(keyError(write("cert.pem", pem("CERTIFICATE", new byte[] {1, 2, 3})))
            .contains("holds a certificate"));
        assertTrue(keyError(write("garbled.pem", "-----BEGIN PUBLIC KEY-----\nMIIB!!!\n-----END PUBLIC KEY-----\n"))
            .contains("is garbled"));
        assertTrue(keyError(write("cut.pem", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOC\n"))
            .contains("no '-----END PUBLIC KEY-----'"));
        final byte[] der = issuer.getPublic().getEncoded();
        assertTrue(keyError(write("truncated.pem", pem("PUBLIC KEY", java.util.Arrays.copyOf(der, der.length / 2))))
            .contains("does not hold an RSA public key"));

        final KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(256);
        assertTrue(keyError(write("ec.pem", pem("PUBLIC KEY", ec.generateKeyPair().getPublic().getEncoded())))
            .contains("another type"));

        final KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
        small.initialize(1024);
        final String message = keyError(write("small.pem", pem("PUBLIC KEY",
            small.generateKeyPair().getPublic().getEncoded())));
        assertTrue(message.contains("1024 bits") && message.contains("at least 2048"), message);
    }

    @Test
    void shouldParseKeyEqualToTheGeneratedOne()
    {
        final RSAPublicKey parsed = RsaPublicKeyPem.parse(
            "leading text\r\n" + pem("PUBLIC KEY", issuer.getPublic().getEncoded()).replace("\n", "\r\n"), "test");
        assertEquals(issuer.getPublic(), parsed);
    }

    private static String keyError(final Path file)
    {
        final String message = assertThrows(IllegalArgumentException.class, () -> JwtSettings.rs256(file))
            .getMessage();
        assertTrue(message.contains(file.toString()), message);
        return message;
    }
}
