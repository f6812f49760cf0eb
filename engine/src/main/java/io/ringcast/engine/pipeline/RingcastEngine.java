package io.ringcast.engine.pipeline;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;

import io.ringcast.engine.assemble.AssembleStage;
import io.ringcast.engine.dedup.DedupStage;
import io.ringcast.engine.dedup.DedupWindow;
import io.ringcast.engine.delivery.DeliveryPort;
import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.event.EventSlot;
import io.ringcast.engine.filter.FieldTable;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.journal.JournalPort;
import io.ringcast.engine.journal.JournalStage;
import io.ringcast.engine.match.MatchStage;
import io.ringcast.engine.match.Matcher;
import io.ringcast.engine.metrics.EngineMetrics;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.policy.UserPolicies;
import io.ringcast.engine.subscription.CommandListener;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.engine.subscription.SubscriptionRegistry;

/**
 * The engine: a ring of preallocated {@link EventSlot}s running every publish and command through
 * dedup → (journal ‖ match) → assemble → delivery. This class is the composition root: it wires the stages
 * and plugs the journal and delivery ports in; the stages hold the logic.
 * <p>
 * Thread-safe: any thread may publish (through its own {@link #newPublisher()}) and submit commands.
 */
public final class RingcastEngine implements AutoCloseable
{
    private static final System.Logger LOG = System.getLogger(RingcastEngine.class.getName());

    private final EngineConfig config;
    private final EngineMetrics metrics = new EngineMetrics();
    private final SubscriptionRegistry registry;
    private final Disruptor<EventSlot> disruptor;
    private final RingBuffer<EventSlot> ring;
    private final List<Thread> stageThreads = new CopyOnWriteArrayList<>();
    private final IdleTicker idleTicker;
    private final UserPolicies userPolicies = new UserPolicies();
    private volatile boolean closed;

    private RingcastEngine(final EngineConfig config, final JournalPort journal, final DeliveryPort delivery)
    {
        this.config = config;
        registry = new SubscriptionRegistry(config.maxSubscriptionsPerClient, config.maxSubscriptions);
        disruptor = new Disruptor<>(() -> new EventSlot(config.codecLimits, 512), config.ringSize,
            stageThreadFactory(), ProducerType.MULTI, waitStrategy(config));
        disruptor.setDefaultExceptionHandler(new StageExceptionHandler(metrics));
        ring = disruptor.getRingBuffer();

        final DedupStage dedup = new DedupStage(
            new DedupWindow(config.dedupWindow.toNanos(), config.dedupMaxKeys), journal.headSeq(), config.clock, metrics);
        final JournalStage journalStage = new JournalStage(journal, metrics, config.ringSize);
        final MatchStage match = new MatchStage(new Matcher(new FieldTable(), config.codecLimits), registry,
            config.clock, metrics, config.idleExpiry.toNanos());
        final AssembleStage assemble = new AssembleStage(delivery, journal, config.clock, metrics, config.codecLimits,
            config.maxPendingEvents, config.rateLimits, config.maxHeldEvents, userPolicies);

        final CountDownLatch started;
        if (config.layout == StageLayout.PARALLEL)
        {
            started = new CountDownLatch(4);
            disruptor.handleEventsWith(new Started(dedup, started))
                .then(new Started(journalStage, started), new Started(match, started))
                .then(new Started(assemble, started, assemble::nanosUntilWake));
        }
        else
        {
            started = new CountDownLatch(2);
            disruptor.handleEventsWith(new Started(new StageChain(dedup, match), started))
                .then(new Started(new BatchChain(journalStage, assemble, ring), started, assemble::nanosUntilWake));
        }
        disruptor.start();
        awaitStarted(started);
        idleTicker = config.idleExpiry.isZero() ? null : new IdleTicker(this, config.idleCheckInterval);
    }

