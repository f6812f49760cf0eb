package io.ringcast.transport.ws;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.subscription.CommandListener;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.journal.resume.CatchUp;
import io.ringcast.transport.auth.Principal;
import io.ringcast.transport.http.InvalidJsonException;
import io.ringcast.transport.http.PreferencesJson;
import io.ringcast.transport.http.ServerSubscriptionJson;

/**
 * The client → server messages of one WebSocket connection: parses each JSON text into an op, checks it (auth,
 * claims, fields) and hands subscribe/unsubscribe/pause/resume to the engine without blocking the event loop; keeps
 * the resumes waiting for their {@code subscribed} answer. The {@code preferences} op reads or sets the connection's
 * user's delivery preferences (see {@link PreferencesJson}); a change is submitted from the catch-up executor (a
 * full ring makes a submit wait) and answered once the engine applied and saved it. Answers go out through the {@link WebSocketConnection}.
 * <p>
 * Threads: {@link #onText} on the connection's event loop; {@link #takeResume} on the assemble thread. Allocates per
 * message.
 */
final class WebSocketRequests
{
    private final WebSocketServer server;
    private final WebSocketConnection connection;
    private final ConcurrentHashMap<String, CatchUp> pendingResumes = new ConcurrentHashMap<>();

    WebSocketRequests(final WebSocketServer server, final WebSocketConnection connection)
    {
        this.server = server;
        this.connection = connection;
    }

    /** The catch-up of a resuming subscribe, removed once its answer arrived; null when it did not resume. */
    CatchUp takeResume(final String subscriptionId)
    {
        return pendingResumes.remove(subscriptionId);
    }

    /** One text message from the client. Event loop. */
    void onText(final String text)
    {
        final JsonNode root;
        try
        {
            root = server.mapper().readTree(text);
        }
        catch (final JsonProcessingException ex)
        {
            connection.sendError("bad_json", "not valid JSON: " + ex.getOriginalMessage() +
                (ex.getLocation() == null ? "" : " (column " + ex.getLocation().getColumnNr() + ")"), null);
            return;
        }
        if (root == null || !root.isObject())
        {
            connection.sendError("bad_json", "a message must be a JSON object", null);
            return;
        }
        final JsonNode idNode = root.get("id");
        final String id = idNode != null && idNode.isTextual() ? idNode.textValue() : null;
        final JsonNode opNode = root.get("op");
        if (opNode == null || !opNode.isTextual())
        {
            connection.sendError("missing_field", "'op' is required and must be a string", id);
            return;
        }
        final String op = opNode.textValue();
        if ("ping".equals(op))
        {
            connection.send(connection.message("pong"));
            return;
        }
        if ("auth".equals(op))
        {
            connection.auth().onAuthOp(root.get("token"), id);
            return;
        }
        if (!"subscribe".equals(op) && !"unsubscribe".equals(op) && !"pause".equals(op) && !"resume".equals(op) &&
            !"preferences".equals(op))
        {
            connection.sendError("unknown_op", "unknown op '" + op + "': expected subscribe, unsubscribe, pause, resume, " +
                "preferences, auth or ping", id);
            return;
        }
        if (connection.clientId() == null)
        {
            connection.sendError("unauthorized", "send {\"op\":\"auth\",\"token\":\"<JWT>\"} first: this server requires a " +
                "token", id);
            return;
        }
        try
        {
            if ("subscribe".equals(op))
            {
                subscribe(SubscribeRequest.parse(root, server.engine().config().defaultBatch(), server.mapper()));
            }
            else if ("preferences".equals(op))
            {
                preferences(SubscribeRequest.requireId(idNode, op), root.get("preferences"));
            }
            else
            {
                command(op, SubscribeRequest.requireId(idNode, op));
            }
        }
        catch (final SubscribeRequest.RequestException ex)
        {
            connection.sendError(ex.code(), ex.getMessage(), ex.id());
        }
    }

    private void command(final String op, final String id) throws SubscribeRequest.RequestException
    {
        final EventKind kind = "unsubscribe".equals(op) ? EventKind.UNSUBSCRIBE :
            "pause".equals(op) ? EventKind.PAUSE : EventKind.RESUME;
        submit(kind, null, id);
    }

