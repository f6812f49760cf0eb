package io.ringcast.transport.webhook;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.policy.CircuitBreaker;
import io.ringcast.engine.policy.RetryPolicy;
import io.ringcast.engine.policy.WebhookEndpoint;
import io.ringcast.engine.util.ManualClock;
import io.ringcast.journal.deadletter.DeadLetter;
import io.ringcast.journal.deadletter.DeadLetterQuery;
import io.ringcast.journal.deadletter.DeadLetterReason;
import io.ringcast.journal.deadletter.DeadLetterStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retries, signatures, classification and dead letters against a real HTTP server; time moves only when told. */
class WebhookDispatcherTest
{
    static final long START = 1_772_000_000_000L;
    static final String SECRET = "whsec-0123456789abcdef";
    static final byte[] BODY = "{\"events\":[{\"seq\":10}]}".getBytes(StandardCharsets.UTF_8);
    /** High threshold: these tests are about retries, not the breaker. */
    static final WebhookDispatcherConfig CONFIG = WebhookDispatcherConfig.DEFAULT
        .withBreaker(new CircuitBreaker.Settings(1000, 30_000, 10_000, 1, 1))
        .withTimeouts(2_000, 2_000);

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(START);
    private final ManualWebhookTimer timer = new ManualWebhookTimer(clock);
    private final RecordingListener listener = new RecordingListener();
    private DeadLetterStore store;
    private FlakyEndpoint endpoint;
    private WebhookDispatcher dispatcher;

    @BeforeEach
    void open() throws Exception
    {
        store = DeadLetterStore.open(dir, "HOURLY", Duration.ofDays(7), Clock.systemUTC());
        endpoint = new FlakyEndpoint(clock);
    }

    @AfterEach
    void closeAll()
    {
        if (dispatcher != null)
        {
            dispatcher.close();
        }
        endpoint.close();
        store.close();
    }

    @Test
    void shouldRetryOnExponentialScheduleWithSameDeliveryIdUntilDelivered() throws Exception
    {
        dispatcher = dispatcher(CONFIG);
        endpoint.fail(1, 500, "down").fail(1, 503, "").fail(1, 502, "bad gateway");

        dispatcher.submit(webhook(new RetryPolicy(5, 500, 30_000, 2.0), SECRET), "alice", "sub-1",
            new long[] {10}, 1, BODY);

        final FlakyEndpoint.Received first = endpoint.take();
        final long[] expectedDelays = {500, 1_000, 2_000};
        FlakyEndpoint.Received previous = first;
        for (int retry = 1; retry <= expectedDelays.length; retry++)
        {
            timer.awaitPending(1);
            assertEquals(expectedDelays[retry - 1], timer.millisUntilNext());
            timer.advance(expectedDelays[retry - 1] - 1);
            assertEquals(1, timer.pending(), "the retry must not go before its delay");
            timer.advance(1);
            final FlakyEndpoint.Received next = endpoint.take();
            assertEquals(expectedDelays[retry - 1], next.arrivalMillis() - previous.arrivalMillis());
            assertEquals(first.header(WebhookSigner.DELIVERY_HEADER), next.header(WebhookSigner.DELIVERY_HEADER));
            assertEquals(Integer.toString(retry + 1), next.header(WebhookSigner.ATTEMPT_HEADER));
            previous = next;
        }

        final RecordingListener.Outcome outcome = listener.next();
        assertNull(outcome.reason());
        assertEquals(4, outcome.attempts());
        assertEquals(first.header(WebhookSigner.DELIVERY_HEADER), outcome.deliveryId());
        assertEquals("1", first.header(WebhookSigner.ATTEMPT_HEADER));
        assertEquals(4, dispatcher.attempts());
        assertEquals(3, dispatcher.failures());
        assertEquals(3, dispatcher.retries());
        assertEquals(1, dispatcher.delivered());
        assertEquals(0, dispatcher.deadLettered());
        assertEquals(0, dispatcher.pendingRetries());
        assertEquals(0, dispatcher.inFlight());
        assertEquals(0, store.size());
    }

