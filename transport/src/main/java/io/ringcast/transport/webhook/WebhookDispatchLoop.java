package io.ringcast.transport.webhook;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

import io.ringcast.engine.policy.CircuitBreaker;
import io.ringcast.engine.policy.WebhookEndpoint;
import io.ringcast.engine.util.EngineClock;
import io.ringcast.journal.deadletter.DeadLetterReason;
import io.ringcast.transport.webhook.WebhookResponses.Outcome;

/**
 * The {@link WebhookDispatcher}'s state machine, run on its one thread: per-endpoint queues and breakers, posts in
 * flight, retries asleep, and close. Every method but {@link #post} and the counters runs on the dispatcher thread;
 * HTTP completions and timer tasks come back through {@link #post}. The counters are written here alone and read by
 * any thread.
 */
final class WebhookDispatchLoop
{
    static final String SHUTTING_DOWN = "server shutting down";

    private static final System.Logger LOG = System.getLogger(WebhookDispatchLoop.class.getName());
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final WebhookDispatcherConfig config;
    private final EngineClock clock;
    private final WebhookTimer timer;
    private final DoubleSupplier random;
    private final WebhookOutcomes outcomes;
    private final ScheduledThreadPoolExecutor executor;
    private final HttpClient client;

    /**
     * Endpoints whose state is kept while idle. Past this many, an endpoint with nothing queued, in flight or waiting
     * for a retry, and a closed circuit, is forgotten once it goes idle (its next delivery starts a fresh breaker):
     * users' fallback webhooks may name any number of hosts, and each lane costs memory for ever otherwise.
     */
    static final int IDLE_ENDPOINTS_KEPT = 1024;

    private final Map<String, EndpointLane> lanes = new ConcurrentHashMap<>();
    private final Set<WebhookDelivery> inFlightSet = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<WebhookDelivery> sleeping = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closing;
    private CompletableFuture<Void> drained;
    private int idleEndpointsKept = IDLE_ENDPOINTS_KEPT;

    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile int inFlight;
    private volatile int waiting;
    private volatile int pendingRetries;

    WebhookDispatchLoop(final WebhookDispatcherConfig config, final EngineClock clock, final WebhookTimer timer,
        final DoubleSupplier random, final WebhookOutcomes outcomes, final ScheduledThreadPoolExecutor executor,
        final HttpClient client)
    {
        this.config = config;
        this.clock = clock;
        this.timer = timer;
        this.random = random;
        this.outcomes = outcomes;
        this.executor = executor;
        this.client = client;
    }

    long submitted()
    {
        return submitted.get();
    }

    long attempts()
    {
        return attempts.get();
    }

    long failures()
    {
        return failures.get();
    }

    long retries()
    {
        return retries.get();
    }

    int inFlight()
    {
        return inFlight;
    }

    int waiting()
    {
        return waiting;
    }

    int pendingRetries()
    {
        return pendingRetries;
    }

    /** Each endpoint's circuit state, sorted by key. Any thread; allocates the map. */
    Map<String, CircuitBreaker.State> circuitStates()
    {
        final Map<String, CircuitBreaker.State> states = new TreeMap<>();
        for (final EndpointLane lane : lanes.values())
        {
            states.put(lane.key, lane.breaker.state());
        }
        return states;
    }

    /** Endpoints whose circuit is not closed. Any thread; allocates an iterator. */
    int openCircuits()
    {
        int open = 0;
        for (final EndpointLane lane : lanes.values())
        {
            if (lane.breaker.state() != CircuitBreaker.State.CLOSED)
            {
                open++;
            }
        }
        return open;
    }

    /** Takes a submitted batch: queues it for its endpoint and sends what may go. */
    void onSubmit(final WebhookDelivery delivery)
    {
        submitted.incrementAndGet();
        if (closing)
        {
            outcomes.deadLetter(delivery, DeadLetterReason.TIMEOUT, SHUTTING_DOWN);
            return;
        }
        final EndpointLane lane = lane(delivery.endpoint);
        enqueue(lane, delivery, false);
        pump(lane);
    }

