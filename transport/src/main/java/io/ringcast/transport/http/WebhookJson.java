package io.ringcast.transport.http;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ringcast.engine.policy.RetryPolicy;
import io.ringcast.engine.policy.WebhookEndpoint;

import static io.ringcast.transport.http.JsonFields.MAPPER;
import static io.ringcast.transport.http.JsonFields.allowOnly;
import static io.ringcast.transport.http.JsonFields.has;
import static io.ringcast.transport.http.JsonFields.intIn;
import static io.ringcast.transport.http.JsonFields.longIn;
import static io.ringcast.transport.http.JsonFields.requireObject;

/**
 * The JSON of a webhook (a preferences' {@code fallback}, a server-side subscription's {@code webhook}):
 * {@code {"url":..,"secret":..,"retry":{"maxAttempts":..,"baseDelayMs":..,"maxDelayMs":..,"multiplier":..}}}, read
 * strictly and written canonically (secrets only where asked: the state log, never answers). Stateless; any thread.
 */
public final class WebhookJson
{
    private static final List<String> WEBHOOK_FIELDS = List.of("url", "secret", "retry");
    private static final List<String> RETRY_FIELDS = List.of("maxAttempts", "baseDelayMs", "maxDelayMs", "multiplier");

    private WebhookJson()
    {
    }

    /** {@code {"url":..,"secret":..|"signed":..,"retry":{..}}}; with {@code secrets} false (answers to clients) {@code "signed":true|false} replaces the secret. */
    public static ObjectNode write(final WebhookEndpoint endpoint, final boolean secrets)
    {
        final ObjectNode o = MAPPER.createObjectNode().put("url", endpoint.url().toString());
        if (secrets)
        {
            o.put("secret", endpoint.secret());
        }
        else
        {
            o.put("signed", endpoint.secret() != null);
        }
        final RetryPolicy r = endpoint.retry();
        o.putObject("retry")
            .put("maxAttempts", r.maxAttempts())
            .put("baseDelayMs", r.baseDelayMillis())
            .put("maxDelayMs", r.maxDelayMillis())
            .put("multiplier", r.multiplier());
        return o;
    }

    /** A webhook: {@code {"url":"http(s)://..","secret":".." (optional),"retry":{..} (optional)}}; null for none. */
    static WebhookEndpoint read(final JsonNode node, final String path)
    {
        if (node.isNull())
        {
            return null;
        }
        requireObject(node, path, "{\"url\":\"https://example.com/hook\",\"secret\":\"...\"}");
        if (node.has("signed"))
        {
            throw new InvalidJsonException(path + ".signed", path + ".signed is only in answers: send 'secret' " +
                "(at least " + WebhookEndpoint.MIN_SECRET_LENGTH + " characters) to sign, or leave it out");
        }
        allowOnly(node, path + ".", WEBHOOK_FIELDS);
        final JsonNode url = node.get("url");
        if (url == null || !url.isTextual())
        {
            throw new InvalidJsonException(path + ".url", path + ".url is required: an absolute http or https URL");
        }
        final JsonNode secretNode = node.get("secret");
        if (secretNode != null && !secretNode.isNull() && !secretNode.isTextual())
        {
            throw new InvalidJsonException(path + ".secret", path + ".secret must be a string of at least " +
                WebhookEndpoint.MIN_SECRET_LENGTH + " characters, was " + secretNode);
        }
        final String secret = secretNode == null || secretNode.isNull() ? null : secretNode.textValue();
        if (secret != null && secret.length() < WebhookEndpoint.MIN_SECRET_LENGTH)
        {
            throw new InvalidJsonException(path + ".secret", path + ".secret must be at least " +
                WebhookEndpoint.MIN_SECRET_LENGTH + " characters, was " + secret.length());
        }
        final RetryPolicy retry = has(node, "retry") ? retry(node.get("retry"), path + ".retry") : RetryPolicy.DEFAULT;
        try
        {
            return WebhookEndpoint.of(url.textValue(), secret, retry);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new InvalidJsonException(path + ".url", path + ".url: " + ex.getMessage());
        }
    }

    private static RetryPolicy retry(final JsonNode node, final String path)
    {
        requireObject(node, path, "{\"maxAttempts\":5,\"baseDelayMs\":500,\"maxDelayMs\":30000}");
        allowOnly(node, path + ".", RETRY_FIELDS);
        final RetryPolicy d = RetryPolicy.DEFAULT;
        final int attempts = has(node, "maxAttempts") ? intIn(node.get("maxAttempts"), path + ".maxAttempts", 1,
            RetryPolicy.MAX_ATTEMPTS, " (the first attempt and 0 to 10 retries)") : d.maxAttempts();
        final long base = has(node, "baseDelayMs") ? longIn(node.get("baseDelayMs"), path + ".baseDelayMs",
            RetryPolicy.MIN_DELAY_MILLIS, RetryPolicy.MAX_DELAY_MILLIS, " (100 ms..60 s)") : d.baseDelayMillis();
        final long max = has(node, "maxDelayMs") ? longIn(node.get("maxDelayMs"), path + ".maxDelayMs", base,
            RetryPolicy.MAX_DELAY_MILLIS, " (baseDelayMs..60 s)") : Math.max(base, d.maxDelayMillis());
        double multiplier = d.multiplier();
        if (has(node, "multiplier"))
        {
            final JsonNode m = node.get("multiplier");
            if (!m.isNumber() || !(m.asDouble() >= 1.0 && m.asDouble() <= 10.0))
            {
                throw new InvalidJsonException(path + ".multiplier", path + ".multiplier must be a number in " +
                    "1.0..10.0, was " + m);
            }
            multiplier = m.asDouble();
        }
        return new RetryPolicy(attempts, base, max, multiplier);
    }
}
