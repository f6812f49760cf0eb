package io.ringcast.transport.webhook;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

import io.ringcast.engine.policy.CircuitBreaker;
import io.ringcast.engine.policy.WebhookEndpoint;
import io.ringcast.engine.util.EngineClock;
import io.ringcast.journal.deadletter.DeadLetterReason;
import io.ringcast.journal.deadletter.DeadLetterStore;

/**
 * Posts batches to webhooks: signed (see {@link WebhookSigner}), retried by the endpoint's
 * {@link io.ringcast.engine.policy.RetrySchedule}, held back by one {@link CircuitBreaker} per endpoint
 * ({@link WebhookEndpoint#circuitKey()}), and written to the {@link DeadLetterStore} when given up: one letter per
 * event of the batch. Nothing is dropped silently: every submitted batch ends delivered or dead-lettered.
 * <p>
 * What an answer means: 2xx delivered; 408, 429, 5xx, I/O errors and timeouts are retried (a {@code Retry-After} of
 * seconds or an HTTP-date on 429/503 lengthens the wait, up to an hour); after the last attempt the batch is
 * dead-lettered {@code max_retries_exceeded}, or {@code timeout} when the last attempt timed out. Other 4xx (and
 * 1xx/3xx: redirects are not followed, so a signed payload never goes elsewhere) are dead-lettered
 * {@code non_retryable} at once, 410 and an unknown host {@code endpoint_gone}. Retryable failures and unknown hosts
 * count toward the breaker; an answered 4xx counts as a success (the endpoint is up).
 * <p>
 * Circuit: while an endpoint's circuit is open its deliveries wait, queued in order, and go out when it turns half-open
 * (one trial first) and then closed. A delivery that waited queued longer than {@code maxCircuitWaitMillis} while the
 * circuit was not closed, or that finds {@code maxQueuedPerEndpoint} deliveries already queued, is dead-lettered
 * {@code circuit_open} ({@code timeout} when the queue is full behind a closed circuit: the endpoint is too slow).
 * <p>
 * Order: deliveries to one endpoint leave in submit order with at most {@code maxInFlightPerEndpoint} posts in flight
 * (so with 1, a receiver sees them in order while nothing fails). A retry goes ahead of what is still queued, but
 * later deliveries may have gone out while it waited: receivers order by the seqs in the body and drop repeats by
 * {@code X-Ringcast-Delivery}.
 * <p>
 * Threads: {@link #submit} from any thread (the engine's assemble thread), never blocks and does no I/O; all retry,
 * queue and breaker state lives on this dispatcher's own thread, to which HTTP completions and timer tasks are handed
 * back; dead letters are written on that thread. The counters may be read from any thread.
 * <p>
 * Close: stops taking work; dead-letters what is queued or waiting for a retry ({@code timeout}, "server shutting
 * down"); lets posts in flight finish for up to {@code closeGraceMillis} (a success counts as delivered, a failure is
 * dead-lettered without retry); then dead-letters the posts still in flight the same way. A batch submitted after
 * close is dead-lettered on the caller's thread.
 */
public final class WebhookDispatcher implements AutoCloseable
{
    private final WebhookDispatcherConfig config;
    private final EngineClock clock;
    private final WebhookOutcomes outcomes;
    private final ScheduledThreadPoolExecutor executor;
    private final WebhookDispatchLoop loop;
    private final String idPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
    private final AtomicLong nextId = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Thread dispatcherThread;

    /**
     * A dispatcher on the system clock and its own scheduler, with random jitter and no listener.
     *
     * @param config timeouts and bounds.
     * @param store  where given-up deliveries go; not closed by this dispatcher.
     */
    public WebhookDispatcher(final WebhookDispatcherConfig config, final DeadLetterStore store)
    {
        this(config, store, EngineClock.SYSTEM, null, null, null);
    }

    /**
     * A dispatcher with injected time, jitter and listener (tests use a manual clock and timer). Starts the
     * dispatcher thread and the HTTP client.
     *
     * @param config   timeouts and bounds.
     * @param store    where given-up deliveries go; not closed by this dispatcher.
     * @param clock    time for the breakers, circuit waits, signatures and dead-letter times.
     * @param timer    runs retries and circuit wake-ups on {@code clock}'s time; null for the dispatcher's own
     *                 scheduler (real time).
     * @param random   jitter source, uniform in [0, 1], called on the dispatcher thread; null for
     *                 {@link ThreadLocalRandom}.
     * @param listener told of each outcome on the dispatcher thread (on the submitting thread for a batch submitted
     *                 after close); null for none.
     */
    public WebhookDispatcher(final WebhookDispatcherConfig config, final DeadLetterStore store,
        final EngineClock clock, final WebhookTimer timer, final DoubleSupplier random, final WebhookListener listener)
    {
        this.config = Objects.requireNonNull(config, "config");
        Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.outcomes = new WebhookOutcomes(store, clock, listener != null ? listener : WebhookListener.NONE);
        this.executor = new ScheduledThreadPoolExecutor(1, r ->
        {
            final Thread t = new Thread(r, "ringcast-webhook-dispatcher");
            t.setDaemon(true);
            dispatcherThread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofMillis(config.connectTimeoutMillis()))
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
        this.loop = new WebhookDispatchLoop(config, clock,
            timer != null ? timer : (delayMillis, task) -> executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS),
            random != null ? random : () -> ThreadLocalRandom.current().nextDouble(), outcomes, executor, client);
    }

