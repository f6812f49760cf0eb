package io.ringcast.transport.http;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;

import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.policy.UserPolicyStats;
import io.ringcast.engine.subscription.CommandListener;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.transport.auth.Principal;

/**
 * The delivery-policy endpoints of the HTTP API: a user's preferences ({@code GET/PUT/DELETE
 * /api/users/{id}/preferences}), the user's policy counters ({@code GET /api/users/{id}/stats}) and server-side
 * subscriptions ({@code POST /api/subscriptions}, {@code GET/DELETE /api/subscriptions/{id}}); formats in
 * {@code transport/PROTOCOL.md}. With tokens required a caller may act on its own user only (token subject = user),
 * an admin on every user.
 * <p>
 * Changes are answered once the engine has applied them and saved them to the journal's state log: the engine's
 * listener (assemble thread) hops back to the connection's event loop to answer. {@code 503 state_not_saved} means
 * the journal could not save the change (a created subscription is then removed again).
 * <p>
 * Threads: {@link #handle} on the event loop; engine commands are submitted from this object's one thread
 * ({@code ringcast-http-commands}), never the event loop, because a full ring makes a submit wait; lookups that copy
 * the registry run on the API's read worker. Allocates per request.
 */
final class PolicyRoutes implements AutoCloseable
{
    /** Prefix of the per-user endpoints. */
    static final String USERS = "/api/users/";
    /** The server-side subscription collection. */
    static final String SUBSCRIPTIONS = "/api/subscriptions";
    /** Prefix of one server-side subscription. */
    static final String SUBSCRIPTION = "/api/subscriptions/";

    private static final String PREFERENCES = "preferences";
    private static final String STATS = "stats";
    private static final String ID_PREFIX = "srv-";

