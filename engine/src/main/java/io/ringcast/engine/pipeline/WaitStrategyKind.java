package io.ringcast.engine.pipeline;

/**
 * How stage threads wait for work. Every kind wakes a stage at least every wait timeout so batch lingers
 * fire when no events arrive.
 */
public enum WaitStrategyKind
{
    /** Park on a lock/condition with a timeout (default): no CPU while idle; best on a small shared machine. */
    BLOCKING,
    /** Spin briefly, yield, then sleep in short parks: low CPU while idle, lower wake-up latency. */
    SLEEPING,
    /** Spin then {@link Thread#yield()}: low latency, burns a core per stage; dedicated cores only. */
    YIELDING,
    /** Spin with {@link Thread#onSpinWait()}: lowest latency, burns a core per stage; dedicated cores only. */
    BUSY_SPIN
}