    @Test
    void shouldForgetIdleEndpointsPastTheLimitButNotOneWaitingForARetry() throws Exception
    {
        dispatcher = dispatcher(CONFIG);
        dispatcher.idleEndpointsKept(1);
        try (FlakyEndpoint second = new FlakyEndpoint(clock); FlakyEndpoint third = new FlakyEndpoint(clock))
        {
            final RetryPolicy retry = new RetryPolicy(3, 500, 1_000, 2.0);
            dispatcher.submit(webhook(retry, null), "alice", "sub-1", new long[] {1}, 1, BODY);
            endpoint.take();
            listener.next();
            dispatcher.submit(new WebhookEndpoint(second.url("/hook"), null, retry), "bob", "sub-2", new long[] {2},
                1, BODY);
            second.take();
            listener.next();
            dispatcher.idle().get(10, TimeUnit.SECONDS);
            assertEquals(1, dispatcher.circuitStates().size(), "the second idle endpoint is forgotten: " +
                dispatcher.circuitStates());

            third.fail(1, 500, "down");
            dispatcher.submit(new WebhookEndpoint(third.url("/hook"), null, retry), "carol", "sub-3",
                new long[] {3}, 1, BODY);
            third.take();
            timer.awaitPending(1);
            dispatcher.idle().get(10, TimeUnit.SECONDS);
            assertEquals(2, dispatcher.circuitStates().size(), "an endpoint with a retry pending is kept");
            timer.advance(500);
            third.take();
            listener.next();
            dispatcher.idle().get(10, TimeUnit.SECONDS);
            assertEquals(1, dispatcher.circuitStates().size(), "and forgotten once it delivered");
        }
    }

    @Test
    void shouldSignSoReceiverVerifiesWithSecretAndNotWithAnother() throws Exception
    {
        dispatcher = dispatcher(CONFIG);

        dispatcher.submit(webhook(RetryPolicy.DEFAULT, SECRET), "alice", "sub-1", new long[] {10}, 1, BODY);

        final FlakyEndpoint.Received r = endpoint.take();
        final String timestamp = r.header(WebhookSigner.TIMESTAMP_HEADER);
        final String signature = r.header(WebhookSigner.SIGNATURE_HEADER);
        assertEquals("POST", r.method());
        assertEquals("/hook", r.path());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals(Long.toString(START / 1000), timestamp);
        assertEquals(new String(BODY, StandardCharsets.UTF_8), r.bodyText());
        assertEquals("v1=" + hmacHex(SECRET, timestamp + "." + r.bodyText()), signature);
        assertTrue(WebhookSigner.verify(SECRET, timestamp, signature, r.body(), START / 1000, 300));
        assertFalse(WebhookSigner.verify("another-secret-of-16", timestamp, signature, r.body(), START / 1000, 300));
        assertNotNull(r.header(WebhookSigner.DELIVERY_HEADER));
        assertNull(listener.next().reason());
    }

    @Test
    void shouldSendUnsignedWhenEndpointHasNoSecret() throws Exception
    {
        dispatcher = dispatcher(CONFIG);

        dispatcher.submit(webhook(RetryPolicy.DEFAULT, null), "alice", "sub-1", new long[] {10}, 1, BODY);

        final FlakyEndpoint.Received r = endpoint.take();
        assertNull(r.header(WebhookSigner.SIGNATURE_HEADER));
        assertEquals(Long.toString(START / 1000), r.header(WebhookSigner.TIMESTAMP_HEADER));
        assertNull(listener.next().reason());
    }

