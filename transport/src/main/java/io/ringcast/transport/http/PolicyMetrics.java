package io.ringcast.transport.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import io.ringcast.engine.policy.UserPolicies;
import io.ringcast.engine.policy.UserPolicyStats;

/**
 * The delivery-policy part of {@code /metrics}, read at scrape time:
 * <ul>
 * <li>{@code ringcast_policy_events_total{policy}}: events each policy acted on, summed over users ({@code deferred}
 * by a rate limit, {@code held_quiet}, {@code digested}, {@code filtered_priority}, {@code filtered_topic},
 * {@code critical_bypass}, {@code overflow_dead_lettered}); {@code ringcast_policy_digests_sent_total};</li>
 * <li>{@code ringcast_policy_held_events{reason}}: events held now ({@code deferred}, {@code quiet_hours},
 * {@code digest}); {@code ringcast_users_with_preferences};</li>
 * <li>{@code ringcast_user_deferred_events{user}}: events waiting on a rate limit now, for at most
 * {@value #MAX_USER_SERIES} users, those with the most (users with none are left out), so a server with a million
 * users does not export a million series;</li>
 * <li>webhooks: {@code ringcast_webhook_{attempts,delivered,failures,retries,dead_lettered}_total},
 * {@code ringcast_webhook_circuit_state{endpoint,state}} (1 for the endpoint's current state, 0 for the other two);
 * {@code ringcast_dead_letters} and {@code ringcast_dead_letter_threshold}.</li>
 * </ul>
 * Sums are taken once per scrape ({@link #snapshot}) so every family reads the same numbers. One reporting thread at
 * a time; allocates per scrape.
 */
final class PolicyMetrics
{
    /** Most {@code ringcast_user_deferred_events} series in one scrape. */
    static final int MAX_USER_SERIES = 100;

    private static final String[] STATES = {PolicyGauges.CLOSED, PolicyGauges.OPEN, PolicyGauges.HALF_OPEN};
    private static final Comparator<UserDeferred> BY_DEFERRED = Comparator.comparingInt(UserDeferred::deferred);

    private final UserPolicies users;
    private Totals totals = new Totals();
    private List<UserDeferred> topDeferred = List.of();

