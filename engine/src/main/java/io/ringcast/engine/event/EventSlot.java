package io.ringcast.engine.event;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.IntArrayList;

import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.subscription.CommandListener;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.engine.util.Hashing;

/**
 * One preallocated entry of the ring, reused forever (Disruptor {@code fill(eventFactory)} style).
 * <p>
 * A producer claims a slot, fills it ({@link #publish} copies an encoded event in and validates it;
 * the command setters fill a command) and publishes the sequence. The stages then read and annotate it
 * in ring order: dedup sets {@link #seq()} and {@link #duplicate()}, match fills {@link #matched()} and
 * {@link #status()}, journal sets {@link #journalFailed()}. Fields are plain: the Disruptor's sequence
 * barriers order every write before the next stage's reads.
 * <p>
 * The event bytes live in an expandable buffer that grows to the largest event the slot has held and
 * then stays, so steady-state filling allocates nothing.
 */
public final class EventSlot
{
    private final ExpandableArrayBuffer data;
    private final EventView view;
    private final IntArrayList matched = new IntArrayList(16, -1);

    private EventKind kind = EventKind.NOOP;
    private long ingestNanos;
    private long dedupKeyHash;
    private PublishCallback callback;
    private long correlationId;
    private long seq;
    private boolean duplicate;
    private boolean journalFailed;

    private Subscription subscription;
    private String clientId;
    private String subscriptionId;
    private Filter filter;
    private CommandListener listener;
    private CommandStatus status = CommandStatus.OK;
    private long commandNanos;
    private Preferences preferences;
    private String stateRecord;
    private boolean serverSide;

    /** A slot validating events against {@code limits}, with {@code initialCapacity} bytes preallocated. */
    public EventSlot(final CodecLimits limits, final int initialCapacity)
    {
        data = new ExpandableArrayBuffer(initialCapacity);
        view = new EventView(limits);
    }

    /**
     * Copies an encoded event into the slot and validates it. On success the slot is a PUBLISH; on
     * failure it becomes a NOOP (still to be published, as every claimed sequence must be) and the error
     * is returned, with details in {@code view().errorMessage()}.
     *
     * @param ingestNanos monotonic time the event entered the engine (latency is measured from it)
     */
    public CodecError publish(final DirectBuffer src, final int offset, final int length,
        final PublishCallback callback, final long correlationId, final long ingestNanos)
    {
        reset();
        if (length > view.limits().maxEventLength() || length < 0)
        {
            view.wrap(src, offset, length); // records TOO_LARGE without copying
            return view.error();
        }
        data.putBytes(0, src, offset, length);
        final CodecError error = view.wrap(data, 0, length);
        if (error == CodecError.NONE)
        {
            kind = EventKind.PUBLISH;
            dedupKeyHash = dedupKeyHashOf(view);
            this.callback = callback;
            this.correlationId = correlationId;
            this.ingestNanos = ingestNanos;
        }
        return error;
    }

    /**
     * Copies an event that {@code source} has already validated into the slot (no second validation).
     * Allocation free once the slot's buffer has grown to the event's size.
     */
    public void publishValidated(final EventView source, final PublishCallback callback, final long correlationId,
        final long ingestNanos)
    {
        reset();
        data.putBytes(0, source.buffer(), source.offset(), source.length());
        view.wrapCopyOf(source, data, 0);
        kind = EventKind.PUBLISH;
        dedupKeyHash = dedupKeyHashOf(view);
        this.callback = callback;
        this.correlationId = correlationId;
        this.ingestNanos = ingestNanos;
    }

    /**
     * Fills a REDRIVE command: deliver the journaled event {@code source} wraps (keeping its seq) to the
     * subscription {@code subscriptionId} of {@code clientId}. Control path.
     */
    public void redrive(final EventView source, final String clientId, final String subscriptionId,
        final CommandListener listener, final long nowNanos)
    {
        command(EventKind.REDRIVE, null, clientId, subscriptionId, null, listener, nowNanos);
        data.putBytes(0, source.buffer(), source.offset(), source.length());
        view.wrapCopyOf(source, data, 0);
    }

    /** Fills a command. Control path. */
    public void command(final EventKind kind, final Subscription subscription, final String clientId,
        final String subscriptionId, final Filter filter, final CommandListener listener, final long nowNanos)
    {
        reset();
        this.kind = kind;
        this.subscription = subscription;
        this.clientId = clientId;
        this.subscriptionId = subscriptionId;
        this.filter = filter;
        this.listener = listener;
        this.commandNanos = nowNanos;
        this.ingestNanos = nowNanos;
    }

