package io.ringcast.engine.subscription;

/**
 * A snapshot of one client's subscriptions and their delivery totals.
 *
 * @param clientId           the client
 * @param subscriptions      subscriptions held
 * @param active             of which not paused
 * @param eventsDelivered    events handed to delivery, summed over its live subscriptions
 * @param batches            batches handed to delivery, summed
 * @param errors             delivery errors, summed
 * @param lastActivityMillis latest activity of any of its subscriptions (epoch ms), 0 when none
 */
public record ClientStats(String clientId, int subscriptions, int active, long eventsDelivered, long batches,
    long errors, long lastActivityMillis)
{
}