    @Test
    void shouldDeadLetterEverySeqOfBatchWithReasonAttemptsAndErrorAfterLastAttempt() throws Exception
    {
        dispatcher = dispatcher(CONFIG);
        final String longBody = "boom ".repeat(100);
        endpoint.fail(3, 500, longBody);
        final long[] seqs = {10, 11, 12, 99, 99};

        dispatcher.submit(webhook(new RetryPolicy(3, 100, 1_000, 2.0), SECRET), "alice", "sub-1", seqs, 3, BODY);
        seqs[0] = -1;

        endpoint.take();
        timer.awaitPending(1);
        timer.advance(100);
        endpoint.take();
        timer.awaitPending(1);
        timer.advance(200);
        endpoint.take();

        final RecordingListener.Outcome outcome = listener.next();
        final String error = "HTTP 500: " + longBody.strip().substring(0, 200);
        assertEquals(DeadLetterReason.MAX_RETRIES_EXCEEDED, outcome.reason());
        assertEquals(3, outcome.attempts());
        assertEquals(error, outcome.error());
        final List<DeadLetter> letters = letters();
        assertEquals(List.of(10L, 11L, 12L), letters.stream().map(DeadLetter::seq).toList());
        for (final DeadLetter letter : letters)
        {
            assertEquals("sub-1", letter.subscriptionId());
            assertEquals("alice", letter.clientId());
            assertEquals(DeadLetterReason.MAX_RETRIES_EXCEEDED, letter.reason());
            assertEquals(3, letter.attempts());
            assertEquals(START, letter.firstFailureMillis());
            assertEquals(START + 300, letter.lastFailureMillis());
            assertEquals(error, letter.lastError());
        }
        assertEquals(1, dispatcher.deadLettered());
        assertEquals(3, dispatcher.deadLetteredEvents());
        assertEquals(0, timer.pending());
    }

    @Test
    void shouldDeadLetterClientErrorAtOnceAndKeepCircuitClosed() throws Exception
    {
        dispatcher = dispatcher(CONFIG.withBreaker(new CircuitBreaker.Settings(1, 30_000, 10_000, 1, 1)));
        endpoint.fail(1, 400, "bad payload: field 'x'").fail(1, 410, "gone");
        final WebhookEndpoint hook = webhook(RetryPolicy.DEFAULT, SECRET);

        dispatcher.submit(hook, "alice", "sub-1", new long[] {10}, 1, BODY);
        final RecordingListener.Outcome rejected = listener.next();
        dispatcher.submit(hook, "alice", "sub-1", new long[] {11}, 1, BODY);
        final RecordingListener.Outcome gone = listener.next();
        dispatcher.submit(hook, "alice", "sub-1", new long[] {12}, 1, BODY);
        final RecordingListener.Outcome delivered = listener.next();

        assertEquals(DeadLetterReason.NON_RETRYABLE, rejected.reason());
        assertEquals(1, rejected.attempts());
        assertEquals("HTTP 400: bad payload: field 'x'", rejected.error());
        assertEquals(DeadLetterReason.ENDPOINT_GONE, gone.reason());
        assertEquals("HTTP 410: gone", gone.error());
        assertNull(delivered.reason());
        assertEquals(3, endpoint.count());
        assertEquals(0, dispatcher.retries());
        assertEquals(0, timer.pending());
        assertEquals(CircuitBreaker.State.CLOSED, dispatcher.circuitStates().get(hook.circuitKey()));
        assertEquals(List.of(DeadLetterReason.ENDPOINT_GONE, DeadLetterReason.NON_RETRYABLE),
            store.list(DeadLetterQuery.all()).letters().stream().map(DeadLetter::reason).toList());
    }

    @Test
    void shouldHonourRetryAfterSecondsAndHttpDate() throws Exception
    {
        dispatcher = dispatcher(CONFIG);
        final String inTwentySeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(
            Instant.ofEpochMilli(START + 7_000 + 20_000).atZone(ZoneOffset.UTC));
        endpoint.retryAfter(429, "7").retryAfter(503, inTwentySeconds);

        dispatcher.submit(webhook(new RetryPolicy(5, 100, 1_000, 2.0), SECRET), "alice", "sub-1",
            new long[] {10}, 1, BODY);

        endpoint.take();
        timer.awaitPending(1);
        assertEquals(7_000, timer.millisUntilNext());
        timer.advance(7_000);
        endpoint.take();
        timer.awaitPending(1);
        assertEquals(20_000, timer.millisUntilNext());
        timer.advance(20_000);
        endpoint.take();
        final RecordingListener.Outcome outcome = listener.next();
        assertNull(outcome.reason());
        assertEquals(3, outcome.attempts());
    }

