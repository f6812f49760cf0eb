package io.ringcast.engine.pipeline;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import org.agrona.DirectBuffer;

import io.ringcast.engine.event.CodecError;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.EventSlot;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.JsonValidator;
import io.ringcast.engine.event.PublishCallback;
import io.ringcast.engine.metrics.EngineMetrics;
import io.ringcast.engine.metrics.RejectReason;
import io.ringcast.engine.util.EngineClock;

/**
 * Puts published events on the ring. One instance per producer thread (a Netty event loop, say): it keeps a
 * scratch view to validate an event before claiming a slot, so a bad event never occupies the ring and a
 * good one is validated once. Many publishers may run on many threads at once; the ring is multi-producer.
 * <p>
 * Validation is the codec's ({@link EventView#wrap}) and, for a payload of content type {@link ContentType#JSON},
 * that the payload is exactly one JSON value ({@link JsonValidator}); a zero-length JSON payload is allowed and
 * means "no data" (the WebSocket encoder writes it as {@code null}). The JSON check belongs here, not in the codec:
 * journals written before it may hold such events and must still read back. Only the copying path
 * ({@link #tryPublish}/{@link #publish}) checks JSON payloads; a slot filled through {@link #claim} and
 * {@link EventSlot#publish} gets the codec's validation only.
 * <p>
 * Two ways in: {@link #tryPublish}/{@link #publish} copy an encoded event in one call; {@link #tryClaim} /
 * {@link #claim}, {@link #slot} and {@link #commit} let a decoder fill the slot itself (claim, fill, publish).
 * Neither allocates.
 */
public final class EnginePublisher
{
    private final RingBuffer<EventSlot> ring;
    private final EventView scratch;
    private final JsonValidator json = new JsonValidator();
    private boolean payloadNotJson;
    private final EngineClock clock;
    private final EngineMetrics metrics;

    EnginePublisher(final RingBuffer<EventSlot> ring, final CodecLimits limits, final EngineClock clock,
        final EngineMetrics metrics)
    {
        this.ring = ring;
        this.scratch = new EventView(limits);
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Validates and queues the encoded event without waiting: {@link PublishStatus#BUSY} when the ring is full.
     * The callback later hears accepted (with seq), duplicate, or failed.
     */
    public PublishStatus tryPublish(final DirectBuffer buffer, final int offset, final int length,
        final PublishCallback callback, final long correlationId)
    {
        if (!validate(buffer, offset, length))
        {
            return PublishStatus.INVALID;
        }
        final long sequence;
        try
        {
            sequence = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            metrics.reject(RejectReason.BUSY);
            return PublishStatus.BUSY;
        }
        fillAndCommit(sequence, callback, correlationId);
        return PublishStatus.QUEUED;
    }

    /** Validates and queues the encoded event, waiting for a free slot when the ring is full. */
    public PublishStatus publish(final DirectBuffer buffer, final int offset, final int length,
        final PublishCallback callback, final long correlationId)
    {
        if (!validate(buffer, offset, length))
        {
            return PublishStatus.INVALID;
        }
        fillAndCommit(ring.next(), callback, correlationId);
        return PublishStatus.QUEUED;
    }

    /**
     * The error of the last {@link PublishStatus#INVALID} answer: a codec error, or
     * {@link CodecError#PAYLOAD_NOT_JSON}. {@link CodecError#NONE} after an accepted event. Same thread as the
     * publish; does not allocate.
     */
    public CodecError error()
    {
        return payloadNotJson ? CodecError.PAYLOAD_NOT_JSON : scratch.error();
    }

    /**
     * A precise message for the last {@link PublishStatus#INVALID} answer: what was wrong and where, e.g.
     * {@code payload declared JSON is not valid JSON at payload byte 17: unexpected character}. Same thread as the
     * publish; allocates the message (error path only).
     */
    public String errorMessage()
    {
        if (payloadNotJson)
        {
            final int eventByte = scratch.payloadOffset() - scratch.offset() + json.errorOffset();
            return CodecError.PAYLOAD_NOT_JSON.description() + " at payload byte " + json.errorOffset() + ": " +
                json.errorReason() + " (event byte " + eventByte + "; a JSON payload must be exactly one RFC 8259 " +
                "value in UTF-8 or empty, other bytes go as content type opaque)";
        }
        return scratch.errorMessage();
    }

    /** Claims the next slot, or returns -1 at once when the ring is full. Must be {@link #commit}ted. */
    public long tryClaim()
    {
        try
        {
            return ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            metrics.reject(RejectReason.BUSY);
            return -1;
        }
    }

    /** Claims the next slot, waiting for space. Must be {@link #commit}ted, even when filling fails. */
    public long claim()
    {
        return ring.next();
    }

    /** The slot of a claimed sequence, to fill (e.g. {@link EventSlot#publish}). */
    public EventSlot slot(final long sequence)
    {
        return ring.get(sequence);
    }

    /** Publishes a claimed sequence. A slot whose fill failed is a NOOP and passes through harmlessly. */
    public void commit(final long sequence)
    {
        ring.publish(sequence);
    }

    /** Monotonic now, from the engine's clock (for {@link EventSlot#publish}'s ingest time). */
    public long nanoTime()
    {
        return clock.nanoTime();
    }

    private boolean validate(final DirectBuffer buffer, final int offset, final int length)
    {
        payloadNotJson = false;
        final CodecError error = scratch.wrap(buffer, offset, length);
        if (error != CodecError.NONE)
        {
            metrics.reject(error == CodecError.TOO_LARGE || error == CodecError.PAYLOAD_TOO_LARGE ?
                RejectReason.TOO_LARGE : RejectReason.MALFORMED);
            return false;
        }
        if (scratch.contentType() == ContentType.JSON && scratch.payloadLength() > 0 &&
            !json.validate(buffer, scratch.payloadOffset(), scratch.payloadLength()))
        {
            payloadNotJson = true;
            metrics.reject(RejectReason.MALFORMED);
            return false;
        }
        return true;
    }

    private void fillAndCommit(final long sequence, final PublishCallback callback, final long correlationId)
    {
        try
        {
            ring.get(sequence).publishValidated(scratch, callback, correlationId, clock.nanoTime());
        }
        finally
        {
            ring.publish(sequence);
        }
    }
}
