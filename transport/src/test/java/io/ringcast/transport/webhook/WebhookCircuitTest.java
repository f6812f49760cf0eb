package io.ringcast.transport.webhook;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.policy.CircuitBreaker;
import io.ringcast.engine.policy.CircuitBreaker.State;
import io.ringcast.engine.policy.RetryPolicy;
import io.ringcast.engine.policy.WebhookEndpoint;
import io.ringcast.engine.util.ManualClock;
import io.ringcast.journal.deadletter.DeadLetter;
import io.ringcast.journal.deadletter.DeadLetterQuery;
import io.ringcast.journal.deadletter.DeadLetterReason;
import io.ringcast.journal.deadletter.DeadLetterStore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-endpoint circuit breaker, circuit waits and close, against a real HTTP server. */
class WebhookCircuitTest
{
    private static final long START = WebhookDispatcherTest.START;
    /** Every retry waits exactly 100 ms with the fixed random of 1.0. */
    private static final RetryPolicy EVERY_100_MS = new RetryPolicy(11, 100, 100, 1.0);
    private static final RetryPolicy NO_RETRY = new RetryPolicy(1, 100, 100, 1.0);

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
    void shouldOpenHoldDeliveriesThenTrialHalfOpenAndCloseInOrder() throws Exception
    {
        dispatcher = dispatcher(WebhookDispatcherConfig.DEFAULT.withEndpointLimits(100, 1)
            .withBreaker(new CircuitBreaker.Settings(2, 30_000, 10_000, 1, 1)));
        final WebhookEndpoint hook = new WebhookEndpoint(endpoint.url("/hook"), null, EVERY_100_MS);
        final String key = hook.circuitKey();
        endpoint.fail(3, 500, "down");

        submit(hook, "A", 1);
        assertEquals("A", endpoint.take().bodyText());
        timer.awaitPending(1);
        timer.advance(100);
        assertEquals("A", endpoint.take().bodyText());
        timer.awaitPending(1);
        assertEquals(Map.of(key, State.OPEN), dispatcher.circuitStates());
        assertEquals(1, dispatcher.openCircuits());

        submit(hook, "B", 2);
        submit(hook, "C", 3);
        timer.advance(100);
        await(dispatcher);
        assertEquals(3, dispatcher.waiting(), "A's retry, B and C wait behind the open circuit");
        assertEquals(2, endpoint.count());

        timer.advance(9_899);
        await(dispatcher);
        assertEquals(State.OPEN, dispatcher.circuitStates().get(key));
        assertEquals(2, endpoint.count());
        timer.advance(1);
        assertEquals("A", endpoint.take().bodyText(), "the trial call is the oldest delivery");
        // Pending: the expiry check armed when B queued, A's next retry, and the wake-up for the fresh reset timeout.
        timer.awaitPending(3);
        assertEquals(State.OPEN, dispatcher.circuitStates().get(key), "a failed trial opens the circuit again");
        assertEquals(3, dispatcher.waiting() + dispatcher.pendingRetries());

        final CountDownLatch trial = endpoint.hold();
        timer.advance(10_000);
        final FlakyEndpoint.Received second = endpoint.take();
        assertEquals("A", second.bodyText());
        assertEquals("4", second.header(WebhookSigner.ATTEMPT_HEADER));
        assertEquals(State.HALF_OPEN, dispatcher.circuitStates().get(key));
        assertEquals(1, dispatcher.inFlight());
        assertEquals(2, dispatcher.waiting());

        trial.countDown();
        assertEquals("B", endpoint.take().bodyText());
        assertEquals("C", endpoint.take().bodyText());
        final List<RecordingListener.Outcome> outcomes = List.of(listener.next(), listener.next(), listener.next());
        for (final RecordingListener.Outcome outcome : outcomes)
        {
            assertNull(outcome.reason());
        }
        assertEquals(List.of(4, 1, 1), outcomes.stream().map(RecordingListener.Outcome::attempts).toList());
        assertEquals(Map.of(key, State.CLOSED), dispatcher.circuitStates());
        assertEquals(0, dispatcher.openCircuits());
        assertEquals(0, dispatcher.waiting());
        assertEquals(0, store.size());
    }

