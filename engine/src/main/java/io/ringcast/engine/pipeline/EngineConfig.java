package io.ringcast.engine.pipeline;

import java.time.Duration;
import java.util.Objects;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.policy.RateLimits;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.util.EngineClock;

/**
 * Everything the engine can be tuned by, with defaults for a small shared machine. Immutable; build with
 * {@link #builder()}. Every setter validates its value and says what range is allowed.
 */
public final class EngineConfig
{
    final int ringSize;
    final WaitStrategyKind waitStrategy;
    final Duration waitTimeout;
    final StageLayout layout;
    final Duration dedupWindow;
    final int dedupMaxKeys;
    final CodecLimits codecLimits;
    final int maxSubscriptionsPerClient;
    final int maxSubscriptions;
    final Duration idleExpiry;
    final Duration idleCheckInterval;
    final int maxPendingEvents;
    final BatchPolicy defaultBatch;
    final EngineClock clock;
    final RateLimits rateLimits;
    final int maxHeldEvents;

    private EngineConfig(final Builder b)
    {
        ringSize = b.ringSize;
        waitStrategy = b.waitStrategy;
        waitTimeout = b.waitTimeout;
        layout = b.layout;
        dedupWindow = b.dedupWindow;
        dedupMaxKeys = b.dedupMaxKeys;
        codecLimits = b.codecLimits;
        maxSubscriptionsPerClient = b.maxSubscriptionsPerClient;
        maxSubscriptions = b.maxSubscriptions;
        idleExpiry = b.idleExpiry;
        idleCheckInterval = b.idleCheckInterval;
        maxPendingEvents = b.maxPendingEvents;
        defaultBatch = b.defaultBatch;
        clock = b.clock;
        rateLimits = b.rateLimits;
        maxHeldEvents = b.maxHeldEvents;
    }

    /** A builder holding the defaults. */
    public static Builder builder()
    {
        return new Builder();
    }

    /** The defaults. */
    public static EngineConfig defaults()
    {
        return builder().build();
    }

    public int ringSize()
    {
        return ringSize;
    }

    public CodecLimits codecLimits()
    {
        return codecLimits;
    }

    public BatchPolicy defaultBatch()
    {
        return defaultBatch;
    }

    public EngineClock clock()
    {
        return clock;
    }

    /** Distinct events open batches may hold before all are flushed early. */
    public int maxPendingEvents()
    {
        return maxPendingEvents;
    }

    /** The server's rate limits (per user and global). */
    public RateLimits rateLimits()
    {
        return rateLimits;
    }

    /** Events the delivery policies may hold (deferred, quiet hours, digests) before more become dead letters. */
    public int maxHeldEvents()
    {
        return maxHeldEvents;
    }

    public StageLayout layout()
    {
        return layout;
    }

    public WaitStrategyKind waitStrategy()
    {
        return waitStrategy;
    }