    private static void awaitStarted(final CountDownLatch started)
    {
        try
        {
            if (!started.await(30, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("stage threads did not start within 30 s");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the engine", ex);
        }
    }

    /** Starts an engine on the given journal and delivery ports; returns once every stage thread runs. */
    public static RingcastEngine start(final EngineConfig config, final JournalPort journal, final DeliveryPort delivery)
    {
        return new RingcastEngine(config, journal, delivery);
    }

    /** A publisher for the calling producer thread (keep it; each holds a small validation scratch). */
    public EnginePublisher newPublisher()
    {
        return new EnginePublisher(ring, config.codecLimits, config.clock, metrics);
    }

    /** Adds a subscription; the listener hears the outcome (limits, duplicate id) once it applies. Any thread. */
    public void subscribe(final Subscription subscription, final CommandListener listener)
    {
        submit(EventKind.SUBSCRIBE, subscription, subscription.clientId(), subscription.id(), null, listener);
    }

    /**
     * Adds a subscription whose creation must survive a restart (a server-side subscription): once it applies,
     * {@code stateRecord} goes to the journal's state log (the listener hears {@code NOT_SAVED} if that failed).
     * Any thread.
     */
    public void subscribe(final Subscription subscription, final String stateRecord, final CommandListener listener)
    {
        submit(EventKind.SUBSCRIBE, subscription, subscription.clientId(), subscription.id(), null, listener,
            null, stateRecord);
    }

    /**
     * Removes one subscription, server-side ones included (a connection's unsubscribe cannot remove those), and saves
     * {@code stateRecord} (its deletion; null: not saved) to the journal's state log once applied. Any thread.
     */
    public void unsubscribe(final String clientId, final String subscriptionId, final String stateRecord,
        final CommandListener listener)
    {
        submit(EventKind.UNSUBSCRIBE, null, clientId, subscriptionId, null, listener, null, stateRecord, true);
    }

    /**
     * Sets {@code user}'s delivery preferences (null: back to the defaults), applied by the assemble stage in ring
     * order to every subscription of the user. {@code stateRecord} (may be null: not saved, as when restoring) goes
     * to the journal's state log once applied. Any thread.
     */
    public void setPreferences(final String user, final Preferences preferences, final String stateRecord,
        final CommandListener listener)
    {
        submit(EventKind.PREFERENCES, null, user, null, null, listener, preferences, stateRecord);
    }

    /** Users' preferences in force and their policy counters; any thread. */
    public UserPolicies userPolicies()
    {
        return userPolicies;
    }

    /** Removes one subscription of a client; pending events of it are dropped. Any thread. */
    public void unsubscribe(final String clientId, final String subscriptionId, final CommandListener listener)
    {
        submit(EventKind.UNSUBSCRIBE, null, clientId, subscriptionId, null, listener);
    }

    /** Removes every subscription of a client (its connection is gone). Any thread. */
    public void unsubscribeClient(final String clientId, final CommandListener listener)
    {
        submit(EventKind.UNSUBSCRIBE_CLIENT, null, clientId, null, null, listener);
    }

    /** Pauses a subscription: it holds nothing and receives nothing until resumed. Any thread. */
    public void pause(final String clientId, final String subscriptionId, final CommandListener listener)
    {
        submit(EventKind.PAUSE, null, clientId, subscriptionId, null, listener);
    }

    /** Resumes a paused subscription from live. Any thread. */
    public void resume(final String clientId, final String subscriptionId, final CommandListener listener)
    {
        submit(EventKind.RESUME, null, clientId, subscriptionId, null, listener);
    }

    /** Replaces a subscription's filter (null: match everything on its topic). Any thread. */
    public void updateFilter(final String clientId, final String subscriptionId, final Filter filter,
        final CommandListener listener)
    {
        submit(EventKind.UPDATE_FILTER, null, clientId, subscriptionId, filter, listener);
    }

    /**
     * Delivers an already journaled event (a dead letter, read back from the journal) to one subscription
     * again, in a batch of its own, even if the subscription is paused. Any thread.
     *
     * @throws IllegalArgumentException when the bytes are not a valid event (with the codec's message)
     */
    public void redrive(final String clientId, final String subscriptionId, final org.agrona.DirectBuffer event,
        final int offset, final int length, final CommandListener listener)
    {
        final io.ringcast.engine.event.EventView view = new io.ringcast.engine.event.EventView(config.codecLimits);
        if (view.wrap(event, offset, length) != io.ringcast.engine.event.CodecError.NONE)
        {
            throw new IllegalArgumentException("cannot re-drive an invalid event: " + view.errorMessage());
        }
        if (closed)
        {
            throw new IllegalStateException("engine is closed");
        }
        final long sequence = ring.next();
        try
        {
            ring.get(sequence).redrive(view, clientId, subscriptionId, listener, config.clock.nanoTime());
        }
        finally
        {
            ring.publish(sequence);
        }
    }

    /**
     * As the command methods above ({@code kind} one of SUBSCRIBE, UNSUBSCRIBE, UNSUBSCRIBE_CLIENT, PAUSE, RESUME),
     * but never waits for ring space: false when the ring is full right now and the command was not submitted
     * (the caller answers "busy" or retries later). For event loops, which must not block. Any thread.
     */
    public boolean tryCommand(final EventKind kind, final Subscription subscription, final String clientId,
        final String subscriptionId, final CommandListener listener)
    {
        switch (kind)
        {
            case SUBSCRIBE:
            case UNSUBSCRIBE:
            case UNSUBSCRIBE_CLIENT:
            case PAUSE:
            case RESUME:
                break;
            default:
                throw new IllegalArgumentException("tryCommand takes subscription commands, not " + kind);
        }
        if (closed)
        {
            throw new IllegalStateException("engine is closed");
        }
        final long sequence;
        try
        {
            sequence = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            return false;
        }
        try
        {
            ring.get(sequence).command(kind, subscription, clientId, subscriptionId, null, listener,
                config.clock.nanoTime());
        }
        finally
        {
            ring.publish(sequence);
        }
        return true;
    }

    /** Expires idle subscriptions now (the idle ticker calls this; 0 idle expiry makes it a no-op). */
    public void expireIdle()
    {
        submit(EventKind.EXPIRE_IDLE, null, null, null, null, null);
    }

    private void submit(final EventKind kind, final Subscription subscription, final String clientId,
        final String subscriptionId, final Filter filter, final CommandListener listener)
    {
        submit(kind, subscription, clientId, subscriptionId, filter, listener, null, null);
    }

    private void submit(final EventKind kind, final Subscription subscription, final String clientId,
        final String subscriptionId, final Filter filter, final CommandListener listener,
        final Preferences preferences, final String stateRecord)
    {
        submit(kind, subscription, clientId, subscriptionId, filter, listener, preferences, stateRecord, false);
    }

    private void submit(final EventKind kind, final Subscription subscription, final String clientId,
        final String subscriptionId, final Filter filter, final CommandListener listener,
        final Preferences preferences, final String stateRecord, final boolean serverSide)
    {
        if (closed)
        {
            throw new IllegalStateException("engine is closed");
        }
        final long sequence = ring.next();
        try
        {
            final EventSlot slot = ring.get(sequence);
            slot.command(kind, subscription, clientId, subscriptionId, filter, listener, config.clock.nanoTime());
            slot.preferences(preferences);
            slot.stateRecord(stateRecord);
            slot.serverSide(serverSide);
        }
        finally
        {
            ring.publish(sequence);
        }
    }

    /** Live subscriptions and per-client statistics; readable from any thread. */
    public SubscriptionRegistry registry()
    {
        return registry;
    }

    public EngineMetrics metrics()
    {
        return metrics;
    }

    public EngineConfig config()
    {
        return config;
    }

    /** Slots published but not yet through every stage. */
    public long ringDepth()
    {
        return ring.getBufferSize() - ring.remainingCapacity();
    }

    /** The stage threads (for allocation and CPU accounting). */
    public List<Thread> stageThreads()
    {
        return List.copyOf(stageThreads);
    }

    /**
     * Stops the engine: waits (up to 30 s) until every published slot went through every stage, flushes all
     * open batches to delivery, then halts the stage threads. Stop publishers first.
     */
    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (idleTicker != null)
        {
            idleTicker.stop();
        }
        try
        {
            disruptor.shutdown(30, TimeUnit.SECONDS);
        }
        catch (final TimeoutException ex)
        {
            LOG.log(System.Logger.Level.WARNING, "ring did not drain in 30 s; halting with " + ringDepth() +
                " slots unprocessed");
            disruptor.halt();
        }
        // halt only signals: the stages flush their last batches in onShutdown on their own threads
        for (final Thread t : stageThreads)
        {
            try
            {
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private ThreadFactory stageThreadFactory()
    {
        final String[] names = config.layout == StageLayout.PARALLEL ?
            new String[] {"dedup", "journal", "match", "assemble"} : new String[] {"dedup-match", "journal-assemble"};
        final AtomicInteger next = new AtomicInteger();
        return runnable ->
        {
            final int i = next.getAndIncrement();
            final Thread t = new Thread(runnable, "ringcast-" + (i < names.length ? names[i] : "stage-" + i));
            t.setDaemon(true);
            stageThreads.add(t);
            return t;
        };
    }

    private static WaitStrategy waitStrategy(final EngineConfig config)
    {
        final long timeoutNanos = config.waitTimeout.toNanos();
        return config.waitStrategy == WaitStrategyKind.BLOCKING ?
            new BlockingBackoffWaitStrategy(timeoutNanos) :
            new TimeoutWaitStrategy(config.waitStrategy, timeoutNanos);
    }

    /** Publishes EXPIRE_IDLE at an interval, skipping a round when the ring is busy. */
    private static final class IdleTicker implements Runnable
    {
        private final RingcastEngine engine;
        private final long intervalNanos;
        private final Thread thread;
        private volatile boolean running = true;

        IdleTicker(final RingcastEngine engine, final java.time.Duration interval)
        {
            this.engine = engine;
            this.intervalNanos = interval.toNanos();
            thread = new Thread(this, "ringcast-idle-ticker");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run()
        {
            while (running)
            {
                java.util.concurrent.locks.LockSupport.parkNanos(intervalNanos);
                if (running && engine.ring.remainingCapacity() > engine.ring.getBufferSize() / 2)
                {
                    engine.expireIdle();
                }
            }
        }

        void stop()
        {
            running = false;
            thread.interrupt();
        }
    }

    /** Logs and counts an exception from a stage, and lets the stage go on with the next slot. */
    private static final class StageExceptionHandler implements com.lmax.disruptor.ExceptionHandler<EventSlot>
    {
        private final EngineMetrics metrics;

        StageExceptionHandler(final EngineMetrics metrics)
        {
            this.metrics = metrics;
        }

        @Override
        public void handleEventException(final Throwable ex, final long sequence, final EventSlot slot)
        {
            metrics.stageErrors.incrementShared();
            LOG.log(System.Logger.Level.ERROR, "stage failed on slot " + sequence + " (" +
                (slot == null ? "?" : slot.kind()) + ")", ex);
        }

        @Override
        public void handleOnStartException(final Throwable ex)
        {
            LOG.log(System.Logger.Level.ERROR, "stage failed to start", ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex)
        {
            LOG.log(System.Logger.Level.ERROR, "stage failed to shut down", ex);
        }
    }
}
