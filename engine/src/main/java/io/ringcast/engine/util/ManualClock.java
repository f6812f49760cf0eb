package io.ringcast.engine.util;

import java.util.concurrent.TimeUnit;

/**
 * A clock that moves only when told to, for deterministic tests of windows, lingers and expiry. Reads and
 * advances are visible across threads (volatile).
 */
public final class ManualClock implements EngineClock
{
    private final long startMillis;
    private volatile long nanos;

    /** Starts at monotonic 0 and the given wall-clock time. */
    public ManualClock(final long epochMillis)
    {
        this.startMillis = epochMillis;
    }

    @Override
    public long nanoTime()
    {
        return nanos;
    }

    @Override
    public long epochMillis()
    {
        return startMillis + nanos / 1_000_000L;
    }

    /** Moves both clocks forward. */
    public void advance(final long amount, final TimeUnit unit)
    {
        nanos += unit.toNanos(amount);
    }
}
