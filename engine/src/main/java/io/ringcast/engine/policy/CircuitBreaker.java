package io.ringcast.engine.policy;

import java.util.Objects;

import io.ringcast.engine.util.EngineClock;

/**
 * One endpoint's circuit breaker: stops calls to an endpoint that keeps failing and lets a few trial calls through
 * once it has had time to recover.
 * <ul>
 *     <li>{@link State#CLOSED}: every call may go. {@code failureThreshold} failures inside {@code window} (a sliding
 *     window over the latest failures; a success in between does not reset it, so an endpoint failing often but
 *     not always is still backed off) open the circuit.</li>
 *     <li>{@link State#OPEN}: no call may go until {@code resetTimeout} has passed since it opened.</li>
 *     <li>{@link State#HALF_OPEN}: up to {@code trialCalls} trial calls may be in flight at once. A trial failure
 *     opens the circuit again with a fresh reset timeout; {@code successesToClose} trial successes close it.</li>
 * </ul>
 * The OPEN to HALF_OPEN step is taken lazily: {@link #tryAcquire()} takes it, and {@link #state()} reports
 * HALF_OPEN as soon as the reset timeout has passed.
 * <p>
 * A call's outcome is reported with {@link #onSuccess()} or {@link #onFailure()}, once per call that
 * {@link #tryAcquire()} let through. An outcome reported while OPEN (a call that left before the circuit opened) is
 * ignored. A success of such a straggler that arrives in HALF_OPEN counts as a trial success: the endpoint did answer.
 * <p>
 * Threads: owned by one thread (the webhook dispatcher's thread), the only one that may call {@link #tryAcquire()},
 * {@link #onSuccess()} and {@link #onFailure()}. {@link #state()}, {@link #millisUntilRetry()} and
 * {@link #openSinceMillis()} read volatile fields and may be called from any thread. Allocates only the failure
 * ring, once, at construction.
 */
public final class CircuitBreaker
{
    /** Where the breaker stands. */
    public enum State
    {
        /** Calls go through; failures are counted. */
        CLOSED,
        /** Calls are refused until the reset timeout has passed. */
        OPEN,
        /** A limited number of trial calls go through to probe the endpoint. */
        HALF_OPEN
    }

    /**
     * How a breaker reacts. Immutable; any thread.
     *
     * @param failureThreshold   failures inside {@code windowMillis} that open the circuit, 1..1000
     * @param windowMillis       the window failures are counted in, 1 ms..24 h
     * @param resetTimeoutMillis how long the circuit stays OPEN before trial calls may go, 1 ms..24 h
     * @param trialCalls         trial calls in flight at once while HALF_OPEN, 1..100
     * @param successesToClose   trial successes that close the circuit, 1..100
     */
    public record Settings(int failureThreshold, long windowMillis, long resetTimeoutMillis, int trialCalls,
        int successesToClose)
    {
        /** Longest window or reset timeout (24 h). */
        public static final long MAX_MILLIS = 86_400_000L;
        /** Most failures in a threshold. */
        public static final int MAX_FAILURE_THRESHOLD = 1000;
        /** Most trial calls or successes to close. */
        public static final int MAX_TRIALS = 100;
        /** Default: 5 failures in 30 s open the circuit; trial after 10 s; one trial success closes it. */
        public static final Settings DEFAULT = new Settings(5, 30_000, 10_000, 1, 1);

        /** Validates the ranges with precise messages. */
        public Settings
        {
            if (failureThreshold < 1 || failureThreshold > MAX_FAILURE_THRESHOLD)
            {
                throw new IllegalArgumentException("circuit breaker failureThreshold must be in 1.." +
                    MAX_FAILURE_THRESHOLD + ", was " + failureThreshold);
            }
            requireMillis("windowMillis", windowMillis);
            requireMillis("resetTimeoutMillis", resetTimeoutMillis);
            if (trialCalls < 1 || trialCalls > MAX_TRIALS)
            {
                throw new IllegalArgumentException("circuit breaker trialCalls must be in 1.." + MAX_TRIALS +
                    ", was " + trialCalls);
            }
            if (successesToClose < 1 || successesToClose > MAX_TRIALS)
            {
                throw new IllegalArgumentException("circuit breaker successesToClose must be in 1.." + MAX_TRIALS +
                    ", was " + successesToClose);
            }
        }

        private static void requireMillis(final String name, final long value)
        {
            if (value < 1 || value > MAX_MILLIS)
            {
                throw new IllegalArgumentException("circuit breaker " + name + " must be in 1.." + MAX_MILLIS +
                    " (1 ms..24 h), was " + value);
            }
        }
    }

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final Settings settings;
    private final EngineClock clock;
    private final long windowNanos;
    private final long resetTimeoutNanos;
    /** Times of the latest failures, oldest at {@code failureIndex} once the ring is full. */
    private final long[] failureNanos;
    private int failureIndex;
    private int failureCount;
    private int trialsInFlight;
    private int trialSuccesses;