    /**
     * Hands a batch to the dispatcher. Any thread (the assemble thread); never blocks, does no I/O; allocates a copy of
     * the seqs, the delivery and a task. {@code body} is not copied: the caller must not change it afterwards.
     *
     * @param endpoint       where to post.
     * @param clientId       the subscription's owner, for dead letters; non-blank.
     * @param subscriptionId the subscription, for dead letters; non-blank.
     * @param seqs           the events' seqs; the first {@code count} are used (copied).
     * @param count          events in the batch, 1..seqs.length.
     * @param body           the JSON body to post.
     * @throws IllegalArgumentException naming the bad argument.
     */
    public void submit(final WebhookEndpoint endpoint, final String clientId, final String subscriptionId,
        final long[] seqs, final int count, final byte[] body)
    {
        Objects.requireNonNull(endpoint, "webhook endpoint");
        requireNonBlank(clientId, "clientId");
        requireNonBlank(subscriptionId, "subscriptionId");
        Objects.requireNonNull(seqs, "seqs");
        Objects.requireNonNull(body, "body");
        if (count < 1 || count > seqs.length)
        {
            throw new IllegalArgumentException("webhook batch count must be in 1.." + seqs.length +
                " (the length of seqs), was " + count);
        }
        final WebhookDelivery delivery = new WebhookDelivery(idPrefix + "-" + nextId.incrementAndGet(), endpoint,
            clientId, subscriptionId, Arrays.copyOf(seqs, count), body, clock.epochMillis());
        if (!closed.get())
        {
            try
            {
                executor.execute(() -> WebhookDispatchLoop.runGuarded(() -> loop.onSubmit(delivery)));
                return;
            }
            catch (final RejectedExecutionException ex)
            {
                // Closed between the check and the hand-over: fall through and dead-letter here.
            }
        }
        outcomes.deadLetter(delivery, DeadLetterReason.TIMEOUT,
            WebhookDispatchLoop.SHUTTING_DOWN + ": batch submitted after close");
    }

    /** Batches submitted and taken by the dispatcher thread so far. Any thread. */
    public long submitted()
    {
        return loop.submitted();
    }

    /** HTTP posts made so far (first attempts and retries). Any thread. */
    public long attempts()
    {
        return loop.attempts();
    }

    /** Posts answered with 2xx so far. Any thread. */
    public long delivered()
    {
        return outcomes.delivered();
    }

    /** Posts that failed so far (any answer but 2xx, or no answer). Any thread. */
    public long failures()
    {
        return loop.failures();
    }

    /** Retries scheduled so far. Any thread. */
    public long retries()
    {
        return loop.retries();
    }

    /** Deliveries (batches) given up and dead-lettered so far. Any thread. */
    public long deadLettered()
    {
        return outcomes.deadLettered();
    }

    /** Events dead-lettered so far (one letter each). Any thread. */
    public long deadLetteredEvents()
    {
        return outcomes.deadLetteredEvents();
    }

    /** Posts in flight now. Any thread. */
    public int inFlight()
    {
        return loop.inFlight();
    }

    /** Deliveries queued for their endpoint now: behind an open circuit or the in-flight limit. Any thread. */
    public int waiting()
    {
        return loop.waiting();
    }

    /** Deliveries sleeping until their next retry now. Any thread. */
    public int pendingRetries()
    {
        return loop.pendingRetries();
    }

    /** Each endpoint's circuit state, keyed and sorted by {@code scheme://host:port}. Any thread; allocates the map. */
    public Map<String, CircuitBreaker.State> circuitStates()
    {
        return loop.circuitStates();
    }

    /** Endpoints whose circuit is not closed (open or half-open) now. Any thread; allocates an iterator. */
    public int openCircuits()
    {
        return loop.openCircuits();
    }

    /**
     * Stops taking work and ends every delivery (see the class doc); waits up to {@code closeGraceMillis} for posts in
     * flight, then stops the dispatcher thread. Idempotent; any thread. Does not close the dead-letter store.
     */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        if (Thread.currentThread() == dispatcherThread)
        {
            // Called from a listener: nothing else can run on this thread meanwhile, so end everything now.
            loop.beginClose(new CompletableFuture<>());
            loop.abandonInFlight();
            executor.shutdown();
            return;
        }
        final CompletableFuture<Void> drainedNow = new CompletableFuture<>();
        final CompletableFuture<Void> finished = new CompletableFuture<>();
        loop.post(() -> loop.beginClose(drainedNow));
        await(drainedNow, config.closeGraceMillis());
        loop.post(() ->
        {
            loop.abandonInFlight();
            finished.complete(null);
        });
        await(finished, 10_000);
        // shutdown, not shutdownNow: tasks already queued still run, and a late submit among them is dead-lettered.
        executor.shutdown();
        try
        {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Completes once the dispatcher thread has run every task handed to it before this call (submits, timer tasks;
     * not HTTP answers still on the way). Lets a test see the effect of a submit or a timer step. Any thread.
     */
    /** Test hook: forget idle endpoints past {@code kept} instead of past the default. */
    void idleEndpointsKept(final int kept)
    {
        loop.post(() -> loop.idleEndpointsKept(kept));
    }

    CompletableFuture<Void> idle()
    {
        final CompletableFuture<Void> done = new CompletableFuture<>();
        loop.post(() -> done.complete(null));
        return done;
    }

    private static void await(final CompletableFuture<Void> future, final long millis)
    {
        try
        {
            future.get(millis, TimeUnit.MILLISECONDS);
        }
        catch (final TimeoutException | ExecutionException ex)
        {
            // Past the grace period: what is still in flight is dead-lettered next.
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void requireNonBlank(final String value, final String name)
    {
        if (value == null || value.isBlank())
        {
            throw new IllegalArgumentException("webhook " + name + " must not be blank, was " +
                (value == null ? "null" : "'" + value + "'"));
        }
    }
}
