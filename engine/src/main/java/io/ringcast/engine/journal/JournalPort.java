package io.ringcast.engine.journal;

import io.ringcast.engine.event.EventView;

/**
 * The engine's port to its journal. The journal stage's thread is the only caller of {@link #append}
 * and {@link #flush}; {@link #headSeq()} is read once when the engine starts. The Chronicle Queue adapter
 * lives in the {@code journal} module; {@link InMemoryJournal} serves tests and benchmarks.
 */
public interface JournalPort
{
    /** The highest seq the journal holds, 0 when it is empty; the engine continues at head + 1. */
    long headSeq();

    /**
     * Appends one accepted event: its encoded bytes, with the seq already written into them. Throwing
     * means the event was not stored: the publisher is told it failed and nothing delivers it.
     */
    void append(EventView event);

    /**
     * End of a ring batch: a durable journal forces what it appended to disk here. Publishers' ACKs for the
     * batch are released after this returns, and delivery of the batch starts after it.
     */
    void flush();

    /**
     * Appends a state change that must survive a restart (a user's preferences, a server-side subscription created
     * or deleted), as the opaque text record the transport wrote for it. Called by the journal stage in ring order,
     * before the command's listener hears it applied; throwing fails the command. A journal that keeps no state
     * ignores it.
     */
    default void appendState(final String record)
    {
    }
}
