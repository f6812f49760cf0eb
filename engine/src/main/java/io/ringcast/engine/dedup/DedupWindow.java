package io.ringcast.engine.dedup;

/**
 * The dedup keys seen within the last window, in bounded memory: answers "was this key accepted
 * less than a window ago, and under which seq?" and records the key if it was not.
 * <p>
 * A key accepted at time {@code t} is a duplicate for calls with {@code t <= now < t + window}
 * and is forgotten from {@code t + window} on. A duplicate does not extend the window: it is
 * anchored at the accepted event. When {@link #maxKeys()} keys are held, recording one more first
 * forgets the oldest early (counted in {@link #earlyEvictions()}), so a key can then pass again
 * before its window ended: the cap trades exactness for bounded memory.
 * <p>
 * Because time never goes backwards, insertion order is expiry order: a circular FIFO of
 * (key, expiry) finds the keys to forget at its head, and an open-addressing table maps key to
 * seq. Every key in the table has exactly one FIFO entry. Memory is fixed at construction: about
 * {@code 16 * maxKeys} bytes for the FIFO plus 24 to 48 bytes per key for the table.
 * <p>
 * Owned by the dedup stage thread: every method must be called from it. Allocates only in the
 * constructor.
 */
public final class DedupWindow
{
    /** Returned by {@link #checkAndInsert} when the key was not held, i.e. the event is not a duplicate. */
    public static final long NOT_FOUND = KeySeqTable.MISSING;

    /** Largest {@code maxKeys} accepted; bounded by the table's array size. */
    public static final int MAX_KEYS = KeySeqTable.MAX_ENTRIES - 1;

    private final long windowNanos;
    private final int maxKeys;
    private final long[] fifoKeys;
    private final long[] fifoExpiries;
    private final KeySeqTable seqByKey;
    private int head;
    private int tail;
    private int count;
    private long lastNanos;
    private boolean clockStarted;
    private long earlyEvictions;
    private long expiredEvictions;

    /**
     * A window of {@code windowNanos} holding at most {@code maxKeys} keys. Allocates all the memory
     * the window will ever use.
     *
     * @param windowNanos how long an accepted key makes its repeats duplicates; must be positive.
     * @param maxKeys     most keys held at once; in [1, {@link #MAX_KEYS}].
     * @throws IllegalArgumentException if either is out of range.
     */
    public DedupWindow(final long windowNanos, final int maxKeys)
    {
        if (windowNanos <= 0)
        {
            throw new IllegalArgumentException("dedup window must be positive, was " + windowNanos + " ns");
        }
        if (maxKeys < 1 || maxKeys > MAX_KEYS)
        {
            throw new IllegalArgumentException("maxKeys must be in [1, " + MAX_KEYS + "]: " + maxKeys);
        }
        this.windowNanos = windowNanos;
        this.maxKeys = maxKeys;
        this.fifoKeys = new long[maxKeys];
        this.fifoExpiries = new long[maxKeys];
        // One spare entry: a new key goes in before the oldest is evicted, so a single probe
        // sequence answers "duplicate?" and inserts.
        this.seqByKey = new KeySeqTable(maxKeys + 1);
    }

    /**
     * Forgets the keys whose window has ended by {@code nowNanos}, then: if {@code keyHash} is held
     * returns the seq it was accepted with (a duplicate); otherwise records it with {@code seq},
     * expiring at {@code nowNanos + windowNanos}, and returns {@link #NOT_FOUND}.
     * <p>
     * Dedup stage thread only. No allocation.
     *
     * @param keyHash  64-bit hash of the dedup key; every long is a valid key.
     * @param seq      the seq the event gets if accepted; must not be {@link #NOT_FOUND} (seqs are
     *                 non-negative).
     * @param nowNanos monotonic time ({@link System#nanoTime()} based, may wrap); a value earlier
     *                 than the latest one seen counts as that latest time (no time passed).
     * @return the seq of the held key, or {@link #NOT_FOUND} if the key was recorded now.
     * @throws IllegalArgumentException if {@code seq} is {@link #NOT_FOUND}.
     */
    public long checkAndInsert(final long keyHash, final long seq, final long nowNanos)
    {
        // A clock step backwards would put a later expiry ahead of an earlier one in the FIFO.
        final long now = clockStarted && nowNanos - lastNanos < 0 ? lastNanos : nowNanos;
        lastNanos = now;
        clockStarted = true;
        evictExpired(now);

        final long held = seqByKey.putIfAbsent(keyHash, seq);
        if (held != NOT_FOUND)
        {
            return held;
        }

        if (count == maxKeys)
        {
            seqByKey.remove(fifoKeys[head]);
            head = next(head);
            count--;
            earlyEvictions++;
        }
        fifoKeys[tail] = keyHash;
        fifoExpiries[tail] = now + windowNanos;
        tail = next(tail);
        count++;
        return NOT_FOUND;
    }

    /** Keys held. Dedup stage thread. */
    public int size()
    {
        return count;
    }

    /** Keys forgotten before their window ended because {@link #maxKeys()} was reached. Dedup stage thread. */
    public long earlyEvictions()
    {
        return earlyEvictions;
    }

    /** Keys forgotten because their window ended. Dedup stage thread. */
    public long expiredEvictions()
    {
        return expiredEvictions;
    }

    /** The window length in nanoseconds. Any thread (immutable). */
    public long windowNanos()
    {
        return windowNanos;
    }

    /** Most keys held at once. Any thread (immutable). */
    public int maxKeys()
    {
        return maxKeys;
    }

    private void evictExpired(final long now)
    {
        // Subtraction, not comparison: System.nanoTime values may wrap.
        while (count > 0 && fifoExpiries[head] - now <= 0)
        {
            seqByKey.remove(fifoKeys[head]);
            head = next(head);
            count--;
            expiredEvictions++;
        }
    }

    private int next(final int index)
    {
        final int next = index + 1;
        return next == maxKeys ? 0 : next;
    }
}
