package io.ringcast.engine.policy;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the delivery policies know of each user, readable from any thread: the preferences in force and the policy
 * counters. The assemble stage's thread is the only writer (it applies preference commands in ring order), so a
 * reader sees preferences once the command that set them has been applied.
 */
public final class UserPolicies
{
    private final Map<String, Preferences> preferences = new ConcurrentHashMap<>();
    private final Map<String, UserPolicyStats> stats = new ConcurrentHashMap<>();

    /** The preferences {@code user} has set, or null for none (the defaults apply). Any thread; no allocation. */
    public Preferences preferences(final String user)
    {
        return preferences.get(user);
    }

    /** Policy counters of {@code user}, or null when no policy has applied to the user yet. Any thread. */
    public UserPolicyStats stats(final String user)
    {
        return stats.get(user);
    }

    /** Users with policy counters (a live view). Any thread. */
    public Collection<UserPolicyStats> allStats()
    {
        return stats.values();
    }

    /** Users with preferences set (a live view). Any thread. */
    public Map<String, Preferences> allPreferences()
    {
        return preferences;
    }

    /** Assemble thread: records the user's preferences (null clears them). */
    public void put(final String user, final Preferences prefs)
    {
        if (prefs == null)
        {
            preferences.remove(user);
        }
        else
        {
            preferences.put(user, prefs);
        }
    }

    /** Assemble thread: forgets the counters of a user the policies keep no state for any more. */
    public void forget(final String user)
    {
        if (!preferences.containsKey(user))
        {
            stats.remove(user);
        }
    }

    /** Assemble thread: the user's counters, created on first use (allocates once per user). */
    public UserPolicyStats statsFor(final String user)
    {
        return stats.computeIfAbsent(user, UserPolicyStats::new);
    }
}
