package io.ringcast.engine.pipeline;

/** What happened to a publish attempt before the ring took it. */
public enum PublishStatus
{
    /** On the ring; the callback will tell accepted, duplicate or failed. */
    QUEUED,
    /** The ring was full and the caller asked not to wait; nothing was queued. Try again or answer "busy". */
    BUSY,
    /** The encoded event failed validation; nothing was queued. See {@code EnginePublisher.errorMessage()}. */
    INVALID
}