    private EndpointLane lane(final WebhookEndpoint endpoint)
    {
        final String key = endpoint.circuitKey();
        EndpointLane lane = lanes.get(key);
        if (lane == null)
        {
            lane = new EndpointLane(key, new CircuitBreaker(config.breaker(), clock));
            lanes.put(key, lane);
        }
        return lane;
    }

    private void enqueue(final EndpointLane lane, final WebhookDelivery delivery, final boolean first)
    {
        if (lane.queue.size() >= config.maxQueuedPerEndpoint())
        {
            final CircuitBreaker.State state = lane.breaker.state();
            final boolean open = state != CircuitBreaker.State.CLOSED;
            outcomes.deadLetter(delivery, open ? DeadLetterReason.CIRCUIT_OPEN : DeadLetterReason.TIMEOUT,
                "endpoint queue full: " + lane.queue.size() + " deliveries already waiting for " + lane.key +
                " (circuit " + state + (open ? "" : ", the endpoint answers too slowly") + ")");
            return;
        }
        delivery.queuedSinceNanos = clock.nanoTime();
        if (first)
        {
            lane.queue.addFirst(delivery);
        }
        else
        {
            lane.queue.addLast(delivery);
        }
        waiting = waiting + 1;
    }

    /** Sends what the in-flight limit and the breaker allow, then arms the wake-up and expiry timers as needed. */
    private void pump(final EndpointLane lane)
    {
        while (!lane.queue.isEmpty() && lane.inFlight < config.maxInFlightPerEndpoint() && lane.breaker.tryAcquire())
        {
            final WebhookDelivery delivery = lane.queue.pollFirst();
            waiting = waiting - 1;
            send(lane, delivery);
        }
        if (lane.queue.isEmpty())
        {
            return;
        }
        final CircuitBreaker.State state = lane.breaker.state();
        if (state == CircuitBreaker.State.OPEN && !lane.wakeScheduled)
        {
            lane.wakeScheduled = true;
            timer.schedule(lane.breaker.millisUntilRetry(), () -> post(() ->
            {
                lane.wakeScheduled = false;
                pump(lane);
            }));
        }
        if (state != CircuitBreaker.State.CLOSED && !lane.expiryScheduled)
        {
            long oldest = Long.MAX_VALUE;
            for (final WebhookDelivery d : lane.queue)
            {
                oldest = Math.min(oldest, d.queuedSinceNanos);
            }
            final long dueNanos = oldest + config.maxCircuitWaitMillis() * NANOS_PER_MILLI - clock.nanoTime();
            lane.expiryScheduled = true;
            timer.schedule(Math.max(0, (dueNanos + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI), () -> post(() ->
            {
                lane.expiryScheduled = false;
                expire(lane);
                pump(lane);
            }));
        }
    }

    /** Dead-letters the deliveries that waited too long behind a circuit that is still not closed. */
    private void expire(final EndpointLane lane)
    {
        final CircuitBreaker.State state = lane.breaker.state();
        if (closing || state == CircuitBreaker.State.CLOSED)
        {
            return;
        }
        final long now = clock.nanoTime();
        final long maxWaitNanos = config.maxCircuitWaitMillis() * NANOS_PER_MILLI;
        final Iterator<WebhookDelivery> it = lane.queue.iterator();
        while (it.hasNext())
        {
            final WebhookDelivery delivery = it.next();
            final long waitedNanos = now - delivery.queuedSinceNanos;
            if (waitedNanos >= maxWaitNanos)
            {
                it.remove();
                waiting = waiting - 1;
                outcomes.deadLetter(delivery, DeadLetterReason.CIRCUIT_OPEN, "circuit " + state + " for " + lane.key +
                    " since " + Instant.ofEpochMilli(lane.breaker.openSinceMillis()) + ": waited " +
                    waitedNanos / NANOS_PER_MILLI + " ms, longer than maxCircuitWait " + config.maxCircuitWaitMillis() +
                    " ms" + (delivery.lastError == null ? "" : "; last error: " + delivery.lastError));
            }
        }
    }

    private void send(final EndpointLane lane, final WebhookDelivery delivery)
    {
        final long now = clock.epochMillis();
        delivery.attempts++;
        if (delivery.attempts == 1)
        {
            delivery.firstAttemptMillis = now;
        }
        delivery.lastAttemptMillis = now;
        attempts.incrementAndGet();
        lane.inFlight++;
        inFlight = inFlight + 1;
        inFlightSet.add(delivery);
        try
        {
            final CompletableFuture<HttpResponse<String>> exchange =
                client.sendAsync(delivery.request(now, config.requestTimeoutMillis()), WebhookResponses.cappedBody());
            delivery.exchange = exchange;
            // The request timeout only covers the wait for the status line; this also bounds a body that stalls.
            final ScheduledFuture<?> guard = executor.schedule(() -> exchange.cancel(true),
                config.connectTimeoutMillis() + config.requestTimeoutMillis(), TimeUnit.MILLISECONDS);
            exchange.whenComplete((response, error) ->
            {
                guard.cancel(false);
                post(() -> onResult(lane, delivery, response, error));
            });
        }
        catch (final RuntimeException ex)
        {
            post(() -> onResult(lane, delivery, null, ex));
        }
    }

    private void onResult(final EndpointLane lane, final WebhookDelivery delivery, final HttpResponse<String> response,
        final Throwable error)
    {
        if (!inFlightSet.remove(delivery))
        {
            return;
        }
        lane.inFlight--;
        inFlight = inFlight - 1;
        delivery.exchange = null;
        final long now = clock.epochMillis();
        delivery.lastAttemptMillis = Math.max(delivery.lastAttemptMillis, now);
        final Outcome outcome;
        String text = null;
        long retryAfterMillis = 0;
        if (error != null)
        {
            outcome = WebhookResponses.classify(error);
            text = outcome == Outcome.RETRY_TIMEOUT ? "no complete answer within " + config.requestTimeoutMillis() +
                " ms: " + WebhookResponses.errorText(error) : WebhookResponses.errorText(error);
        }
        else
        {
            final int status = response.statusCode();
            outcome = WebhookResponses.classify(status);
            if (outcome != Outcome.DELIVERED)
            {
                text = WebhookResponses.errorText(status, response.body());
                if (WebhookResponses.honoursRetryAfter(status))
                {
                    retryAfterMillis = WebhookResponses.retryAfterMillis(
                        response.headers().firstValue("Retry-After").orElse(null), now);
                }
            }
        }
        if (outcome.breakerFailure)
        {
            lane.breaker.onFailure();
        }
        else
        {
            lane.breaker.onSuccess();
        }
        if (outcome == Outcome.DELIVERED)
        {
            outcomes.delivered(delivery);
        }
        else
        {
            failures.incrementAndGet();
            delivery.lastError = text;
            retryOrGiveUp(lane, delivery, outcome, retryAfterMillis);
        }
        if (closing)
        {
            if (inFlightSet.isEmpty() && drained != null)
            {
                drained.complete(null);
            }
        }
        else
        {
            pump(lane);
            forgetIfIdle(lane);
        }
    }

    private void retryOrGiveUp(final EndpointLane lane, final WebhookDelivery delivery, final Outcome outcome,
        final long retryAfterMillis)
    {
        if (outcome.retryable && closing)
        {
            outcomes.deadLetter(delivery, DeadLetterReason.TIMEOUT, shutdownError(delivery));
        }
        else if (outcome.retryable && delivery.schedule(random).mayRetry(delivery.attempts))
        {
            final long delay = delivery.schedule(random).nextDelayMillis(delivery.attempts, retryAfterMillis);
            retries.incrementAndGet();
            pendingRetries = pendingRetries + 1;
            lane.sleeping++;
            sleeping.add(delivery);
            timer.schedule(delay, () -> post(() -> onRetryDue(lane, delivery)));
        }
        else
        {
            outcomes.deadLetter(delivery, outcome.reason, delivery.lastError);
        }
    }

    private void onRetryDue(final EndpointLane lane, final WebhookDelivery delivery)
    {
        if (!sleeping.remove(delivery))
        {
            return;
        }
        pendingRetries = pendingRetries - 1;
        lane.sleeping--;
        enqueue(lane, delivery, true);
        pump(lane);
        forgetIfIdle(lane);
    }

    /** Forgets an idle endpoint with a closed circuit once more than {@link #IDLE_ENDPOINTS_KEPT} are known. */
    private void forgetIfIdle(final EndpointLane lane)
    {
        if (lanes.size() > idleEndpointsKept && lane.queue.isEmpty() && lane.inFlight == 0 && lane.sleeping == 0 &&
            !lane.wakeScheduled && !lane.expiryScheduled && lane.breaker.state() == CircuitBreaker.State.CLOSED)
        {
            lanes.remove(lane.key, lane);
        }
    }

    /** Test hook: how many idle endpoints are kept. Dispatcher thread. */
    void idleEndpointsKept(final int kept)
    {
        idleEndpointsKept = kept;
    }

    /**
     * First step of close: refuses new work, dead-letters what is queued or sleeping, and completes {@code drainedNow}
     * once nothing is in flight.
     */
    void beginClose(final CompletableFuture<Void> drainedNow)
    {
        closing = true;
        for (final EndpointLane lane : lanes.values())
        {
            WebhookDelivery delivery;
            while ((delivery = lane.queue.pollFirst()) != null)
            {
                waiting = waiting - 1;
                outcomes.deadLetter(delivery, DeadLetterReason.TIMEOUT, shutdownError(delivery));
            }
        }
        for (final WebhookDelivery delivery : sleeping)
        {
            outcomes.deadLetter(delivery, DeadLetterReason.TIMEOUT, shutdownError(delivery));
        }
        sleeping.clear();
        pendingRetries = 0;
        drained = drainedNow;
        if (inFlightSet.isEmpty())
        {
            drainedNow.complete(null);
        }
    }

    /** Last step of close: dead-letters the posts still in flight. */
    void abandonInFlight()
    {
        for (final WebhookDelivery delivery : inFlightSet)
        {
            final CompletableFuture<?> exchange = delivery.exchange;
            if (exchange != null)
            {
                exchange.cancel(true);
            }
            lanes.get(delivery.endpoint.circuitKey()).inFlight--;
            outcomes.deadLetter(delivery, DeadLetterReason.TIMEOUT, SHUTTING_DOWN + ": no answer to attempt " +
                delivery.attempts + " before close" + (delivery.lastError == null ? "" : "; last error: " +
                delivery.lastError));
        }
        inFlightSet.clear();
        inFlight = 0;
    }

    private static String shutdownError(final WebhookDelivery delivery)
    {
        return delivery.lastError == null ? SHUTTING_DOWN : SHUTTING_DOWN + "; last error: " + delivery.lastError;
    }

    /** Hands a task to the dispatcher thread; after close the task is dropped (close ended its deliveries). */
    void post(final Runnable task)
    {
        try
        {
            executor.execute(() -> runGuarded(task));
        }
        catch (final RejectedExecutionException ex)
        {
            LOG.log(System.Logger.Level.DEBUG, "webhook dispatcher closed; task dropped");
        }
    }

    /** The executor would keep an exception in a future nobody reads: log it instead, and keep the thread. */
    static void runGuarded(final Runnable task)
    {
        try
        {
            task.run();
        }
        catch (final RuntimeException ex)
        {
            LOG.log(System.Logger.Level.ERROR, "webhook dispatcher task failed", ex);
        }
    }
}