    @Test
    void shouldDeadLetterDeliveryThatWaitedLongerThanMaxCircuitWait() throws Exception
    {
        dispatcher = dispatcher(WebhookDispatcherConfig.DEFAULT.withMaxCircuitWaitMillis(60_000)
            .withBreaker(new CircuitBreaker.Settings(1, 30_000, 600_000, 1, 1)));
        final WebhookEndpoint hook = new WebhookEndpoint(endpoint.url("/hook"), null, NO_RETRY);
        endpoint.fail(1, 503, "maintenance");

        submit(hook, "A", 1);
        final RecordingListener.Outcome first = listener.next();
        assertEquals(DeadLetterReason.MAX_RETRIES_EXCEEDED, first.reason());
        assertEquals("HTTP 503: maintenance", first.error());

        timer.advance(1_000);
        submit(hook, "B", 2);
        submit(hook, "B", 3);
        await(dispatcher);
        timer.advance(59_999);
        await(dispatcher);
        assertEquals(2, dispatcher.waiting());
        assertEquals(0, listener.size());

        timer.advance(1);
        final RecordingListener.Outcome expired = listener.next();
        assertEquals(DeadLetterReason.CIRCUIT_OPEN, expired.reason());
        assertEquals(0, expired.attempts());
        assertTrue(expired.error().contains("longer than maxCircuitWait 60000 ms"), expired.error());
        assertEquals(DeadLetterReason.CIRCUIT_OPEN, listener.next().reason());
        final List<DeadLetter> letters = letters();
        assertEquals(List.of(1L, 2L, 3L), letters.stream().map(DeadLetter::seq).toList());
        final DeadLetter waited = letters.get(1);
        assertEquals(DeadLetterReason.CIRCUIT_OPEN, waited.reason());
        assertEquals(START + 1_000, waited.firstFailureMillis());
        assertEquals(START + 61_000, waited.lastFailureMillis());
        assertEquals(1, endpoint.count());
        assertEquals(0, dispatcher.waiting());
    }

    @Test
    void shouldDeadLetterOverQueueBoundAndEverythingLeftAtClose() throws Exception
    {
        dispatcher = dispatcher(WebhookDispatcherConfig.DEFAULT.withEndpointLimits(2, 4).withCloseGraceMillis(100)
            .withBreaker(new CircuitBreaker.Settings(1, 30_000, 600_000, 1, 1)));
        final WebhookEndpoint hook = new WebhookEndpoint(endpoint.url("/hook"), null, NO_RETRY);
        endpoint.fail(1, 500, "down");
        try (FlakyEndpoint slow = new FlakyEndpoint(clock))
        {
            final WebhookEndpoint slowHook = new WebhookEndpoint(slow.url("/slow"), null, EVERY_100_MS);
            slow.hang();

            submit(hook, "A", 1);
            assertEquals(DeadLetterReason.MAX_RETRIES_EXCEEDED, listener.next().reason());
            submit(hook, "B", 2);
            submit(hook, "C", 3);
            submit(hook, "D", 4);
            final RecordingListener.Outcome full = listener.next();
            assertEquals(DeadLetterReason.CIRCUIT_OPEN, full.reason());
            assertTrue(full.error().startsWith("endpoint queue full: 2 deliveries already waiting for " +
                hook.circuitKey()), full.error());
            submit(slowHook, "S", 5);
            slow.take();
            assertEquals(1, dispatcher.inFlight());

            dispatcher.close();
            submit(hook, "E", 6);
        }

        final List<DeadLetter> letters = letters();
        assertEquals(List.of(1L, 4L, 2L, 3L, 5L, 6L), letters.stream().map(DeadLetter::seq).toList());
        assertEquals(List.of(DeadLetterReason.MAX_RETRIES_EXCEEDED, DeadLetterReason.CIRCUIT_OPEN,
            DeadLetterReason.TIMEOUT, DeadLetterReason.TIMEOUT, DeadLetterReason.TIMEOUT, DeadLetterReason.TIMEOUT),
            letters.stream().map(DeadLetter::reason).toList());
        for (final DeadLetter letter : letters.subList(2, 6))
        {
            assertTrue(letter.lastError().startsWith("server shutting down"), letter.lastError());
        }
        assertEquals(1, letters.get(4).attempts(), "the post in flight at close made one attempt");
        assertEquals(0, dispatcher.inFlight());
        assertEquals(0, dispatcher.waiting());
        assertEquals(6, dispatcher.deadLettered());
    }

    private WebhookDispatcher dispatcher(final WebhookDispatcherConfig config)
    {
        return new WebhookDispatcher(config, store, clock, timer, () -> 1.0, listener);
    }

    private void submit(final WebhookEndpoint hook, final String body, final long seq)
    {
        dispatcher.submit(hook, "alice", "sub-1", new long[] {seq}, 1, body.getBytes(StandardCharsets.UTF_8));
    }

    private static void await(final WebhookDispatcher dispatcher) throws Exception
    {
        dispatcher.idle().get(10, TimeUnit.SECONDS);
    }

    private List<DeadLetter> letters()
    {
        return store.list(DeadLetterQuery.all()).letters().stream()
            .sorted(Comparator.comparingLong(DeadLetter::id)).toList();
    }
}
