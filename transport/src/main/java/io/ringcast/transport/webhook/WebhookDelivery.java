package io.ringcast.transport.webhook;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.DoubleSupplier;

import io.ringcast.engine.policy.RetrySchedule;
import io.ringcast.engine.policy.WebhookEndpoint;

/**
 * One batch on its way to a webhook: what to post and where, and how its attempts went. Created on the submitting
 * thread, then touched only by the dispatcher thread.
 */
final class WebhookDelivery
{
    final String id;
    final WebhookEndpoint endpoint;
    final String clientId;
    final String subscriptionId;
    final long[] seqs;
    final byte[] body;
    final long submittedMillis;

    int attempts;
    long firstAttemptMillis;
    long lastAttemptMillis;
    String lastError;
    long queuedSinceNanos;
    CompletableFuture<?> exchange;
    private RetrySchedule schedule;

    WebhookDelivery(final String id, final WebhookEndpoint endpoint, final String clientId,
        final String subscriptionId, final long[] seqs, final byte[] body, final long submittedMillis)
    {
        this.id = id;
        this.endpoint = endpoint;
        this.clientId = clientId;
        this.subscriptionId = subscriptionId;
        this.seqs = seqs;
        this.body = body;
        this.submittedMillis = submittedMillis;
    }

    /** The endpoint's retry schedule, made on first use (most deliveries never need it). */
    RetrySchedule schedule(final DoubleSupplier random)
    {
        if (schedule == null)
        {
            schedule = new RetrySchedule(endpoint.retry(), random);
        }
        return schedule;
    }

    /**
     * The post of the current attempt, signed at {@code nowMillis} when the endpoint has a secret (see
     * {@link WebhookSigner} for the headers).
     */
    HttpRequest request(final long nowMillis, final long timeoutMillis)
    {
        final long seconds = Math.floorDiv(nowMillis, 1000L);
        final HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.url())
            .timeout(Duration.ofMillis(timeoutMillis))
            .header("Content-Type", "application/json")
            .header(WebhookSigner.DELIVERY_HEADER, id)
            .header(WebhookSigner.ATTEMPT_HEADER, Integer.toString(attempts))
            .header(WebhookSigner.TIMESTAMP_HEADER, Long.toString(seconds))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (endpoint.secret() != null)
        {
            builder.header(WebhookSigner.SIGNATURE_HEADER, WebhookSigner.sign(endpoint.secret(), seconds, body));
        }
        return builder.build();
    }

    /** When the first attempt was made, or when the delivery was submitted if none was. */
    long firstMillis()
    {
        return attempts == 0 ? submittedMillis : firstAttemptMillis;
    }

    @Override
    public String toString()
    {
        return "WebhookDelivery{" + id + " " + clientId + "/" + subscriptionId + " " + seqs.length + " events to " +
            endpoint.url() + ", attempts " + attempts + "}";
    }
}
