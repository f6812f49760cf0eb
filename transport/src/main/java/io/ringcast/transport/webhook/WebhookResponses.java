package io.ringcast.transport.webhook;

import java.io.IOException;
import java.net.UnknownHostException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;

import io.ringcast.journal.deadletter.DeadLetterReason;

/**
 * What a webhook post's answer means: retry or not, how it counts for the circuit breaker, which dead-letter reason,
 * the error text and the {@code Retry-After} delay. Stateless helpers; any thread.
 */
final class WebhookResponses
{
    /** Characters of a response body kept in the error text. */
    static final int ERROR_BODY_CHARS = 200;
    /** Bytes of a response body read at most (enough for {@link #ERROR_BODY_CHARS} characters of UTF-8). */
    static final int MAX_BODY_BYTES = ERROR_BODY_CHARS * 4;

    /** How one attempt ended. */
    enum Outcome
    {
        /** 2xx. */
        DELIVERED(false, false, null),
        /** 408, 429, 5xx, or an I/O error such as a refused connection. */
        RETRY(true, true, DeadLetterReason.MAX_RETRIES_EXCEEDED),
        /** No answer in time (connect or request timeout). */
        RETRY_TIMEOUT(true, true, DeadLetterReason.TIMEOUT),
        /** Another 4xx (or 1xx/3xx: redirects are not followed): the endpoint is up but refuses this post. */
        REJECTED(false, false, DeadLetterReason.NON_RETRYABLE),
        /** 410 Gone: the endpoint is up and says it is gone for good. */
        GONE(false, false, DeadLetterReason.ENDPOINT_GONE),
        /** The host name does not resolve. */
        HOST_UNKNOWN(false, true, DeadLetterReason.ENDPOINT_GONE),
        /** The post could not be made at all (not an I/O error): retrying cannot help. */
        BROKEN(false, true, DeadLetterReason.NON_RETRYABLE);

        /** Whether another attempt may help. */
        final boolean retryable;
        /** Whether it counts as a failure for the circuit breaker (otherwise as a success: the endpoint is up). */
        final boolean breakerFailure;
        /** The dead-letter reason when this is the last attempt. */
        final DeadLetterReason reason;

        Outcome(final boolean retryable, final boolean breakerFailure, final DeadLetterReason reason)
        {
            this.retryable = retryable;
            this.breakerFailure = breakerFailure;
            this.reason = reason;
        }
    }

    private WebhookResponses()
    {
    }

    /** The outcome of an HTTP status. */
    static Outcome classify(final int status)
    {
        if (status >= 200 && status < 300)
        {
            return Outcome.DELIVERED;
        }
        if (status == 408 || status == 429 || status >= 500)
        {
            return Outcome.RETRY;
        }
        if (status == 410)
        {
            return Outcome.GONE;
        }
        return Outcome.REJECTED;
    }

    /** The outcome of a post that failed without an HTTP status. */
    static Outcome classify(final Throwable error)
    {
        final Throwable top = unwrap(error);
        for (Throwable t = top; t != null; t = t.getCause() == t ? null : t.getCause())
        {
            if (t instanceof UnknownHostException || t instanceof UnresolvedAddressException)
            {
                return Outcome.HOST_UNKNOWN;
            }
            if (t instanceof HttpTimeoutException || t instanceof TimeoutException ||
                t instanceof CancellationException)
            {
                return Outcome.RETRY_TIMEOUT;
            }
        }
        return top instanceof IOException ? Outcome.RETRY : Outcome.BROKEN;
    }

    /** Whether a status may carry a {@code Retry-After} that we honour. */
    static boolean honoursRetryAfter(final int status)
    {
        return status == 429 || status == 503;
    }

    /**
     * The delay a {@code Retry-After} value asks for: delta seconds, or an HTTP-date (RFC 1123) less {@code nowMillis}.
     * 0 for a missing or unreadable value or a date in the past.
     */
    static long retryAfterMillis(final String value, final long nowMillis)
    {
        if (value == null)
        {
            return 0;
        }
        final String text = value.trim();
        if (text.isEmpty())
        {
            return 0;
        }
        if (text.chars().allMatch(c -> c >= '0' && c <= '9'))
        {
            // Over 12 digits is tens of thousands of years and could overflow: the schedule caps it at an hour anyway.
            if (text.length() > 12)
            {
                return Long.MAX_VALUE;
            }
            return Long.parseLong(text) * 1000L;
        }
        try
        {
            final long at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
            return Math.max(0, at - nowMillis);
        }
        catch (final DateTimeParseException ex)
        {
            return 0;
        }
    }

    /** The error text of a non-2xx answer: {@code HTTP <status>: <first 200 characters of the body>}. */
    static String errorText(final int status, final String body)
    {
        final String trimmed = body == null ? "" : body.strip();
        if (trimmed.isEmpty())
        {
            return "HTTP " + status;
        }
        return "HTTP " + status + ": " + (trimmed.length() <= ERROR_BODY_CHARS ? trimmed :
            trimmed.substring(0, ERROR_BODY_CHARS));
    }

    /** The error text of a failed post: the exception's type and message, and its cause's. */
    static String errorText(final Throwable error)
    {
        final Throwable top = unwrap(error);
        final Throwable cause = top.getCause();
        final String text = describe(top);
        return cause == null || cause == top ? text : text + " (caused by " + describe(cause) + ")";
    }

    private static String describe(final Throwable t)
    {
        final String message = t.getMessage();
        return t.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static Throwable unwrap(final Throwable error)
    {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null)
        {
            t = t.getCause();
        }
        return t;
    }

    /** A body handler that keeps the first {@link #MAX_BODY_BYTES} bytes of the body and stops reading there. */
    static HttpResponse.BodyHandler<String> cappedBody()
    {
        return info -> new CappedBody();
    }

    /**
     * Keeps the start of a body for the error text. Stops reading once it has enough, so an endpoint answering with a
     * huge or endless body costs nothing; a body that breaks off midway still gives what arrived.
     */
    private static final class CappedBody implements HttpResponse.BodySubscriber<String>
    {
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final byte[] bytes = new byte[MAX_BODY_BYTES];
        private int length;
        private Flow.Subscription subscription;

        @Override
        public CompletionStage<String> getBody()
        {
            return result;
        }

        @Override
        public void onSubscribe(final Flow.Subscription subscription)
        {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(final List<ByteBuffer> items)
        {
            for (final ByteBuffer item : items)
            {
                final int n = Math.min(item.remaining(), bytes.length - length);
                item.get(bytes, length, n);
                length += n;
            }
            if (length == bytes.length && !result.isDone())
            {
                result.complete(text());
                subscription.cancel();
            }
        }

        @Override
        public void onError(final Throwable throwable)
        {
            result.complete(text());
        }

        @Override
        public void onComplete()
        {
            result.complete(text());
        }

        private String text()
        {
            return new String(bytes, 0, length, StandardCharsets.UTF_8);
        }
    }
}
