package io.ringcast.transport.ws;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.ringcast.engine.subscription.Subscription;

/**
 * The live WebSocket sessions of each user (the client id up to '#'), so a server-side subscription without a
 * webhook can reach its user wherever the user is connected. Connections join when they claim their client id and
 * leave when they close. Any thread.
 */
final class UserSessions
{
    private final ConcurrentHashMap<String, CopyOnWriteArrayList<WebSocketConnection>> byUser =
        new ConcurrentHashMap<>();

    void add(final String clientId, final WebSocketConnection connection)
    {
        byUser.computeIfAbsent(userOf(clientId), k -> new CopyOnWriteArrayList<>()).add(connection);
    }

    void remove(final String clientId, final WebSocketConnection connection)
    {
        final String user = userOf(clientId);
        byUser.computeIfPresent(user, (k, list) ->
        {
            list.remove(connection);
            return list.isEmpty() ? null : list;
        });
    }

    /** The user's live connections (a snapshot-safe list; empty when none). */
    List<WebSocketConnection> of(final String user)
    {
        final List<WebSocketConnection> list = byUser.get(user);
        return list == null ? List.of() : list;
    }

    /** The user a client id belongs to, as the engine's {@link Subscription#user()} reads it. */
    static String userOf(final String clientId)
    {
        final int hash = clientId.indexOf('#');
        return hash < 0 ? clientId : clientId.substring(0, hash);
    }
}
