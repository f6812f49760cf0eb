package io.ringcast.engine.policy;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a webhook delivery goes: an absolute {@code http}/{@code https} URL, the secret its HMAC-SHA256 signature
 * is keyed with (null: unsigned) and its retry policy. The engine only carries it (on a subscription or in a user's
 * preferences); the transport's webhook dispatcher posts to it. Immutable; any thread.
 *
 * @param url    absolute http(s) URL with a host
 * @param secret HMAC key (at least 16 characters), or null to send unsigned
 * @param retry  retry policy
 */
public record WebhookEndpoint(URI url, String secret, RetryPolicy retry)
{
    /** Shortest secret accepted. */
    public static final int MIN_SECRET_LENGTH = 16;

    /** Validates with precise messages. */
    public WebhookEndpoint
    {
        Objects.requireNonNull(url, "webhook url");
        Objects.requireNonNull(retry, "webhook retry");
        final String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!url.isAbsolute() || !("http".equals(scheme) || "https".equals(scheme)))
        {
            throw new IllegalArgumentException("webhook url must be an absolute http or https URL, was '" + url + "'");
        }
        if (url.getHost() == null || url.getHost().isEmpty())
        {
            throw new IllegalArgumentException("webhook url has no host: '" + url + "'");
        }
        if (secret != null && secret.length() < MIN_SECRET_LENGTH)
        {
            throw new IllegalArgumentException("webhook secret must be at least " + MIN_SECRET_LENGTH +
                " characters, was " + secret.length());
        }
    }

    /** Parses {@code url} and validates; the message names what is wrong. */
    public static WebhookEndpoint of(final String url, final String secret, final RetryPolicy retry)
    {
        final URI uri;
        try
        {
            uri = new URI(Objects.requireNonNull(url, "webhook url"));
        }
        catch (final java.net.URISyntaxException ex)
        {
            throw new IllegalArgumentException("webhook url is not a valid URI: " + ex.getMessage());
        }
        return new WebhookEndpoint(uri, secret, retry == null ? RetryPolicy.DEFAULT : retry);
    }

    /** The endpoint's key for its circuit breaker: scheme, host and port (one breaker per endpoint). */
    public String circuitKey()
    {
        final int port = url.getPort() != -1 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    @Override
    public String toString()
    {
        return "WebhookEndpoint{" + url + (secret == null ? "" : " signed") + " " + retry + "}";
    }
}
