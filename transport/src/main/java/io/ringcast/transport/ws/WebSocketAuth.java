package io.ringcast.transport.ws;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.util.concurrent.ScheduledFuture;

import io.ringcast.transport.auth.AuthException;
import io.ringcast.transport.auth.Principal;

/**
 * The authentication state of one WebSocket connection: its {@link Principal} (from the upgrade's token, the
 * {@code auth} op, or anonymous when auth is off), the timer closing the connection when the token expires, and
 * the deadline for the {@code auth} op when auth is required and the upgrade brought no token. An {@code auth}
 * op on an authenticated connection refreshes the token (same user only) and moves the expiry.
 * <p>
 * Threads: the connection's event loop, except {@link #principal()} (any thread).
 */
final class WebSocketAuth
{
    private final WebSocketServer server;
    private final WebSocketConnection connection;
    private volatile Principal principal;
    private ScheduledFuture<?> expiry;
    private ScheduledFuture<?> deadline;

    WebSocketAuth(final WebSocketServer server, final WebSocketConnection connection)
    {
        this.server = server;
        this.connection = connection;
    }

    /** Who the connection is, or null while a required token has not arrived. Any thread. */
    Principal principal()
    {
        return principal;
    }

    /** Sets the principal the upgrade request established (before the handshake completes). */
    void principal(final Principal value)
    {
        principal = value;
    }

    /** After the handshake: starts the expiry timer, or the auth deadline when there is no principal yet. */
    void onUpgraded()
    {
        if (principal == null)
        {
            final long timeout = server.config().authTimeoutMillis();
            deadline = connection.channel().eventLoop().schedule(() ->
            {
                if (principal == null)
                {
                    connection.sendError("unauthorized", "no token within " + timeout + " ms: send " +
                        "{\"op\":\"auth\",\"token\":\"<JWT>\"} right after connecting", null);
                    connection.disconnect(1008, "authentication timeout");
                }
            }, timeout, TimeUnit.MILLISECONDS);
        }
        else
        {
            scheduleExpiry();
        }
    }

    /** The {@code auth} op: verify, adopt (first time) or refresh (same user), answer {@code authenticated}. */
    void onAuthOp(final JsonNode tokenNode, final String id)
    {
        if (!server.authenticator().required())
        {
            // auth is off: tokens are not checked; say who the connection is so clients can send auth regardless
            answer(principal, id);
            return;
        }
        if (tokenNode == null || !tokenNode.isTextual() || tokenNode.textValue().isEmpty())
        {
            connection.sendError("missing_field", "'auth' needs 'token', a JWT string", id);
            return;
        }
        final Principal verified;
        try
        {
            verified = server.authenticator().authenticate(tokenNode.textValue());
        }
        catch (final AuthException ex)
        {
            connection.sendError("unauthorized", ex.getMessage(), id);
            return;
        }
        final Principal current = principal;
        if (current != null && !current.user().equals(verified.user()))
        {
            connection.sendError("forbidden", "a connection keeps its user: this token is for '" + verified.user() +
                "', the connection is '" + current.user() + "'", id);
            return;
        }
        if (current == null)
        {
            final String clientId = clientIdFor(verified, connection.session());
            if (!server.claimClient(clientId, connection))
            {
                connection.sendError("conflict", "client '" + clientId + "' is already connected", id);
                return;
            }
            connection.clientId(clientId);
            if (deadline != null)
            {
                deadline.cancel(false);
            }
        }
        principal = verified;
        scheduleExpiry();
        answer(verified, id);
    }

    /** Stops the timers (connection closed). */
    void cancelTimers()
    {
        if (expiry != null)
        {
            expiry.cancel(false);
        }
        if (deadline != null)
        {
            deadline.cancel(false);
        }
    }

    /** The engine client id of an authenticated connection: the user and the session, so one user may have many. */
    static String clientIdFor(final Principal principal, final String session)
    {
        return principal.user() + "#" + session;
    }

    private void answer(final Principal p, final String id)
    {
        final ObjectNode m = connection.message("authenticated");
        m.put("id", id);
        m.put("user", p == null ? connection.clientId() : p.user());
        m.put("client", connection.clientId());
        if (p != null && p.expiresAtMillis() != Principal.NO_EXPIRY)
        {
            m.put("expiresAt", Instant.ofEpochMilli(p.expiresAtMillis()).toString());
        }
        connection.send(m);
    }

    private void scheduleExpiry()
    {
        if (expiry != null)
        {
            expiry.cancel(false);
            expiry = null;
        }
        final Principal p = principal;
        if (p == null || p.expiresAtMillis() == Principal.NO_EXPIRY)
        {
            return;
        }
        final long delay = Math.max(0, p.expiresAtMillis() - System.currentTimeMillis());
        expiry = connection.channel().eventLoop().schedule(() ->
        {
            if (principal == p)
            {
                connection.sendError("token_expired", "the token expired at " +
                    Instant.ofEpochMilli(p.expiresAtMillis()) + "; reconnect with a fresh one (or refresh it " +
                    "with the auth op before it expires)", null);
                connection.disconnect(1008, "token expired");
            }
        }, delay, TimeUnit.MILLISECONDS);
    }
}