    /** Registers the families in {@code registry}. */
    PolicyMetrics(final PrometheusRegistry registry, final UserPolicies users, final PolicyGauges gauges)
    {
        this.users = users;
        CounterWithCallback.builder().name("ringcast_policy_events")
            .help("events a delivery policy acted on, summed over users").labelNames("policy")
            .callback(cb ->
            {
                final Totals t = totals;
                cb.call(t.deferred, "deferred");
                cb.call(t.heldQuiet, "held_quiet");
                cb.call(t.digested, "digested");
                cb.call(t.filteredPriority, "filtered_priority");
                cb.call(t.filteredTopic, "filtered_topic");
                cb.call(t.criticalBypass, "critical_bypass");
                cb.call(t.overflowDeadLettered, "overflow_dead_lettered");
            })
            .register(registry);
        counter(registry, "ringcast_policy_digests_sent", "digests delivered, summed over users",
            () -> totals.digestsSent);
        GaugeWithCallback.builder().name("ringcast_policy_held_events")
            .help("events the delivery policies hold now, by reason").labelNames("reason")
            .callback(cb ->
            {
                final Totals t = totals;
                cb.call(t.deferredNow, "deferred");
                cb.call(t.heldQuietNow, "quiet_hours");
                cb.call(t.digestPending, "digest");
            })
            .register(registry);
        gauge(registry, "ringcast_users_with_preferences", "users who have set delivery preferences",
            () -> users.allPreferences().size());
        GaugeWithCallback.builder().name("ringcast_user_deferred_events")
            .help("events waiting on a rate limit now, per user (the " + MAX_USER_SERIES + " users with the most)")
            .labelNames("user")
            .callback(cb ->
            {
                for (final UserDeferred u : topDeferred)
                {
                    cb.call(u.deferred(), u.user());
                }
            })
            .register(registry);
        counter(registry, "ringcast_webhook_attempts", "webhook POSTs attempted", gauges::webhookAttempts);
        counter(registry, "ringcast_webhook_delivered", "webhook batches delivered", gauges::webhookDelivered);
        counter(registry, "ringcast_webhook_failures", "webhook attempts that failed", gauges::webhookFailures);
        counter(registry, "ringcast_webhook_retries", "webhook retries scheduled", gauges::webhookRetries);
        counter(registry, "ringcast_webhook_dead_lettered", "webhook batches given up as dead letters",
            gauges::webhookDeadLettered);
        GaugeWithCallback.builder().name("ringcast_webhook_circuit_state")
            .help("1 for each webhook endpoint's current circuit state (closed, open, half_open), else 0")
            .labelNames("endpoint", "state")
            .callback(cb ->
            {
                for (final Map.Entry<String, String> e : gauges.circuitStates().entrySet())
                {
                    for (final String state : STATES)
                    {
                        cb.call(state.equals(e.getValue()) ? 1 : 0, e.getKey(), state);
                    }
                }
            })
            .register(registry);
        CounterWithCallback.builder().name("ringcast_server_side_batches")
            .help("server-side subscriptions' batches by where they went (session, webhook, fallback, offline, dropped)")
            .labelNames("route")
            .callback(cb ->
            {
                for (final Map.Entry<String, Long> e : gauges.serverSideBatches().entrySet())
                {
                    cb.call(e.getValue(), e.getKey());
                }
            })
            .register(registry);
        gauge(registry, "ringcast_dead_letters", "live letters in the dead-letter queue", gauges::deadLetters);
        gauge(registry, "ringcast_dead_letter_threshold", "dead letters above which /health reports degraded " +
            "(0: none)", gauges::deadLetterThreshold);
    }

    /** Sums the users' counters and picks the users with the most deferred events, for the scrape that follows. */
    void snapshot()
    {
        final Totals t = new Totals();
        final PriorityQueue<UserDeferred> top = new PriorityQueue<>(MAX_USER_SERIES + 1, BY_DEFERRED);
        for (final UserPolicyStats s : users.allStats())
        {
            t.add(s);
            final int deferred = s.deferredNow(); // read once: the assemble thread keeps changing it
            if (deferred > 0)
            {
                top.add(new UserDeferred(s.user(), deferred));
                if (top.size() > MAX_USER_SERIES)
                {
                    top.poll();
                }
            }
        }
        totals = t;
        topDeferred = new ArrayList<>(top);
    }

    private static void counter(final PrometheusRegistry registry, final String name, final String help,
        final LongSupplier value)
    {
        CounterWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong()))
            .register(registry);
    }

    private static void gauge(final PrometheusRegistry registry, final String name, final String help,
        final LongSupplier value)
    {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong()))
            .register(registry);
    }

    /** A user's deferred events as read once in {@link #snapshot}. */
    private record UserDeferred(String user, int deferred)
    {
    }

    /** One scrape's sums. */
    private static final class Totals
    {
        long deferred;
        long heldQuiet;
        long digested;
        long digestsSent;
        long filteredPriority;
        long filteredTopic;
        long criticalBypass;
        long overflowDeadLettered;
        long deferredNow;
        long heldQuietNow;
        long digestPending;

        void add(final UserPolicyStats s)
        {
            deferred += s.deferredTotal();
            heldQuiet += s.heldQuietTotal();
            digested += s.digested();
            digestsSent += s.digestsSent();
            filteredPriority += s.filteredPriority();
            filteredTopic += s.filteredTopic();
            criticalBypass += s.criticalBypass();
            overflowDeadLettered += s.overflowDeadLettered();
            deferredNow += s.deferredNow();
            heldQuietNow += s.heldQuietNow();
            digestPending += s.digestPending();
        }
    }
}
