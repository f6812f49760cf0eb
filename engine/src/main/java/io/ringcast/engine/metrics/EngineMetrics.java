package io.ringcast.engine.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The engine's counters and its latency histogram. Each {@link Counter} has one writing stage (named in
 * its field's comment); rejections come from producer threads and use an atomic array. The latency
 * recorder is written by the assemble stage alone and read as interval histograms by any thread.
 */
public final class EngineMetrics
{
    /** Dedup stage: publishes that reached the ring. */
    public final Counter published = new Counter("published", "events that entered the ring");
    /** Dedup stage: publishes accepted (given a seq). */
    public final Counter accepted = new Counter("accepted", "events accepted and given a seq");
    /** Dedup stage: publishes dropped as repeats. */
    public final Counter duplicates = new Counter("duplicates", "events dropped as repeats of a dedup key");
    /** Dedup stage: keys evicted before their window ended because the key cap was reached. */
    public final Counter dedupEarlyEvictions = new Counter("dedup_early_evictions",
        "dedup keys evicted early because the key cap was reached");
    /** Dedup stage: keys evicted because their window ended. */
    public final Counter dedupExpiredEvictions = new Counter("dedup_expired_evictions",
        "dedup keys evicted because their window ended");
    /** Dedup stage: keys held in the window. */
    public final Counter dedupKeys = new Counter("dedup_keys", "dedup keys currently held");
    /** Match stage: (event, subscription) pairs matched. */
    public final Counter matchedDeliveries = new Counter("matched_deliveries", "event-subscription pairs matched");
    /** Match stage: commands applied (any outcome). */
    public final Counter commands = new Counter("commands", "subscription commands applied");
    /** Match stage: subscriptions expired for idleness. */
    public final Counter expiredSubscriptions = new Counter("expired_subscriptions", "subscriptions expired idle");
    /** Journal stage: events journaled. */
    public final Counter journaled = new Counter("journaled", "events written to the journal");
    /** Assemble stage: batches handed to delivery. */
    public final Counter batches = new Counter("batches", "batches handed to delivery");
    /** Assemble stage: events handed to delivery (one per subscription receiving it). */
    public final Counter eventsDelivered = new Counter("events_delivered", "events handed to delivery");
    /** Assemble stage: times every open batch was flushed early because the event record pool ran dry. */
    public final Counter forcedFlushes = new Counter("forced_flushes",
        "flushes of all open batches forced by a full record pool");
    /** Any thread ({@link Counter#incrementShared()}): unexpected exceptions in a stage or a callback. */
    public final Counter stageErrors = new Counter("stage_errors", "unexpected exceptions in a stage");

    private final AtomicLongArray rejected = new AtomicLongArray(RejectReason.values().length);
    // highest trackable: 1 hour; 3 significant digits keeps the recorder small and allocation free
    private final SingleWriterRecorder latency = new SingleWriterRecorder(3_600_000_000_000L, 3);
    private Histogram intervalHistogram;
    private final Histogram cumulative = new Histogram(3_600_000_000_000L, 3);

    /** Counts a rejection; any thread. */
    public void reject(final RejectReason reason)
    {
        rejected.incrementAndGet(reason.ordinal());
    }

    /** Rejections for {@code reason}; any thread. */
    public long rejected(final RejectReason reason)
    {
        return rejected.get(reason.ordinal());
    }

    /** Records one event's time from entering the ring to being handed to delivery. Assemble stage only. */
    public void recordLatency(final long nanos)
    {
        latency.recordValue(Math.min(Math.max(nanos, 0), 3_600_000_000_000L));
    }

    /**
     * The latency histogram since the engine started (publish to handed-to-delivery, nanoseconds). Call from
     * one reporting thread at a time; allocates a copy.
     */
    public synchronized Histogram latencyHistogram()
    {
        intervalHistogram = latency.getIntervalHistogram(intervalHistogram);
        cumulative.add(intervalHistogram);
        return cumulative.copy();
    }

    /** Every counter, in a stable order. */
    public List<Counter> counters()
    {
        return List.of(published, accepted, duplicates, dedupEarlyEvictions, dedupExpiredEvictions, dedupKeys, matchedDeliveries, commands,
            expiredSubscriptions, journaled, batches, eventsDelivered, forcedFlushes, stageErrors);
    }

    /** A name → value snapshot of every counter and rejection (allocates; for reports and tests). */
    public Map<String, Long> snapshot()
    {
        final Map<String, Long> out = new LinkedHashMap<>();
        for (final Counter c : counters())
        {
            out.put(c.name(), c.get());
        }
        for (final RejectReason r : RejectReason.values())
        {
            out.put("rejected_" + r.label(), rejected(r));
        }
        return out;
    }
}
