package io.ringcast.engine.policy;

/**
 * One user's delivery-policy counters. Written by the assemble stage's thread alone (plain volatile writes, no
 * read-modify-write races), read by any thread for stats and metrics.
 */
public final class UserPolicyStats
{
    private final String user;
    volatile long deferredTotal;
    volatile int deferredNow;
    volatile long heldQuietTotal;
    volatile int heldQuietNow;
    volatile long digested;
    volatile int digestPending;
    volatile long digestsSent;
    volatile long filteredPriority;
    volatile long filteredTopic;
    volatile long criticalBypass;
    volatile long overflowDeadLettered;

    /** Counters for {@code user}, all zero. */
    public UserPolicyStats(final String user)
    {
        this.user = user;
    }

    /** Assemble thread: an event was deferred by a rate limit. */
    public void deferred(final int nowHeld)
    {
        deferredTotal = deferredTotal + 1;
        deferredNow = nowHeld;
    }

    /** Assemble thread: deferred events now waiting. */
    public void deferredNow(final int nowHeld)
    {
        deferredNow = nowHeld;
    }

    /** Assemble thread: an event was held for quiet hours. */
    public void heldQuiet(final int nowHeld)
    {
        heldQuietTotal = heldQuietTotal + 1;
        heldQuietNow = nowHeld;
    }

    /** Assemble thread: events held for quiet hours now. */
    public void heldQuietNow(final int nowHeld)
    {
        heldQuietNow = nowHeld;
    }

    /** Assemble thread: an event went into a digest. */
    public void digested(final int pending)
    {
        digested = digested + 1;
        digestPending = pending;
    }

    /** Assemble thread: a digest went out; {@code pending} events are still collected. */
    public void digestSent(final int pending)
    {
        digestsSent = digestsSent + 1;
        digestPending = pending;
    }

    /** Assemble thread: an event below the user's minimum priority was not delivered. */
    public void countFilteredPriority()
    {
        filteredPriority = filteredPriority + 1;
    }

    /** Assemble thread: an event of a topic the user did not enable was not delivered. */
    public void countFilteredTopic()
    {
        filteredTopic = filteredTopic + 1;
    }

    /** Assemble thread: a CRITICAL event went straight through. */
    public void countCriticalBypass()
    {
        criticalBypass = criticalBypass + 1;
    }

    /** Assemble thread: an event that would have been held became a dead letter (hold capacity reached). */
    public void countOverflowDeadLettered()
    {
        overflowDeadLettered = overflowDeadLettered + 1;
    }

    public String user()
    {
        return user;
    }

    /** Events deferred by rate limits so far. */
    public long deferredTotal()
    {
        return deferredTotal;
    }

    /** Events waiting on a rate limit now. */
    public int deferredNow()
    {
        return deferredNow;
    }

    /** Events held for quiet hours so far. */
    public long heldQuietTotal()
    {
        return heldQuietTotal;
    }

    /** Events held for quiet hours now. */
    public int heldQuietNow()
    {
        return heldQuietNow;
    }

    /** Events that went into digests so far. */
    public long digested()
    {
        return digested;
    }

    /** Events collected for the next digest now. */
    public int digestPending()
    {
        return digestPending;
    }

    /** Digests sent so far. */
    public long digestsSent()
    {
        return digestsSent;
    }

    /** Events not delivered for being below the minimum priority. */
    public long filteredPriority()
    {
        return filteredPriority;
    }

    /** Events not delivered for their topic not being enabled. */
    public long filteredTopic()
    {
        return filteredTopic;
    }

    /** CRITICAL events that bypassed every hold. */
    public long criticalBypass()
    {
        return criticalBypass;
    }

    /** Events that became dead letters because the policies' hold capacity was reached. */
    public long overflowDeadLettered()
    {
        return overflowDeadLettered;
    }
}
