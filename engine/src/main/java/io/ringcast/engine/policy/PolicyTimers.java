package io.ringcast.engine.policy;

import java.util.Arrays;

/**
 * Deadlines of the delivery policies (a deferred event's release, the end of quiet hours, the next digest): a binary
 * min-heap of (deadline, owner) with lazy cancellation, owned by the assemble stage's thread.
 * <p>
 * Why not the stage's timer wheel: these deadlines run from milliseconds to a day. A hashed wheel with the linger
 * tick (131 µs) would walk millions of empty ticks to reach them, and one with a coarse tick would release a
 * deferred event late; the heap knows its earliest deadline exactly, so the stage sleeps until then. An owner has at
 * most one live deadline: scheduling again supersedes the earlier one, which is skipped when it surfaces.
 * Allocation free once its arrays have grown to the number of owners.
 *
 * @param <T> the owner type
 */
public final class PolicyTimers<T extends PolicyTimers.Owner>
{
    /** Something with at most one live deadline; the timers keep its generation to skip superseded entries. */
    public interface Owner
    {
        /** The generation of its live deadline (the timers bump and read it). */
        long timerGeneration();

        /** Sets the generation. */
        void timerGeneration(long generation);

        /** Its live deadline, or {@link Long#MAX_VALUE}. */
        long timerDeadline();

        /** Sets its live deadline. */
        void timerDeadline(long deadlineNanos);
    }

    private long[] deadlines = new long[64];
    private long[] generations = new long[64];
    private Object[] owners = new Object[64];
    private int size;
    private long nextGeneration = 1;
    private long firedDeadline;

    /**
     * Sets {@code owner}'s deadline to {@code deadlineNanos} unless it already has an earlier or equal one (the
     * earlier deadline will look again and re-schedule what is still due later).
     */
    public void scheduleNoLaterThan(final T owner, final long deadlineNanos)
    {
        if (owner.timerDeadline() <= deadlineNanos)
        {
            return;
        }
        schedule(owner, deadlineNanos);
    }

    /** Replaces {@code owner}'s deadline with {@code deadlineNanos}. */
    public void schedule(final T owner, final long deadlineNanos)
    {
        final long generation = nextGeneration++;
        owner.timerGeneration(generation);
        owner.timerDeadline(deadlineNanos);
        if (size == deadlines.length)
        {
            deadlines = Arrays.copyOf(deadlines, size * 2);
            generations = Arrays.copyOf(generations, size * 2);
            owners = Arrays.copyOf(owners, size * 2);
        }
        int i = size++;
        // sift up
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if (deadlines[parent] <= deadlineNanos)
            {
                break;
            }
            move(parent, i);
            i = parent;
        }
        deadlines[i] = deadlineNanos;
        generations[i] = generation;
        owners[i] = owner;
    }

    /** Cancels {@code owner}'s live deadline. */
    public void cancel(final T owner)
    {
        owner.timerGeneration(0);
        owner.timerDeadline(Long.MAX_VALUE);
    }

    /** The earliest deadline held (possibly a superseded one), or {@link Long#MAX_VALUE}. */
    public long earliestNanos()
    {
        return size == 0 ? Long.MAX_VALUE : deadlines[0];
    }

    /**
     * Removes and returns the owner of the earliest deadline if it is due at {@code nowNanos} and still live (its
     * deadline cleared first); superseded entries on the way are dropped. Null when nothing live is due.
     */
    @SuppressWarnings("unchecked")
    public T pollDue(final long nowNanos)
    {
        while (size > 0 && deadlines[0] <= nowNanos)
        {
            final T owner = (T)owners[0];
            final long generation = generations[0];
            removeTop();
            if (owner.timerGeneration() == generation)
            {
                firedDeadline = owner.timerDeadline();
                owner.timerGeneration(0);
                owner.timerDeadline(Long.MAX_VALUE);
                return owner;
            }
        }
        return null;
    }

    /**
     * The deadline of the owner {@link #pollDue} returned last: when it was due, which a late poll has passed (what
     * was due in between is caught up from there).
     */
    public long firedDeadline()
    {
        return firedDeadline;
    }

    private void removeTop()
    {
        final int last = --size;
        final long d = deadlines[last];
        final long g = generations[last];
        final Object o = owners[last];
        owners[last] = null;
        if (last == 0)
        {
            return;
        }
        int i = 0;
        // sift down
        while (true)
        {
            final int left = 2 * i + 1;
            if (left >= last)
            {
                break;
            }
            final int right = left + 1;
            final int child = right < last && deadlines[right] < deadlines[left] ? right : left;
            if (deadlines[child] >= d)
            {
                break;
            }
            move(child, i);
            i = child;
        }
        deadlines[i] = d;
        generations[i] = g;
        owners[i] = o;
    }

    private void move(final int from, final int to)
    {
        deadlines[to] = deadlines[from];
        generations[to] = generations[from];
        owners[to] = owners[from];
    }
}
