package io.ringcast.engine.subscription;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Delivery statistics of one subscription. The assemble stage's thread is the only writer of the
 * delivery counters (release writes, no locks); {@link #recordError} may be called from any thread (a
 * delivery adapter's I/O thread). Any thread may read.
 */
public final class SubscriptionStats
{
    private static final VarHandle DELIVERED;
    private static final VarHandle BATCHES;
    private static final VarHandle DELIVERY_NANOS;
    private static final VarHandle LAST_ACTIVITY;
    private static final VarHandle ERRORS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            DELIVERED = lookup.findVarHandle(SubscriptionStats.class, "delivered", long.class);
            BATCHES = lookup.findVarHandle(SubscriptionStats.class, "batches", long.class);
            DELIVERY_NANOS = lookup.findVarHandle(SubscriptionStats.class, "deliveryNanos", long.class);
            LAST_ACTIVITY = lookup.findVarHandle(SubscriptionStats.class, "lastActivityMillis", long.class);
            ERRORS = lookup.findVarHandle(SubscriptionStats.class, "errors", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private long delivered;
    private long batches;
    private long deliveryNanos;
    private long lastActivityMillis;
    private long errors;

    /** Starts with {@code createdMillis} as the last activity. */
    public SubscriptionStats(final long createdMillis)
    {
        lastActivityMillis = createdMillis;
    }

    /**
     * Records a batch of {@code events} handed to delivery. Assemble stage thread only.
     *
     * @param totalDeliveryNanos sum over the batch's events of (handed to delivery - entered the ring)
     */
    public void recordBatch(final int events, final long totalDeliveryNanos, final long nowMillis)
    {
        DELIVERED.setRelease(this, delivered + events);
        BATCHES.setRelease(this, batches + 1);
        DELIVERY_NANOS.setRelease(this, deliveryNanos + totalDeliveryNanos);
        LAST_ACTIVITY.setRelease(this, nowMillis);
    }

    /** Records a failed delivery; any thread. */
    public void recordError()
    {
        ERRORS.getAndAdd(this, 1L);
    }

    /** Marks activity that is not a delivery (a command touching the subscription). Assemble stage thread only. */
    public void touch(final long nowMillis)
    {
        LAST_ACTIVITY.setRelease(this, nowMillis);
    }

    public long eventsDelivered()
    {
        return (long)DELIVERED.getAcquire(this);
    }

    public long batches()
    {
        return (long)BATCHES.getAcquire(this);
    }

    public long errors()
    {
        return (long)ERRORS.getVolatile(this);
    }

    /** Epoch millis of the last delivery or command. */
    public long lastActivityMillis()
    {
        return (long)LAST_ACTIVITY.getAcquire(this);
    }

    /** Mean time from entering the ring to being handed to delivery, in nanoseconds (0 before the first). */
    public long averageDeliveryNanos()
    {
        final long n = eventsDelivered();
        return n == 0 ? 0 : (long)DELIVERY_NANOS.getAcquire(this) / n;
    }
}
