package io.ringcast.engine.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A single-writer counter: one thread increments it with release writes (no locks, no atomics on the hot
 * path), any thread reads it. Padded so counters written by different stage threads never share a cache line.
 */
public final class Counter
{
    private static final VarHandle VALUE;

    static
    {
        try
        {
            VALUE = MethodHandles.lookup().findVarHandle(Counter.class, "value", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    // padding keeps `value` on its own cache line: stage threads write neighbouring counters
    @SuppressWarnings("unused")
    private long p1, p2, p3, p4, p5, p6, p7;
    private long value;
    @SuppressWarnings("unused")
    private long q1, q2, q3, q4, q5, q6, q7;

    private final String name;
    private final String help;

    /** A counter named for the metrics endpoint ({@code snake_case}), with a one-line help text. */
    public Counter(final String name, final String help)
    {
        this.name = name;
        this.help = help;
    }

    /** Adds one. Owning thread only. */
    public void increment()
    {
        VALUE.setRelease(this, value + 1);
    }

    /** Adds one from any thread (an atomic add): for rare events with no single owner, such as errors. */
    public void incrementShared()
    {
        VALUE.getAndAdd(this, 1L);
    }

    /** Adds {@code delta}. Owning thread only. */
    public void add(final long delta)
    {
        VALUE.setRelease(this, value + delta);
    }

    /** Sets the value (for gauges mirrored from a stage's own state). Owning thread only. */
    public void set(final long newValue)
    {
        VALUE.setRelease(this, newValue);
    }

    /** The current value; any thread. */
    public long get()
    {
        return (long)VALUE.getAcquire(this);
    }

    public String name()
    {
        return name;
    }

    public String help()
    {
        return help;
    }
}
