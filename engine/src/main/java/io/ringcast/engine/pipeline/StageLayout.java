package io.ringcast.engine.pipeline;

/** How the four stages map onto threads. */
public enum StageLayout
{
    /**
     * Two threads (default, for small machines): dedup then match per event on one; journal then assemble
     * per ring batch on the other (assemble starts on a batch after the journal flushed it).
     */
    COMPACT,
    /** One thread per stage, as drawn in DESIGN.md: dedup, then journal and match in parallel, then assemble. */
    PARALLEL
}