    @Test
    void shouldRetryTimeoutAndDeliverWhenEndpointAnswersAgain() throws Exception
    {
        dispatcher = dispatcher(CONFIG.withTimeouts(2_000, 200));
        endpoint.hang();

        dispatcher.submit(webhook(new RetryPolicy(3, 100, 1_000, 2.0), SECRET), "alice", "sub-1",
            new long[] {10}, 1, BODY);

        endpoint.take();
        timer.awaitPending(1);
        timer.advance(100);
        assertEquals("2", endpoint.take().header(WebhookSigner.ATTEMPT_HEADER));
        final RecordingListener.Outcome outcome = listener.next();
        assertNull(outcome.reason());
        assertEquals(2, outcome.attempts());
        assertEquals(1, dispatcher.failures());
    }

    @Test
    void shouldDeadLetterWithTimeoutWhenLastAttemptTimesOut() throws Exception
    {
        dispatcher = dispatcher(CONFIG.withTimeouts(2_000, 200));
        endpoint.fail(1, 500, "oops").hang();

        dispatcher.submit(webhook(new RetryPolicy(2, 100, 1_000, 2.0), SECRET), "alice", "sub-1",
            new long[] {10, 11}, 2, BODY);

        endpoint.take();
        timer.awaitPending(1);
        timer.advance(100);
        endpoint.take();
        final RecordingListener.Outcome outcome = listener.next();
        assertEquals(DeadLetterReason.TIMEOUT, outcome.reason());
        assertEquals(2, outcome.attempts());
        assertTrue(outcome.error().contains("HttpTimeoutException"), outcome.error());
        assertEquals(List.of(DeadLetterReason.TIMEOUT, DeadLetterReason.TIMEOUT),
            letters().stream().map(DeadLetter::reason).toList());
    }

    @Test
    void shouldRefuseBadSubmitWithPreciseMessage()
    {
        dispatcher = dispatcher(CONFIG);
        final WebhookEndpoint hook = webhook(RetryPolicy.DEFAULT, null);

        assertMessage("count must be in 1..2 (the length of seqs), was 3",
            () -> dispatcher.submit(hook, "alice", "sub-1", new long[] {1, 2}, 3, BODY));
        assertMessage("count must be in 1..1 (the length of seqs), was 0",
            () -> dispatcher.submit(hook, "alice", "sub-1", new long[] {1}, 0, BODY));
        assertMessage("clientId must not be blank, was ' '",
            () -> dispatcher.submit(hook, " ", "sub-1", new long[] {1}, 1, BODY));
        assertMessage("subscriptionId must not be blank, was null",
            () -> dispatcher.submit(hook, "alice", null, new long[] {1}, 1, BODY));
        assertEquals(0, dispatcher.submitted());
    }

    private WebhookDispatcher dispatcher(final WebhookDispatcherConfig config)
    {
        return new WebhookDispatcher(config, store, clock, timer, () -> 1.0, listener);
    }

    private WebhookEndpoint webhook(final RetryPolicy retry, final String secret)
    {
        return new WebhookEndpoint(endpoint.url("/hook"), secret, retry);
    }

    private List<DeadLetter> letters()
    {
        return store.list(DeadLetterQuery.all()).letters().stream()
            .sorted(Comparator.comparingLong(DeadLetter::id)).toList();
    }

    private static String hmacHex(final String secret, final String text) throws Exception
    {
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static void assertMessage(final String expected, final Runnable action)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }
}
