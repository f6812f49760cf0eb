package io.ringcast.transport.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhook posts the way Stripe does, so a receiver can tell a post came from this server and is fresh.
 * <p>
 * Every post carries:
 * <ul>
 *     <li>{@code X-Ringcast-Timestamp: <epoch seconds>}: when this attempt was signed.</li>
 *     <li>{@code X-Ringcast-Signature: v1=<lowercase hex>}: HMAC-SHA256, keyed with the endpoint's secret (its UTF-8
 *     bytes), over the bytes of {@code timestamp + "." + body}. Sent only when the endpoint has a secret.</li>
 *     <li>{@code X-Ringcast-Delivery: <id>}: the same id on every attempt of one delivery, so a receiver that got an
 *     attempt whose answer was lost drops the retry as a duplicate.</li>
 *     <li>{@code X-Ringcast-Attempt: <n>}: 1 for the first attempt, 2 for the first retry, and so on.</li>
 * </ul>
 * How a receiver verifies: read the raw body bytes before parsing them; take the timestamp header; compute
 * HMAC-SHA256 with the shared secret over {@code timestamp + "." + body}; hex-encode it in lower case; compare it in
 * constant time with each {@code v1=} value of the signature header (comma-separated, so a secret can be rotated);
 * reject the post when none matches or when the timestamp is more than a few minutes (say 5) from the receiver's
 * clock. {@link #verify} does exactly this.
 * <p>
 * Why the timestamp is signed: the signature alone proves the body came from us, but an attacker who captured one
 * post could replay it forever. Signing the timestamp with the body means it cannot be changed without breaking the
 * signature, so a receiver that refuses old timestamps refuses replays. Each retry is signed afresh with its own
 * timestamp, so a retry an hour later still passes a 5-minute tolerance.
 * <p>
 * Threads: stateless; any thread. Each call allocates a {@link Mac} and the hex string (once per post, not per
 * event).
 */
public final class WebhookSigner
{
    /** Header with the signing time, epoch seconds. */
    public static final String TIMESTAMP_HEADER = "X-Ringcast-Timestamp";
    /** Header with the signature, {@code v1=<hex>}. */
    public static final String SIGNATURE_HEADER = "X-Ringcast-Signature";
    /** Header with the delivery id, the same on every attempt of one delivery. */
    public static final String DELIVERY_HEADER = "X-Ringcast-Delivery";
    /** Header with the attempt number, from 1. */
    public static final String ATTEMPT_HEADER = "X-Ringcast-Attempt";
    /** The signature scheme's version prefix. */
    public static final String SCHEME = "v1";
    /** Tolerance a receiver should allow between the timestamp and its own clock (5 minutes). */
    public static final long DEFAULT_TOLERANCE_SECONDS = 300;

    private static final String ALGORITHM = "HmacSHA256";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private WebhookSigner()
    {
    }

    /**
     * The {@code X-Ringcast-Signature} value for {@code body} signed at {@code epochSeconds}: {@code v1=<hex>}.
     *
     * @param secret       the endpoint's secret; non-empty.
     * @param epochSeconds the value sent in {@code X-Ringcast-Timestamp}.
     * @param body         the exact bytes posted.
     * @return the header value.
     */
    public static String sign(final String secret, final long epochSeconds, final byte[] body)
    {
        return SCHEME + "=" + hex(hmac(secret, Long.toString(epochSeconds), body));
    }

    /**
     * Verifies a post as a receiver should (see the class doc). Any thread.
     *
     * @param secret           the shared secret.
     * @param timestampHeader  the {@code X-Ringcast-Timestamp} value as received; null or not a number fails.
     * @param signatureHeader  the {@code X-Ringcast-Signature} value as received: one or more comma-separated
     *                         {@code v1=<hex>}; null fails.
     * @param body             the raw body bytes.
     * @param nowEpochSeconds  the receiver's clock.
     * @param toleranceSeconds how far the timestamp may be from {@code nowEpochSeconds} either way.
     * @return true when a {@code v1} signature matches and the timestamp is within tolerance.
     */
    public static boolean verify(final String secret, final String timestampHeader, final String signatureHeader,
        final byte[] body, final long nowEpochSeconds, final long toleranceSeconds)
    {
        if (timestampHeader == null || signatureHeader == null)
        {
            return false;
        }
        final long timestamp;
        try
        {
            timestamp = Long.parseLong(timestampHeader.trim());
        }
        catch (final NumberFormatException ex)
        {
            return false;
        }
        if (Math.abs(nowEpochSeconds - timestamp) > toleranceSeconds)
        {
            return false;
        }
        final byte[] expected = hex(hmac(secret, timestampHeader.trim(), body)).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (final String part : signatureHeader.split(","))
        {
            final String candidate = part.trim();
            if (candidate.startsWith(SCHEME + "="))
            {
                final byte[] given = candidate.substring(SCHEME.length() + 1).getBytes(StandardCharsets.US_ASCII);
                // Constant-time compare, and no early exit, so timing tells nothing about the expected value.
                matched |= MessageDigest.isEqual(expected, given);
            }
        }
        return matched;
    }

    private static byte[] hmac(final String secret, final String timestamp, final byte[] body)
    {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(body, "body");
        if (secret.isEmpty())
        {
            throw new IllegalArgumentException("webhook secret must not be empty");
        }
        try
        {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            mac.update(timestamp.getBytes(StandardCharsets.US_ASCII));
            mac.update((byte)'.');
            mac.update(body);
            return mac.doFinal();
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 is not available in this JVM", ex);
        }
    }

    private static String hex(final byte[] bytes)
    {
        final char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++)
        {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[2 * i + 1] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }
}
