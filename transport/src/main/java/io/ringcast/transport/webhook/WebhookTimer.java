package io.ringcast.transport.webhook;

/**
 * Runs a task after a delay: how the {@link WebhookDispatcher} waits for retries, for an open circuit to turn
 * half-open and for queued deliveries to expire. Production uses the dispatcher's own scheduler (real time); a test
 * injects a timer driven by a manual clock and runs due tasks as it advances the clock.
 * <p>
 * The dispatcher's tasks only hand work to the dispatcher thread, so an implementation may run them on any thread;
 * it must run each task once, not before its delay has passed on the clock the dispatcher was given.
 */
@FunctionalInterface
public interface WebhookTimer
{
    /**
     * Runs {@code task} once after {@code delayMillis}.
     *
     * @param delayMillis delay in milliseconds, 0 or more.
     * @param task        what to run; quick, never blocks.
     */
    void schedule(long delayMillis, Runnable task);
}
