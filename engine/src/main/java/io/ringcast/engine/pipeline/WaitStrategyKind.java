package io.ringcast.engine.pipeline;

/**
 * How stage threads wait for work. Every kind wakes a stage at least every wait timeout so batch lingers
 * fire when no events arrive.
 */
public enum WaitStrategyKind
{
    /**
     * Block on the ring with a timeout, back off (spin, yield, park) while an upstream stage catches up
     * (default): no CPU while idle, and no core stolen from the stage being waited for on a small machine.
     */
    BLOCKING,
    /** Spin briefly, yield, then sleep in short parks: low CPU while idle, lower wake-up latency. */
    SLEEPING,
    /** Spin then {@link Thread#yield()}: low latency, burns a core per stage; dedicated cores only. */
    YIELDING,
    /** Spin with {@link Thread#onSpinWait()}: lowest latency, burns a core per stage; dedicated cores only. */
    BUSY_SPIN
}
