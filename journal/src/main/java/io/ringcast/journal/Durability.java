package io.ringcast.journal;

/**
 * When an appended event counts as stored, which is when its publisher may be told it was accepted.
 */
public enum Durability
{
    /**
     * The default: the event is in the memory-mapped queue file before the ACK. It survives the process dying
     * (SIGKILL, crash) because the operating system owns the mapped pages, but not the machine losing power
     * before the kernel writes them back (seconds, by its own schedule).
     */
    ASYNC,

    /**
     * At the end of every ring batch, before the batch's ACKs, the pages written since the last flush are forced
     * to the device with {@code msync(MS_SYNC)} (Chronicle's {@code SyncMode.SYNC} and {@code appender.sync()}).
     * Survives power loss, at the price of one synchronous disk write per batch.
     */
    SYNC
}
