package io.ringcast.client;

import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread of a {@link RingcastSubscriber} that calls listeners, fed by the event loop through an unbounded
 * queue whose event count is watched: at the bound the event loop stops reading ({@link #events} answers true), and
 * when the listeners have worked it down to half, {@code onDrained} (which turns reading back on) runs.
 * <p>
 * The queuing methods are called on the event loop; the listener methods run on this thread, in queue order.
 * A listener's exception goes to the connection listener and never ends the thread.
 */
final class ListenerThread
{
    private final ConnectionListener connectionListener;
    private final int bound;
    private final Runnable onDrained;
    private final AtomicInteger pendingEvents = new AtomicInteger();
    private final AtomicBoolean paused = new AtomicBoolean();
    private final ThreadPoolExecutor executor;
    private volatile Thread thread;

    ListenerThread(final ConnectionListener connectionListener, final int bound, final Runnable onDrained)
    {
        this.connectionListener = connectionListener;
        this.bound = bound;
        this.onDrained = onDrained;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r ->
        {
            final Thread t = new Thread(r, "ringcast-subscriber-listener");
            thread = t;
            return t;
        });
    }

    /** True while reading is off because too many events wait for listeners. Any thread. */
    boolean paused()
    {
        return paused.get();
    }

    /**
     * Queues {@code onEvents}; {@code lastSeq} becomes the subscription's delivered seq once it returned.
     *
     * @return true when the events waiting reached the bound: the caller stops reading
     */
    boolean events(final SubscriptionState state, final List<ReceivedEvent> events, final long lastSeq)
    {
        final int count = events.size();
        final boolean full = pendingEvents.addAndGet(count) >= bound;
        if (full)
        {
            paused.set(true); // before the task is queued, so the task that drains below half sees it
        }
        submit(() ->
        {
            try
            {
                if (!state.removed)
                {
                    state.listener.onEvents(state.spec.id(), events);
                }
            }
            catch (final RuntimeException ex)
            {
                listenerException(state.spec.id(), ex);
            }
            finally
            {
                state.delivered = lastSeq;
                if (pendingEvents.addAndGet(-count) <= bound / 2 && paused.compareAndSet(true, false))
                {
                    onDrained.run();
                }
            }
        });
        return full;
    }

    void subscribed(final SubscriptionState state, final long seq, final boolean resumed)
    {
        submit(() ->
        {
            if (!state.removed)
            {
                call(state.spec.id(), () -> state.listener.onSubscribed(state.spec.id(), seq, resumed));
            }
            state.subscribed.complete(seq);
        });
    }

    void gap(final SubscriptionState state, final long from, final long to)
    {
        submit(() ->
        {
            if (!state.removed)
            {
                call(state.spec.id(), () -> state.listener.onGap(state.spec.id(), from, to));
            }
        });
    }

    void refused(final SubscriptionState state, final String code, final String message)
    {
        submit(() ->
        {
            call(state.spec.id(), () -> state.listener.onError(state.spec.id(), code, message));
            state.subscribed.completeExceptionally(new SubscriptionRefusedException(code, message, state.spec.id()));
        });
    }

    void connected(final String session, final String clientId, final long headSeq, final String epoch)
    {
        submit(() -> call(null, () -> connectionListener.onConnected(session, clientId, headSeq, epoch)));
    }

    void disconnected(final int closeCode, final String reason)
    {
        submit(() -> call(null, () -> connectionListener.onDisconnected(closeCode, reason)));
    }

    void reconnectScheduled(final int attempt, final long delayMillis, final Throwable lastFailure)
    {
        submit(() -> call(null, () -> connectionListener.onReconnectScheduled(attempt, delayMillis, lastFailure)));
    }

    void gaveUp(final Throwable lastFailure)
    {
        submit(() -> call(null, () -> connectionListener.onGaveUp(lastFailure)));
    }

    void connectionError(final String code, final String message)
    {
        submit(() -> call(null, () -> connectionListener.onError(code, message)));
    }

    /** Runs what is queued, then ends the thread (the subscriber gave up). */
    void closeAfterQueued()
    {
        executor.shutdown();
    }

    /**
     * Discards what is queued and ends the thread, waiting up to 5 s for a listener call in progress unless
     * called on this thread. Any thread.
     */
    void close()
    {
        executor.getQueue().clear();
        executor.shutdown();
        if (Thread.currentThread() != thread)
        {
            try
            {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void submit(final Runnable task)
    {
        try
        {
            executor.execute(task);
        }
        catch (final RejectedExecutionException ex)
        {
            // closed: listeners hear nothing more
        }
    }

    private void call(final String subscriptionId, final Runnable call)
    {
        try
        {
            call.run();
        }
        catch (final RuntimeException ex)
        {
            listenerException(subscriptionId, ex);
        }
    }

    private void listenerException(final String subscriptionId, final RuntimeException ex)
    {
        try
        {
            connectionListener.onListenerException(subscriptionId, ex);
        }
        catch (final RuntimeException ignored)
        {
            // the error handler itself failed: nothing is left to tell, and the thread must go on
        }
    }
}
