package io.ringcast.transport.webhook;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookSignerTest
{
    private static final String SECRET = "whsec-0123456789abcdef";
    private static final byte[] BODY = "{\"seq\":42}".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_772_000_000L;

    @Test
    void shouldSignTimestampDotBodyWithHmacSha256InLowercaseHex() throws Exception
    {
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        final String expected = HexFormat.of().formatHex(
            mac.doFinal((NOW + ".{\"seq\":42}").getBytes(StandardCharsets.UTF_8)));

        final String signature = WebhookSigner.sign(SECRET, NOW, BODY);

        assertEquals("v1=" + expected, signature);
        assertEquals(signature.toLowerCase(), signature);
    }

    @Test
    void shouldVerifyWithSecretAndRefuseWrongSecretOrChangedBodyOrTimestamp()
    {
        final String signature = WebhookSigner.sign(SECRET, NOW, BODY);
        final String ts = Long.toString(NOW);

        assertTrue(WebhookSigner.verify(SECRET, ts, signature, BODY, NOW, 300));
        assertFalse(WebhookSigner.verify("whsec-another-secret", ts, signature, BODY, NOW, 300));
        assertFalse(WebhookSigner.verify(SECRET, ts, signature, "{\"seq\":43}".getBytes(StandardCharsets.UTF_8),
            NOW, 300));
        assertFalse(WebhookSigner.verify(SECRET, Long.toString(NOW + 1), signature, BODY, NOW, 300));
        assertFalse(WebhookSigner.verify(SECRET, "yesterday", signature, BODY, NOW, 300));
        assertFalse(WebhookSigner.verify(SECRET, null, signature, BODY, NOW, 300));
        assertFalse(WebhookSigner.verify(SECRET, ts, null, BODY, NOW, 300));
    }

    @Test
    void shouldRefuseReplayOutsideTolerance()
    {
        final String signature = WebhookSigner.sign(SECRET, NOW, BODY);

        assertTrue(WebhookSigner.verify(SECRET, Long.toString(NOW), signature, BODY, NOW + 300, 300));
        assertFalse(WebhookSigner.verify(SECRET, Long.toString(NOW), signature, BODY, NOW + 301, 300));
    }

    @Test
    void shouldAcceptAnyOfSeveralSignaturesForSecretRotation()
    {
        final String header = WebhookSigner.sign("whsec-old-secret-000", NOW, BODY) + ", " +
            WebhookSigner.sign(SECRET, NOW, BODY);

        assertTrue(WebhookSigner.verify(SECRET, Long.toString(NOW), header, BODY, NOW, 300));
    }

    @Test
    void shouldRefuseEmptySecret()
    {
        assertThrows(IllegalArgumentException.class, () -> WebhookSigner.sign("", NOW, BODY));
    }
}
