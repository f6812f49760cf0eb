package io.ringcast.transport.http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.subscription.CommandListener;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.transport.http.ServerSubscriptionJson.PreferencesCleared;
import io.ringcast.transport.http.ServerSubscriptionJson.PreferencesSet;
import io.ringcast.transport.http.ServerSubscriptionJson.StateRecord;
import io.ringcast.transport.http.ServerSubscriptionJson.SubscriptionCreated;
import io.ringcast.transport.http.ServerSubscriptionJson.SubscriptionDeleted;

/**
 * Rebuilds users' preferences and server-side subscriptions at start from the journal's state log: reads the records
 * in order, folds them into the state they end in (the last record about a user's preferences or a subscription id
 * wins; a deletion removes), re-submits that state to the engine without saving it again, and waits until the engine
 * has applied all of it, so the server opens its ports with the state rebuilt.
 * <p>
 * A record that cannot be read, or a command the engine refuses (a subscription limit, say), does not stop the
 * start: it is reported in {@link Result#problems()}. Control path: call on the starting thread, after the engine
 * started and before the ports open; blocks until the engine answered. Allocates.
 */
public final class StateRestore
{
    /** How long {@link #restore(RingcastEngine, List)} waits for the engine by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    private StateRestore()
    {
    }

    /**
     * What a restore did.
     *
     * @param records       state records read
     * @param preferences   users whose preferences were restored
     * @param subscriptions server-side subscriptions restored
     * @param problems      records skipped and commands refused, each with why
     */
    public record Result(int records, int preferences, int subscriptions, List<String> problems)
    {
        /** {@code restored N preferences and M server-side subscriptions from the state log (K records)}. */
        public String summary()
        {
            return "restored " + preferences + " preferences and " + subscriptions + " server-side subscriptions " +
                "from the state log (" + records + " records)" + (problems.isEmpty() ? "" : "; " + problems.size() +
                " problems");
        }
    }

    /** {@link #restore(RingcastEngine, List, Duration)} with {@link #DEFAULT_TIMEOUT}. */
    public static Result restore(final RingcastEngine engine, final List<String> records)
    {
        return restore(engine, records, DEFAULT_TIMEOUT);
    }

    /**
     * Folds {@code records} (in append order) and applies the result to {@code engine}, waiting up to
     * {@code timeout} for it to be applied.
     *
     * @throws IllegalStateException when the engine did not apply everything within {@code timeout}, or the
     *                               thread was interrupted
     */
    public static Result restore(final RingcastEngine engine, final List<String> records, final Duration timeout)
    {
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Preferences> preferences = new LinkedHashMap<>();
        final Map<String, SubscriptionCreated> subscriptions = new LinkedHashMap<>();
        for (int i = 0; i < records.size(); i++)
        {
            final StateRecord record;
            try
            {
                record = ServerSubscriptionJson.readRecord(records.get(i));
            }
            catch (final IllegalArgumentException ex)
            {
                problems.add("state record " + (i + 1) + " skipped: " + ex.getMessage());
                continue;
            }
            if (record instanceof PreferencesSet set)
            {
                preferences.put(set.user(), set.preferences());
            }
            else if (record instanceof PreferencesCleared cleared)
            {
                preferences.remove(cleared.user());
            }
            else if (record instanceof SubscriptionCreated created)
            {
                subscriptions.put(key(created.user(), created.id()), created);
            }
            else if (record instanceof SubscriptionDeleted deleted)
            {
                subscriptions.remove(key(deleted.user(), deleted.id()));
            }
        }
        final CountDownLatch applied = new CountDownLatch(preferences.size() + subscriptions.size());
        final AtomicInteger failedPreferences = new AtomicInteger();
        final AtomicInteger failedSubscriptions = new AtomicInteger();
        final CommandListener listener = (final EventKind kind, final String clientId, final String subscriptionId,
            final CommandStatus status, final long seq) ->
        {
            if (status != CommandStatus.OK)
            {
                (subscriptionId == null ? failedPreferences : failedSubscriptions).incrementAndGet();
                problems.add((subscriptionId == null ? "preferences of user '" + clientId + "'" :
                    "subscription '" + subscriptionId + "' of user '" + clientId + "'") + " not restored: " +
                    status.message());
            }
            applied.countDown();
        };
        for (final Map.Entry<String, Preferences> e : preferences.entrySet())
        {
            engine.setPreferences(e.getKey(), e.getValue(), null, listener);
        }
        for (final SubscriptionCreated s : subscriptions.values())
        {
            engine.subscribe(s.request().toSubscription(s.id(), s.createdMillis()), null, listener);
        }
        try
        {
            if (!applied.await(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                throw new IllegalStateException("the engine did not apply the restored state within " + timeout +
                    " (" + applied.getCount() + " commands outstanding)");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restoring the state log", ex);
        }
        return new Result(records.size(), preferences.size() - failedPreferences.get(),
            subscriptions.size() - failedSubscriptions.get(), List.copyOf(problems));
    }

    private static String key(final String user, final String id)
    {
        return user + '\u0000' + id;
    }
}