    private final RingcastEngine engine;
    private final ApiAccess access;
    private final ExecutorService reads;
    private final int maxBodyBytes;
    private final SecureRandom random = new SecureRandom();
    private final ExecutorService commands = Executors.newSingleThreadExecutor(r ->
    {
        final Thread t = new Thread(r, "ringcast-http-commands");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param reads        the API's worker for reads that copy the registry
     * @param maxBodyBytes largest accepted request body
     */
    PolicyRoutes(final RingcastEngine engine, final ApiAccess access, final ExecutorService reads,
        final int maxBodyBytes)
    {
        this.engine = engine;
        this.access = access;
        this.reads = reads;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** True for the paths these routes answer ({@code POST /api/subscriptions} is told by {@link #owns}). */
    static boolean handles(final String path)
    {
        return path.startsWith(USERS) && path.length() > USERS.length() ||
            path.startsWith(SUBSCRIPTION) && path.length() > SUBSCRIPTION.length();
    }

    /** True when this request is for these routes. */
    static boolean owns(final String path, final HttpMethod method)
    {
        return handles(path) || path.equals(SUBSCRIPTIONS) && HttpMethod.POST.equals(method);
    }

    /** Answers one request and releases it. Event loop. */
    void handle(final ChannelHandlerContext ctx, final FullHttpRequest request, final boolean keepAlive,
        final QueryStringDecoder query)
    {
        final HttpMethod method = request.method();
        final HttpHeaders headers = request.headers();
        final int size = request.content().readableBytes();
        final String body = size > maxBodyBytes ? null : request.content().toString(StandardCharsets.UTF_8);
        request.release();
        final Principal principal = access.authenticate(ctx, keepAlive, headers);
        if (principal == null)
        {
            return;
        }
        if (size > maxBodyBytes)
        {
            HttpResponses.error(ctx, keepAlive, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "payload_too_large",
                "the body is " + size + " bytes, at most " + maxBodyBytes + " are allowed");
            return;
        }
        final String raw = query.rawPath();
        final Exchange x = new Exchange(ctx, keepAlive);
        try
        {
            if (raw.equals(SUBSCRIPTIONS))
            {
                create(x, principal, body);
            }
            else if (raw.startsWith(SUBSCRIPTION))
            {
                subscription(x, principal, method, QueryStringDecoder.decodeComponent(
                    raw.substring(SUBSCRIPTION.length())));
            }
            else
            {
                user(x, principal, method, raw.substring(USERS.length()), body);
            }
        }
        catch (final InvalidJsonException ex)
        {
            x.answer(HttpResponseStatus.BAD_REQUEST, HttpResponses.error("bad_request", ex.getMessage(), ex.field()));
        }
    }

    private void user(final Exchange x, final Principal principal, final HttpMethod method, final String rest,
        final String body)
    {
        final int slash = rest.lastIndexOf('/');
        final String what = slash < 0 ? "" : rest.substring(slash + 1);
        if (slash <= 0 || !(what.equals(PREFERENCES) || what.equals(STATS)))
        {
            x.error(HttpResponseStatus.NOT_FOUND, "not_found", "no such endpoint: " + USERS + rest +
                " (a user has /preferences and /stats)");
            return;
        }
        final String user = QueryStringDecoder.decodeComponent(rest.substring(0, slash));
        final String userError = ServerSubscriptionJson.userError(user);
        if (userError != null)
        {
            x.error(HttpResponseStatus.BAD_REQUEST, "bad_request", userError);
            return;
        }
        if (!mayActFor(principal, user))
        {
            x.error(HttpResponseStatus.FORBIDDEN, "forbidden", "user '" + principal.user() + "' may not use the " +
                what + " of user '" + user + "' (only their own, or with an admin token)");
            return;
        }
        if (what.equals(STATS))
        {
            if (x.allow(method, "GET"))
            {
                x.answer(HttpResponseStatus.OK, stats(user));
            }
        }
        else if (HttpMethod.GET.equals(method))
        {
            final Preferences prefs = engine.userPolicies().preferences(user);
            x.answer(HttpResponseStatus.OK, PreferencesJson.answer(user, prefs));
        }
        else if (HttpMethod.PUT.equals(method))
        {
            final Preferences prefs = PreferencesJson.parse(body == null || body.isBlank() ? "" : body);
            final String record = ServerSubscriptionJson.preferencesRecord(user, prefs);
            submit(x, () -> engine.setPreferences(user, prefs, record, x.listener(status ->
                x.outcome(status, HttpResponseStatus.OK, () -> PreferencesJson.answer(user, prefs)))));
        }
        else if (HttpMethod.DELETE.equals(method))
        {
            final String record = ServerSubscriptionJson.clearedRecord(user);
            submit(x, () -> engine.setPreferences(user, null, record, x.listener(status ->
                x.outcome(status, HttpResponseStatus.NO_CONTENT, null))));
        }
        else
        {
            x.allow(method, "GET, PUT, DELETE");
        }
    }

    private void create(final Exchange x, final Principal principal, final String body)
    {
        final ServerSubscriptionJson.Request r = ServerSubscriptionJson.parseRequest(
            JsonFields.readTree(body == null || body.isBlank() ? "" : body), engine.config().defaultBatch());
        if (!mayActFor(principal, r.user()))
        {
            x.error(HttpResponseStatus.FORBIDDEN, "forbidden", "user '" + principal.user() + "' may not create " +
                "subscriptions for user '" + r.user() + "' (only for themselves, or with an admin token)");
            return;
        }
        if (!principal.admin() && !principal.maySubscribe(r.pattern()))
        {
            x.error(HttpResponseStatus.FORBIDDEN, "forbidden", "your token does not allow subscribing to '" +
                r.pattern() + "' (allowed: " + principal.subscribePatterns() + ")");
            return;
        }
        final String id = ID_PREFIX + HexFormat.of().formatHex(randomBytes());
        final long now = System.currentTimeMillis();
        final Subscription s = r.toSubscription(id, now);
        final String record = ServerSubscriptionJson.subscriptionRecord(id, r, now);
        submit(x, () -> engine.subscribe(s, record, x.listener(status ->
        {
            if (status == CommandStatus.NOT_SAVED)
            {
                // applied but not saved: take it back, so what the client was told (not created) stays true
                submit(null, () -> engine.unsubscribe(r.user(), id, null, null));
            }
            x.outcome(status, HttpResponseStatus.CREATED, () ->
                HttpResponses.JSON.createObjectNode().put("id", id).put("user", r.user()));
        })));
    }

    private void subscription(final Exchange x, final Principal principal, final HttpMethod method, final String id)
    {
        if (!HttpMethod.GET.equals(method) && !HttpMethod.DELETE.equals(method))
        {
            x.allow(method, "GET, DELETE");
            return;
        }
        execute(x, reads, () ->
        {
            final Subscription s = find(id);
            if (s == null)
            {
                x.error(HttpResponseStatus.NOT_FOUND, "not_found", "no server-side subscription '" + id + "'");
            }
            else if (!mayActFor(principal, s.user()))
            {
                x.error(HttpResponseStatus.FORBIDDEN, "forbidden", "user '" + principal.user() + "' may not use " +
                    "subscription '" + id + "' of user '" + s.user() + "'");
            }
            else if (HttpMethod.GET.equals(method))
            {
                x.answer(HttpResponseStatus.OK, ServerSubscriptionJson.describe(s));
            }
            else
            {
                final String record = ServerSubscriptionJson.deletedRecord(s.user(), id);
                submit(x, () -> engine.unsubscribe(s.user(), id, record, x.listener(status ->
                    x.outcome(status, HttpResponseStatus.NO_CONTENT, null))));
            }
        });
    }

    /** The live server-side subscription {@code id}, or null. Copies the registry: worker thread. */
    private Subscription find(final String id)
    {
        for (final Subscription s : engine.registry().all())
        {
            if (s.durable() && s.id().equals(id))
            {
                return s;
            }
        }
        return null;
    }

    private ObjectNode stats(final String user)
    {
        final UserPolicyStats s = engine.userPolicies().stats(user);
        final ObjectNode o = HttpResponses.JSON.createObjectNode().put("user", user);
        o.put("deferredTotal", s == null ? 0 : s.deferredTotal())
            .put("deferredNow", s == null ? 0 : s.deferredNow())
            .put("heldQuietTotal", s == null ? 0 : s.heldQuietTotal())
            .put("heldQuietNow", s == null ? 0 : s.heldQuietNow())
            .put("digested", s == null ? 0 : s.digested())
            .put("digestPending", s == null ? 0 : s.digestPending())
            .put("digestsSent", s == null ? 0 : s.digestsSent())
            .put("filteredPriority", s == null ? 0 : s.filteredPriority())
            .put("filteredTopic", s == null ? 0 : s.filteredTopic())
            .put("criticalBypass", s == null ? 0 : s.criticalBypass())
            .put("overflowDeadLettered", s == null ? 0 : s.overflowDeadLettered());
        return o;
    }

    private static boolean mayActFor(final Principal principal, final String user)
    {
        return principal.admin() || principal.user().equals(user);
    }

    private byte[] randomBytes()
    {
        final byte[] bytes = new byte[8];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Runs an engine submit on the commands thread; {@code x} null for a submit nobody waits on. */
    private void submit(final Exchange x, final Runnable command)
    {
        execute(x, commands, command);
    }

    private static void execute(final Exchange x, final ExecutorService executor, final Runnable task)
    {
        try
        {
            executor.execute(() ->
            {
                try
                {
                    task.run();
                }
                catch (final RuntimeException ex)
                {
                    if (x != null)
                    {
                        x.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping", "the engine refused the " +
                            "command: " + ex.getMessage());
                    }
                }
            });
        }
        catch (final RejectedExecutionException ex)
        {
            if (x != null)
            {
                x.error(HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping", "the server is stopping");
            }
        }
    }

    /** Stops the commands thread; queued commands are dropped with their connections. Idempotent. */
    @Override
    public void close()
    {
        commands.shutdownNow();
    }

    /** One request being answered: sends from any thread (Netty hands the write to the event loop). */
    private static final class Exchange
    {
        private final ChannelHandlerContext ctx;
        private final boolean keepAlive;

        Exchange(final ChannelHandlerContext ctx, final boolean keepAlive)
        {
            this.ctx = ctx;
            this.keepAlive = keepAlive;
        }

        void answer(final HttpResponseStatus status, final ObjectNode body)
        {
            if (body == null)
            {
                final FullHttpResponse empty = HttpResponses.response(status, new byte[0], "application/json");
                empty.headers().remove(HttpHeaderNames.CONTENT_TYPE);
                HttpResponses.send(ctx, keepAlive, empty);
            }
            else
            {
                HttpResponses.json(ctx, keepAlive, status, body);
            }
        }

        void error(final HttpResponseStatus status, final String code, final String message)
        {
            HttpResponses.error(ctx, keepAlive, status, code, message);
        }

        /** True when {@code method} is GET, else answers 405 with {@code allow}. */
        boolean allow(final HttpMethod method, final String allow)
        {
            if (HttpMethod.GET.equals(method))
            {
                return true;
            }
            final FullHttpResponse response = HttpResponses.response(HttpResponseStatus.METHOD_NOT_ALLOWED,
                HttpResponses.error("method_not_allowed", "use " + allow, null));
            response.headers().set(HttpHeaderNames.ALLOW, allow);
            HttpResponses.send(ctx, keepAlive, response);
            return false;
        }

        /** A one-shot listener: the outcome is handled on the connection's event loop, not the engine's thread. */
        CommandListener listener(final Consumer<CommandStatus> onOutcome)
        {
            return (final EventKind kind, final String clientId, final String subscriptionId,
                final CommandStatus status, final long seq) ->
            {
                try
                {
                    ctx.executor().execute(() -> onOutcome.accept(status));
                }
                catch (final RejectedExecutionException ex)
                {
                    // the server is shutting down and the connection with it: the answer has nobody to go to
                }
            };
        }

        /** Answers a command's outcome: {@code ok} with {@code body} (null: no body), or the status's error. */
        void outcome(final CommandStatus status, final HttpResponseStatus ok,
            final Supplier<ObjectNode> body)
        {
            if (!ctx.channel().isActive())
            {
                return;
            }
            switch (status)
            {
                case OK:
                    answer(ok, body == null ? null : body.get());
                    break;
                case NOT_SAVED:
                    error(HttpResponseStatus.SERVICE_UNAVAILABLE, status.code(), ok == HttpResponseStatus.CREATED ?
                        "the journal could not save the subscription, so it was not created; retry" :
                        status.message() + "; retry");
                    break;
                case UNKNOWN_SUBSCRIPTION:
                case UNKNOWN_CLIENT:
                    error(HttpResponseStatus.NOT_FOUND, status.code(), status.message());
                    break;
                case DUPLICATE_SUBSCRIPTION:
                case CLIENT_LIMIT:
                case TOTAL_LIMIT:
                    error(HttpResponseStatus.CONFLICT, status.code(), status.message());
                    break;
                default:
                    error(HttpResponseStatus.INTERNAL_SERVER_ERROR, status.code(), status.message());
                    break;
            }
        }
    }
}