    /** Hands a command to the engine without blocking the event loop; a full ring answers {@code busy}. */
    private void submit(final EventKind kind, final Subscription subscription, final String id)
        throws SubscribeRequest.RequestException
    {
        if (!server.engine().tryCommand(kind, subscription, connection.clientId(), id, connection))
        {
            throw new SubscribeRequest.RequestException("busy", "the server is busy (its ring is full): try again " +
                "in a moment", id);
        }
    }

    private void subscribe(final SubscribeRequest request) throws SubscribeRequest.RequestException
    {
        final String id = request.id();
        final Principal principal = connection.auth().principal();
        if (principal != null && !principal.maySubscribe(request.pattern()))
        {
            throw new SubscribeRequest.RequestException("forbidden", "your token does not allow subscribing to '" +
                request.pattern() + "' (allowed: " + principal.subscribePatterns() + ")", id);
        }
        final WebSocketSink sink = new WebSocketSink(connection, id, connection.eventsEnvelope(id));
        if (request.resuming())
        {
            if (server.journal() == null)
            {
                throw new SubscribeRequest.RequestException("not_supported",
                    "this server keeps no journal, so it cannot resume from 'since'", id);
            }
            final CatchUp catchUp = new CatchUp(server.journal(), request.pattern(), request.filter(),
                request.since(), request.epoch(), new CatchUpWriter(sink, connection.channel().alloc(),
                request.batch().maxSize(), TimeUnit.MILLISECONDS.toNanos(server.config().heartbeatTimeoutMillis())),
                server.config().resumeBufferBytes());
            if (pendingResumes.putIfAbsent(id, catchUp) != null)
            {
                throw new SubscribeRequest.RequestException("duplicate_subscription",
                    "a subscribe with id '" + id + "' is already in progress", id);
            }
            sink.catchUp(catchUp);
        }
        final Subscription subscription = new Subscription(connection.clientId(), id, request.pattern(), request.filter(),
            request.batch(), System.currentTimeMillis());
        subscription.attachment(sink);
        try
        {
            submit(EventKind.SUBSCRIBE, subscription, id);
        }
        catch (final SubscribeRequest.RequestException ex)
        {
            if (sink.catchUp() != null)
            {
                pendingResumes.remove(id, sink.catchUp());
            }
            throw ex;
        }
    }

    /** Reads (no body) or sets the connection's user's preferences; answers {@code preferences} or an error. */
    private void preferences(final String id, final JsonNode body)
    {
        final String clientId = connection.clientId();
        final int hash = clientId.indexOf('#');
        final String user = hash < 0 ? clientId : clientId.substring(0, hash);
        if (body == null || body.isNull())
        {
            connection.send(preferencesMessage(id, user, server.engine().userPolicies().preferences(user)));
            return;
        }
        final Preferences prefs;
        try
        {
            prefs = PreferencesJson.parse(body, "preferences.");
        }
        catch (final InvalidJsonException ex)
        {
            connection.sendError("bad_preferences", ex.getMessage(), id);
            return;
        }
        final String record = ServerSubscriptionJson.preferencesRecord(user, prefs);
        final CommandListener answer = (kind, client, subscriptionId, status, seq) ->
            connection.channel().eventLoop().execute(() ->
            {
                if (status == CommandStatus.OK)
                {
                    connection.send(preferencesMessage(id, user, prefs));
                }
                else
                {
                    connection.sendError(status.code(), status.message(), id);
                }
            });
        try
        {
            server.catchUpExecutor().execute(() ->
            {
                try
                {
                    server.engine().setPreferences(user, prefs, record, answer);
                }
                catch (final IllegalStateException ex)
                {
                    connection.sendError("stopping", "the server is stopping", id);
                }
            });
        }
        catch (final RejectedExecutionException ex)
        {
            connection.sendError("stopping", "the server is stopping", id);
        }
    }

    private ObjectNode preferencesMessage(final String id, final String user, final Preferences prefs)
    {
        final ObjectNode m = connection.message("preferences");
        m.put("id", id);
        m.setAll(PreferencesJson.answer(user, prefs));
        return m;
    }
}
