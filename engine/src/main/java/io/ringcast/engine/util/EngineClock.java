package io.ringcast.engine.util;

/**
 * The engine's port to time: a monotonic clock for windows, lingers and latency, and a wall clock for
 * timestamps. Tests inject a {@link ManualClock}; production uses {@link #SYSTEM}. Implementations must
 * be safe to call from any thread and must not allocate.
 */
public interface EngineClock
{
    /** The system clocks: {@link System#nanoTime()} and {@link System#currentTimeMillis()}. */
    EngineClock SYSTEM = new EngineClock()
    {
        @Override
        public long nanoTime()
        {
            return System.nanoTime();
        }

        @Override
        public long epochMillis()
        {
            return System.currentTimeMillis();
        }
    };

    /** Monotonic nanoseconds (arbitrary origin). */
    long nanoTime();

    /** Wall-clock epoch milliseconds. */
    long epochMillis();
}
