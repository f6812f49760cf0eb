package io.ringcast.engine.metrics;

/** Why a publish was refused before it reached the ring (or failed in it). */
public enum RejectReason
{
    /** The encoded event failed validation. */
    MALFORMED,
    /** The encoded event exceeded a size limit. */
    TOO_LARGE,
    /** The ring was full and the publisher asked not to wait. */
    BUSY,
    /** The journal could not store the event. */
    JOURNAL_FAILED;

    /** Lower-case label for metrics. */
    public String label()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