    private volatile State state = State.CLOSED;
    private volatile long openedAtNanos;
    private volatile long openSinceMillis;

    /**
     * A CLOSED breaker.
     *
     * @param settings how it reacts.
     * @param clock    the time source (monotonic for the window and timeout, wall clock for
     *                 {@link #openSinceMillis()}).
     */
    public CircuitBreaker(final Settings settings, final EngineClock clock)
    {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.windowNanos = settings.windowMillis() * NANOS_PER_MILLI;
        this.resetTimeoutNanos = settings.resetTimeoutMillis() * NANOS_PER_MILLI;
        this.failureNanos = new long[settings.failureThreshold()];
    }

    /** The settings. Any thread. */
    public Settings settings()
    {
        return settings;
    }

    /**
     * May a call go now? CLOSED: yes. OPEN: no, unless the reset timeout has passed, which moves the breaker to
     * HALF_OPEN. HALF_OPEN: yes while fewer than {@code trialCalls} trials are in flight, and the call counts as
     * one until its outcome is reported. Owner thread; allocates nothing.
     *
     * @return true when the call may go; the caller must then report its outcome.
     */
    public boolean tryAcquire()
    {
        State current = state;
        if (current == State.CLOSED)
        {
            return true;
        }
        if (current == State.OPEN)
        {
            if (clock.nanoTime() - openedAtNanos < resetTimeoutNanos)
            {
                return false;
            }
            trialsInFlight = 0;
            trialSuccesses = 0;
            state = State.HALF_OPEN;
            current = State.HALF_OPEN;
        }
        if (trialsInFlight < settings.trialCalls())
        {
            trialsInFlight++;
            return true;
        }
        return false;
    }

    /**
     * Reports that a call succeeded (the endpoint answered as an endpoint that is up). In HALF_OPEN it counts as a
     * trial success and may close the circuit. Owner thread; allocates nothing.
     */
    public void onSuccess()
    {
        if (state == State.HALF_OPEN)
        {
            trialsInFlight = Math.max(0, trialsInFlight - 1);
            trialSuccesses++;
            if (trialSuccesses >= settings.successesToClose())
            {
                close();
            }
        }
    }

    /**
     * Reports that a call failed. CLOSED: counts toward the threshold and may open the circuit. HALF_OPEN: opens it
     * again with a fresh reset timeout. OPEN: ignored. Owner thread; allocates nothing.
     */
    public void onFailure()
    {
        final State current = state;
        final long now = clock.nanoTime();
        if (current == State.HALF_OPEN)
        {
            open(now, false);
        }
        else if (current == State.CLOSED)
        {
            failureNanos[failureIndex] = now;
            failureIndex = (failureIndex + 1) % failureNanos.length;
            if (failureCount < failureNanos.length)
            {
                failureCount++;
            }
            // Once the ring is full, failureIndex points at the oldest of the latest failureThreshold failures.
            if (failureCount == failureNanos.length && now - failureNanos[failureIndex] <= windowNanos)
            {
                open(now, true);
            }
        }
    }

    /**
     * Where the breaker stands; reports HALF_OPEN once an OPEN circuit's reset timeout has passed, even before the
     * owner thread has taken the step. Any thread; allocates nothing.
     */
    public State state()
    {
        final State current = state;
        if (current == State.OPEN && clock.nanoTime() - openedAtNanos >= resetTimeoutNanos)
        {
            return State.HALF_OPEN;
        }
        return current;
    }

    /**
     * Milliseconds until an OPEN circuit lets trial calls through (rounded up), or 0 when it is not OPEN or the
     * reset timeout has passed. Any thread; allocates nothing.
     */
    public long millisUntilRetry()
    {
        if (state != State.OPEN)
        {
            return 0;
        }
        final long left = resetTimeoutNanos - (clock.nanoTime() - openedAtNanos);
        return left <= 0 ? 0 : (left + NANOS_PER_MILLI - 1) / NANOS_PER_MILLI;
    }

    /**
     * Wall-clock epoch milliseconds at which the current outage began: when the circuit last went from CLOSED to
     * OPEN (a failed trial that reopens it keeps this time), or 0 while CLOSED. Any thread.
     */
    public long openSinceMillis()
    {
        return state == State.CLOSED ? 0 : openSinceMillis;
    }

    private void open(final long nowNanos, final boolean fromClosed)
    {
        openedAtNanos = nowNanos;
        if (fromClosed)
        {
            openSinceMillis = clock.epochMillis();
        }
        failureCount = 0;
        failureIndex = 0;
        trialsInFlight = 0;
        trialSuccesses = 0;
        state = State.OPEN;
    }

    private void close()
    {
        failureCount = 0;
        failureIndex = 0;
        trialsInFlight = 0;
        trialSuccesses = 0;
        state = State.CLOSED;
    }

    @Override
    public String toString()
    {
        return "CircuitBreaker{" + state() + ", " + settings + "}";
    }
}