    /** Clears the slot to a NOOP, dropping references so the slot does not keep garbage alive. */
    public void reset()
    {
        kind = EventKind.NOOP;
        callback = null;
        correlationId = 0;
        seq = 0;
        duplicate = false;
        journalFailed = false;
        subscription = null;
        clientId = null;
        subscriptionId = null;
        filter = null;
        listener = null;
        preferences = null;
        stateRecord = null;
        serverSide = false;
        status = CommandStatus.OK;
        matched.clear();
    }

    /**
     * Hash of the event's dedup key (its id when it has none), computed by the publishing thread while the bytes
     * are hot in its cache, so the dedup stage, the ring's busiest, only looks it up.
     */
    public long dedupKeyHash()
    {
        return dedupKeyHash;
    }

    private static long dedupKeyHashOf(final EventView view)
    {
        return view.dedupKeyLength() > 0 ?
            Hashing.hash(view.buffer(), view.dedupKeyOffset(), view.dedupKeyLength()) :
            Hashing.hash(view.buffer(), view.idOffset(), view.idLength());
    }

    public EventKind kind()
    {
        return kind;
    }

    /** The validated event; meaningful for PUBLISH slots. */
    public EventView view()
    {
        return view;
    }

    /** The slot's own bytes (the encoded event starts at 0). */
    public ExpandableArrayBuffer data()
    {
        return data;
    }

    public long ingestNanos()
    {
        return ingestNanos;
    }

    public PublishCallback callback()
    {
        return callback;
    }

    public long correlationId()
    {
        return correlationId;
    }

    /** Seq of an accepted event (or of the original for a duplicate); for a command, the head seq when applied. */
    public long seq()
    {
        return seq;
    }

    /** Dedup stage: assigns seq (written into the encoded bytes too for accepted events). */
    public void seq(final long seq, final boolean duplicate)
    {
        this.seq = seq;
        this.duplicate = duplicate;
        if (kind == EventKind.PUBLISH && !duplicate)
        {
            view.seq(seq);
        }
    }

    public boolean duplicate()
    {
        return duplicate;
    }

    public boolean journalFailed()
    {
        return journalFailed;
    }

    /** Journal stage: the append failed; the event is not accepted and must not be delivered. */
    public void journalFailed(final boolean failed)
    {
        journalFailed = failed;
    }

    /** Handles of matched subscriptions (PUBLISH), or of the subscriptions a command removed. */
    public IntArrayList matched()
    {
        return matched;
    }

    public Subscription subscription()
    {
        return subscription;
    }

    /** Match stage: the subscription a by-id command resolved to. */
    public void subscription(final Subscription subscription)
    {
        this.subscription = subscription;
    }

    public String clientId()
    {
        return clientId;
    }

    public String subscriptionId()
    {
        return subscriptionId;
    }

    public Filter filter()
    {
        return filter;
    }

    public CommandListener listener()
    {
        return listener;
    }

    public CommandStatus status()
    {
        return status;
    }

    /** Match stage: the outcome of a command. */
    public void status(final CommandStatus status)
    {
        this.status = status;
    }

    /** A PREFERENCES command's preferences (null: back to the defaults). */
    public Preferences preferences()
    {
        return preferences;
    }

    /** Sets a PREFERENCES command's preferences. Control path, before publishing the slot. */
    public void preferences(final Preferences preferences)
    {
        this.preferences = preferences;
    }

    /** The state record the journal stage persists for this command, or null (not persisted). */
    public String stateRecord()
    {
        return stateRecord;
    }

    /** Sets the command's state record. Control path, before publishing the slot. */
    public void stateRecord(final String stateRecord)
    {
        this.stateRecord = stateRecord;
    }

    /**
     * True when the command comes from the server-side API (which may change server-side subscriptions); a
     * connection's commands may not touch them.
     */
    public boolean serverSide()
    {
        return serverSide;
    }

    /** Marks the command as the server-side API's. Control path, before publishing the slot. */
    public void serverSide(final boolean value)
    {
        serverSide = value;
    }

    /** Monotonic nanos at which the command was issued. */
    public long commandNanos()
    {
        return commandNanos;
    }
}