    @Override
    public String toString()
    {
        return "EngineConfig{ring=" + ringSize + ", wait=" + waitStrategy + "/" + waitTimeout.toNanos() / 1000 + "us" +
            ", layout=" + layout + ", dedupWindow=" + dedupWindow + ", dedupMaxKeys=" + dedupMaxKeys +
            ", maxSubscriptionsPerClient=" + maxSubscriptionsPerClient + ", maxSubscriptions=" + maxSubscriptions +
            ", idleExpiry=" + idleExpiry + ", maxPendingEvents=" + maxPendingEvents + ", rateLimits=" + rateLimits +
            ", maxHeldEvents=" + maxHeldEvents + "}";
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder
    {
        private int ringSize = 16384;
        private WaitStrategyKind waitStrategy = WaitStrategyKind.BLOCKING;
        private Duration waitTimeout = Duration.ofMillis(1);
        private StageLayout layout = StageLayout.COMPACT;
        private Duration dedupWindow = Duration.ofSeconds(30);
        private int dedupMaxKeys = 1_000_000;
        private CodecLimits codecLimits = CodecLimits.DEFAULT;
        private int maxSubscriptionsPerClient = 100;
        private int maxSubscriptions = 1_000_000;
        private Duration idleExpiry = Duration.ZERO;
        private Duration idleCheckInterval = Duration.ofSeconds(10);
        private int maxPendingEvents = 65_536;
        private BatchPolicy defaultBatch = BatchPolicy.DEFAULT;
        private EngineClock clock = EngineClock.SYSTEM;
        private RateLimits rateLimits = RateLimits.NONE;
        private int maxHeldEvents = 262_144;

        private Builder()
        {
        }

        /** Ring slots, a power of two in 64..4194304 (default 16384). */
        public Builder ringSize(final int slots)
        {
            if (Integer.bitCount(slots) != 1 || slots < 64 || slots > (1 << 22))
            {
                throw new IllegalArgumentException("ring size must be a power of two in 64..4194304, was " + slots);
            }
            ringSize = slots;
            return this;
        }

        /** How stage threads wait (default BLOCKING, which never spins). */
        public Builder waitStrategy(final WaitStrategyKind kind)
        {
            waitStrategy = Objects.requireNonNull(kind, "waitStrategy");
            return this;
        }

        /** Longest an idle stage waits before polling its timers, 100 µs..100 ms (default 1 ms). */
        public Builder waitTimeout(final Duration timeout)
        {
            if (timeout.toNanos() < 100_000 || timeout.toMillis() > 100)
            {
                throw new IllegalArgumentException("wait timeout must be in 100us..100ms, was " + timeout);
            }
            waitTimeout = timeout;
            return this;
        }

        /** Stages to threads (default COMPACT: two threads). */
        public Builder layout(final StageLayout stageLayout)
        {
            layout = Objects.requireNonNull(stageLayout, "layout");
            return this;
        }

        /** How long a dedup key suppresses repeats, 1 ms..24 h (default 30 s). */
        public Builder dedupWindow(final Duration window)
        {
            if (window.toMillis() < 1 || window.toHours() > 24)
            {
                throw new IllegalArgumentException("dedup window must be in 1ms..24h, was " + window);
            }
            dedupWindow = window;
            return this;
        }

        /** Most dedup keys held, 1..100,000,000 (default 1,000,000); past it the oldest go early. */
        public Builder dedupMaxKeys(final int keys)
        {
            if (keys < 1 || keys > 100_000_000)
            {
                throw new IllegalArgumentException("dedup max keys must be in 1..100000000, was " + keys);
            }
            dedupMaxKeys = keys;
            return this;
        }

        /** Codec limits for published events. */
        public Builder codecLimits(final CodecLimits limits)
        {
            codecLimits = Objects.requireNonNull(limits, "codecLimits");
            return this;
        }

        /** Subscriptions one client may hold, 1.. (default 100). */
        public Builder maxSubscriptionsPerClient(final int max)
        {
            if (max < 1)
            {
                throw new IllegalArgumentException("max subscriptions per client must be at least 1, was " + max);
            }
            maxSubscriptionsPerClient = max;
            return this;
        }

        /** Subscriptions in all, 1.. (default 1,000,000). */
        public Builder maxSubscriptions(final int max)
        {
            if (max < 1)
            {
                throw new IllegalArgumentException("max subscriptions must be at least 1, was " + max);
            }
            maxSubscriptions = max;
            return this;
        }

        /**
         * Expire subscriptions that no event matched and no command touched for this long; ZERO (default)
         * never expires them. Checked every {@code checkInterval} (default 10 s).
         */
        public Builder idleExpiry(final Duration idle, final Duration checkInterval)
        {
            if (idle.isNegative() || checkInterval.toMillis() < 1)
            {
                throw new IllegalArgumentException("idle expiry must be >= 0 and its check interval >= 1ms");
            }
            idleExpiry = idle;
            idleCheckInterval = checkInterval;
            return this;
        }

        /** Distinct events open batches may hold before all are flushed early, 16..16,777,216 (default 65,536). */
        public Builder maxPendingEvents(final int max)
        {
            if (max < 16 || max > (1 << 24))
            {
                throw new IllegalArgumentException("max pending events must be in 16..16777216, was " + max);
            }
            maxPendingEvents = max;
            return this;
        }

        /** Batch policy for subscriptions that name none (default 100 events, 1 ms). */
        public Builder defaultBatch(final BatchPolicy policy)
        {
            defaultBatch = Objects.requireNonNull(policy, "defaultBatch");
            return this;
        }

        /** Rate limits per user and global (default none). */
        public Builder rateLimits(final RateLimits limits)
        {
            rateLimits = Objects.requireNonNull(limits, "rateLimits");
            return this;
        }

        /**
         * Events the delivery policies may hold at once, 16..16,777,216 (default 262,144): deferred by a rate limit,
         * held for quiet hours or kept for a digest. Past it, events that would be held become dead letters.
         */
        public Builder maxHeldEvents(final int max)
        {
            if (max < 16 || max > (1 << 24))
            {
                throw new IllegalArgumentException("max held events must be in 16..16777216, was " + max);
            }
            maxHeldEvents = max;
            return this;
        }

        /** The clock (tests inject a ManualClock). */
        public Builder clock(final EngineClock engineClock)
        {
            clock = Objects.requireNonNull(engineClock, "clock");
            return this;
        }

        public EngineConfig build()
        {
            return new EngineConfig(this);
        }
    }
}
