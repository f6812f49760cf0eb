package io.ringcast.engine.assemble;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.IntArrayList;

import io.ringcast.engine.policy.DigestMode;
import io.ringcast.engine.policy.DigestSchedule;
import io.ringcast.engine.policy.PolicyTimers;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.policy.RateLimiter;
import io.ringcast.engine.policy.RateLimits;
import io.ringcast.engine.policy.UserPolicyStats;

/**
 * One user's delivery-policy state: preferences in force, rate limiter, held events, digest collections per
 * subscription, cached quiet-hour and digest instants, and its policy deadline. Assemble thread only.
 * <p>
 * The quiet-hour and digest instants are computed with {@code java.time} (which allocates) only when the cached one
 * has passed or the preferences change, so the per-event checks compare longs.
 */
final class UserPolicy implements PolicyTimers.Owner
{
    final String user;
    final UserPolicyStats stats;
    final IntArrayList handles = new IntArrayList();
    final HeldEvents held = new HeldEvents();
    final Int2ObjectHashMap<DigestBuffer> digests = new Int2ObjectHashMap<>();
    Preferences prefs;
    boolean explicitPrefs;
    RateLimiter limiter;
    private long quietUntilMillis = -1;
    private long nextQuietCheckMillis = Long.MIN_VALUE;
    long nextDigestMillis = Long.MAX_VALUE;
    int digestPending;
    private long timerGeneration;
    private long timerDeadline = Long.MAX_VALUE;

    UserPolicy(final String user, final UserPolicyStats stats)
    {
        this.user = user;
        this.stats = stats;
    }

    /** Applies {@code preferences} (null: the defaults) under the server's {@code limits}. Allocates. */
    void preferences(final Preferences preferences, final RateLimits limits, final long nowMillis)
    {
        explicitPrefs = preferences != null;
        prefs = preferences == null ? Preferences.DEFAULT : preferences;
        limiter = RateLimiter.forUser(limits, prefs.maxPerHour());
        nextQuietCheckMillis = Long.MIN_VALUE;
        quietUntilMillis = -1;
        nextDigestMillis = DigestSchedule.next(prefs.digest(), prefs.digestAt(), prefs.zone(), nowMillis);
    }

    boolean digesting()
    {
        return prefs.digest() != DigestMode.IMMEDIATE;
    }

    /**
     * The end of the quiet period {@code nowMillis} is in, or -1 when not quiet. Recomputes only when the cached
     * answer has run out.
     */
    long quietUntil(final long nowMillis)
    {
        if (prefs.quietHours().isEmpty())
        {
            return -1;
        }
        if (nowMillis >= nextQuietCheckMillis)
        {
            quietUntilMillis = prefs.quietHours().quietUntil(nowMillis, prefs.zone());
            // the answer holds until the quiet period ends, or until the next one starts
            nextQuietCheckMillis = quietUntilMillis > 0 ? quietUntilMillis :
                prefs.quietHours().nextStart(nowMillis, prefs.zone());
        }
        return nowMillis < quietUntilMillis ? quietUntilMillis : -1;
    }

    /** True when nothing is held, collected or set, so the user's state may be forgotten. */
    boolean idle()
    {
        return handles.isEmpty() && held.isEmpty() && digestPending == 0 && !explicitPrefs;
    }

    @Override
    public long timerGeneration()
    {
        return timerGeneration;
    }

    @Override
    public void timerGeneration(final long generation)
    {
        timerGeneration = generation;
    }

    @Override
    public long timerDeadline()
    {
        return timerDeadline;
    }

    @Override
    public void timerDeadline(final long deadlineNanos)
    {
        timerDeadline = deadlineNanos;
    }

    /** One subscription's digest in the making: the first {@code cap} events, and a count of all. */
    static final class DigestBuffer
    {
        EventRecord[] records = new EventRecord[8];
        int kept;
        long count;

        /** Keeps {@code record} if under {@code cap} (true: the caller's reference is now held here). */
        boolean add(final EventRecord record, final int cap)
        {
            count++;
            if (kept >= cap)
            {
                return false;
            }
            if (kept == records.length)
            {
                records = java.util.Arrays.copyOf(records, Math.min(records.length * 2, cap));
            }
            records[kept++] = record;
            return true;
        }
    }
}
