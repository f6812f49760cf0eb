package io.ringcast.transport.tcp;

/** What the TCP ingest does when the engine's ring is full. */
public enum BackpressureMode
{
    /** Stop reading from the socket and retry the held frame until it goes in; TCP pushes back on the client. */
    BLOCK_READS,
    /** Answer the PUBLISH with NACK BUSY at once and go on reading; the client decides when to re-send. */
    NACK_BUSY
}
