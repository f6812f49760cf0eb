package io.ringcast.transport.webhook;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.ringcast.journal.deadletter.DeadLetterReason;
import io.ringcast.transport.webhook.WebhookResponses.Outcome;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookResponsesTest
{
    private static final long NOW = 1_772_000_000_000L;

    @Test
    void shouldClassifyStatuses()
    {
        assertEquals(Outcome.DELIVERED, WebhookResponses.classify(200));
        assertEquals(Outcome.DELIVERED, WebhookResponses.classify(204));
        assertEquals(Outcome.RETRY, WebhookResponses.classify(408));
        assertEquals(Outcome.RETRY, WebhookResponses.classify(429));
        assertEquals(Outcome.RETRY, WebhookResponses.classify(500));
        assertEquals(Outcome.RETRY, WebhookResponses.classify(503));
        assertEquals(Outcome.REJECTED, WebhookResponses.classify(400));
        assertEquals(Outcome.REJECTED, WebhookResponses.classify(401));
        assertEquals(Outcome.REJECTED, WebhookResponses.classify(404));
        assertEquals(Outcome.REJECTED, WebhookResponses.classify(301));
        assertEquals(Outcome.GONE, WebhookResponses.classify(410));
    }

    @Test
    void shouldClassifyFailuresWithoutStatus()
    {
        assertEquals(Outcome.HOST_UNKNOWN,
            WebhookResponses.classify(new CompletionException(new UnknownHostException("nowhere.invalid"))));
        final ConnectException unresolved = new ConnectException();
        unresolved.initCause(new UnresolvedAddressException());
        assertEquals(Outcome.HOST_UNKNOWN, WebhookResponses.classify(new CompletionException(unresolved)));
        assertEquals(Outcome.RETRY_TIMEOUT, WebhookResponses.classify(new HttpTimeoutException("request timed out")));
        assertEquals(Outcome.RETRY_TIMEOUT,
            WebhookResponses.classify(new CompletionException(new HttpConnectTimeoutException("connect timed out"))));
        assertEquals(Outcome.RETRY_TIMEOUT, WebhookResponses.classify(new CancellationException()));
        assertEquals(Outcome.RETRY, WebhookResponses.classify(new ConnectException("Connection refused")));
        assertEquals(Outcome.RETRY, WebhookResponses.classify(new IOException("connection reset")));
        assertEquals(Outcome.BROKEN, WebhookResponses.classify(new IllegalArgumentException("bad header")));
    }

    @Test
    void shouldMapOutcomesToDeadLetterReasonsAndBreakerEffect()
    {
        assertEquals(DeadLetterReason.MAX_RETRIES_EXCEEDED, Outcome.RETRY.reason);
        assertEquals(DeadLetterReason.TIMEOUT, Outcome.RETRY_TIMEOUT.reason);
        assertEquals(DeadLetterReason.NON_RETRYABLE, Outcome.REJECTED.reason);
        assertEquals(DeadLetterReason.ENDPOINT_GONE, Outcome.GONE.reason);
        assertEquals(DeadLetterReason.ENDPOINT_GONE, Outcome.HOST_UNKNOWN.reason);
        assertFalse(Outcome.REJECTED.breakerFailure, "an answered 4xx means the endpoint is up");
        assertFalse(Outcome.GONE.breakerFailure);
        assertTrue(Outcome.RETRY.breakerFailure);
        assertTrue(Outcome.HOST_UNKNOWN.breakerFailure);
        assertFalse(Outcome.HOST_UNKNOWN.retryable);
    }

    @Test
    void shouldReadRetryAfterAsSecondsOrHttpDate()
    {
        final String inNinetySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
            Instant.ofEpochMilli(NOW + 90_000).atZone(ZoneOffset.UTC));
        final String past = DateTimeFormatter.RFC_1123_DATE_TIME.format(
            Instant.ofEpochMilli(NOW - 90_000).atZone(ZoneOffset.UTC));

        assertEquals(120_000, WebhookResponses.retryAfterMillis("120", NOW));
        assertEquals(0, WebhookResponses.retryAfterMillis("0", NOW));
        assertEquals(5_000, WebhookResponses.retryAfterMillis(" 5 ", NOW));
        assertEquals(90_000, WebhookResponses.retryAfterMillis(inNinetySeconds, NOW));
        assertEquals(0, WebhookResponses.retryAfterMillis(past, NOW));
        assertEquals(0, WebhookResponses.retryAfterMillis("soon", NOW));
        assertEquals(0, WebhookResponses.retryAfterMillis("-5", NOW));
        assertEquals(0, WebhookResponses.retryAfterMillis("", NOW));
        assertEquals(0, WebhookResponses.retryAfterMillis(null, NOW));
        assertEquals(Long.MAX_VALUE, WebhookResponses.retryAfterMillis("99999999999999999999999", NOW));
        assertTrue(WebhookResponses.honoursRetryAfter(429));
        assertTrue(WebhookResponses.honoursRetryAfter(503));
        assertFalse(WebhookResponses.honoursRetryAfter(500));
    }

    @Test
    void shouldKeepFirst200CharactersOfBodyInErrorText()
    {
        assertEquals("HTTP 500", WebhookResponses.errorText(500, ""));
        assertEquals("HTTP 502: bad gateway", WebhookResponses.errorText(502, " bad gateway\n"));
        assertEquals("HTTP 500: " + "x".repeat(200), WebhookResponses.errorText(500, "x".repeat(5_000)));
    }

    @Test
    void shouldDescribeExceptionAndItsCause()
    {
        final ConnectException refused = new ConnectException();
        refused.initCause(new IOException("Connection refused"));

        assertEquals("ConnectException (caused by IOException: Connection refused)",
            WebhookResponses.errorText(new CompletionException(refused)));
        assertEquals("HttpTimeoutException: request timed out",
            WebhookResponses.errorText(new HttpTimeoutException("request timed out")));
    }
}
