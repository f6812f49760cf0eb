package io.ringcast.transport.http;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;

import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.transport.auth.Authenticator;
import io.ringcast.transport.ws.HttpRoutes;

/**
 * The HTTP API beside {@code /ws}: {@code POST /api/publish} ({@link PublishRoute}); {@code GET /health} and
 * {@code GET /metrics} (Prometheus text), open to everyone; {@code GET /api/subscriptions},
 * {@code GET /api/clients/{id}} and {@code GET /api/stats}, which need an admin token when the authenticator requires
 * tokens; users' preferences and server-side subscriptions ({@link PolicyRoutes}: {@code /api/users/{id}/..},
 * {@code POST /api/subscriptions}, {@code /api/subscriptions/{id}}), for the user themselves or an admin.
 * {@code /health} answers {@code "status":"degraded"} with its {@code "reasons"} (still 200: the server serves)
 * while a webhook circuit is open or the dead-letter queue is past its threshold ({@link PolicyGauges}). A wrong method answers {@code 405} with {@code Allow}. Errors are
 * {@code {"error":{"code":..,"message":..}}} (see {@link HttpResponses}); the protocol text is in
 * {@code transport/PROTOCOL.md}. Serve it through a {@link RouteTable}, which keeps keep-alive answers in order and
 * answers unknown {@code /api/} paths.
 * <p>
 * Threads: {@link #handle} on the connection's event loop (publish and health are answered from there); the admin
 * reads and metrics scrapes, which copy the registry or the latency histogram, run on this object's one worker
 * thread ({@code ringcast-http-api}), which {@link #close} stops. Allocates per request.
 */
public final class ApiRoutes implements HttpRoutes, AutoCloseable
{
    /** Default largest accepted publish body: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /** Default {@code limit} of {@code GET /api/subscriptions}. */
    public static final int DEFAULT_LIST_LIMIT = 1000;
    /** Largest {@code limit} of {@code GET /api/subscriptions}. */
    public static final int MAX_LIST_LIMIT = 10_000;

    private static final String PUBLISH = "/api/publish";
    private static final String HEALTH = "/health";
    private static final String METRICS = "/metrics";
    private static final String SUBSCRIPTIONS = "/api/subscriptions";
    private static final String STATS = "/api/stats";
    private static final String CLIENTS = "/api/clients/";

    private final ApiAccess access;
    private final PublishRoute publish;
    private final AdminReports reports;
    private final PrometheusMetrics prometheus;
    private final PolicyRoutes policy;
    private final PolicyGauges policyGauges;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r ->
    {
        final Thread t = new Thread(r, "ringcast-http-api");
        t.setDaemon(true);
        return t;
    });

    private ApiRoutes(final Builder b)
    {
        final ServerGauges gauges = new ServerGauges(b.engine, b.journalHead, b.websocketConnections,
            b.tcpConnections, System.nanoTime());
        access = new ApiAccess(b.authenticator);
        publish = new PublishRoute(b.engine, access, b.maxBodyBytes);
        reports = new AdminReports(gauges);
        policyGauges = b.policyGauges;
        prometheus = new PrometheusMetrics(gauges, policyGauges);
        policy = new PolicyRoutes(b.engine, access, worker, b.maxBodyBytes);
    }

    /** A builder for routes over {@code engine}; every other setting has a default. */
    public static Builder builder(final RingcastEngine engine)
    {
        return new Builder(engine);
    }

    @Override
    public boolean handles(final String path)
    {
        return path.equals(PUBLISH) || path.equals(HEALTH) || path.equals(METRICS) || path.equals(SUBSCRIPTIONS) ||
            path.equals(STATS) || (path.startsWith(CLIENTS) && path.length() > CLIENTS.length()) ||
            PolicyRoutes.handles(path);
    }

    @Override
    public void handle(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        final QueryStringDecoder query = new QueryStringDecoder(request.uri());
        final String path = query.path();
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        final HttpMethod method = request.method();
        if (path.equals(PUBLISH))
        {
            if (HttpMethod.POST.equals(method))
            {
                publish.handle(ctx, request, keepAlive);
                return;
            }
            request.release();
            methodNotAllowed(ctx, keepAlive, "POST");
            return;
        }
        if (PolicyRoutes.owns(path, method))
        {
            policy.handle(ctx, request, keepAlive, query);
            return;
        }
        final HttpHeaders headers = request.headers();
        request.release();
        if (!HttpMethod.GET.equals(method))
        {
            methodNotAllowed(ctx, keepAlive, path.equals(SUBSCRIPTIONS) ? "GET, POST" : "GET");
            return;
        }
        if (path.equals(HEALTH))
        {
            // on the worker: the policy gauges may read the dead-letter store, which takes its lock
            offload(ctx, keepAlive, () -> HttpResponses.response(HttpResponseStatus.OK, health()));
        }
        else if (path.equals(METRICS))
        {
            final String accept = headers.get(HttpHeaderNames.ACCEPT);
            offload(ctx, keepAlive, () -> HttpResponses.response(HttpResponseStatus.OK, scrape(accept),
                prometheus.contentType(accept)));
        }
        else if (access.admin(ctx, keepAlive, headers) != null)
        {
            adminRead(ctx, keepAlive, path, query);
        }
    }

    private void adminRead(final ChannelHandlerContext ctx, final boolean keepAlive, final String path,
        final QueryStringDecoder query)
    {
        if (path.equals(STATS))
        {
            offload(ctx, keepAlive, () -> HttpResponses.response(HttpResponseStatus.OK, reports.stats()));
        }
        else if (path.equals(SUBSCRIPTIONS))
        {
            final String client = first(query, "client");
            final String limitText = first(query, "limit");
            final int limit = limit(limitText);
            if (limit < 0)
            {
                HttpResponses.json(ctx, keepAlive, HttpResponseStatus.BAD_REQUEST, HttpResponses.error("bad_request",
                    "limit must be an integer in 1.." + MAX_LIST_LIMIT + ", was '" + limitText + "'", "limit"));
                return;
            }
            offload(ctx, keepAlive, () -> HttpResponses.response(HttpResponseStatus.OK,
                reports.subscriptions(client, limit)));
        }
        else
        {
            // from the raw path, decoded once: path() is decoded already, and an id may hold an encoded '/' or '%'
            final String raw = query.rawPath();
            final String clientId = raw.startsWith(CLIENTS) ?
                QueryStringDecoder.decodeComponent(raw.substring(CLIENTS.length())) : path.substring(CLIENTS.length());
            offload(ctx, keepAlive, () ->
            {
                final ObjectNode body = reports.client(clientId);
                return body != null ? HttpResponses.response(HttpResponseStatus.OK, body) :
                    HttpResponses.response(HttpResponseStatus.NOT_FOUND, HttpResponses.error("not_found",
                        "no client '" + clientId + "' holds subscriptions", null));
            });
        }
    }

    /** Builds the answer on the worker thread and sends it (the write hops back to the event loop). */
    private void offload(final ChannelHandlerContext ctx, final boolean keepAlive,
        final Supplier<FullHttpResponse> answer)
    {
        try
        {
            worker.execute(() ->
            {
                FullHttpResponse response;
                try
                {
                    response = answer.get();
                }
                catch (final RuntimeException ex)
                {
                    response = HttpResponses.response(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                        HttpResponses.error("internal", String.valueOf(ex.getMessage()), null));
                }
                HttpResponses.send(ctx, keepAlive, response);
            });
        }
        catch (final RejectedExecutionException ex)
        {
            HttpResponses.error(ctx, keepAlive, HttpResponseStatus.SERVICE_UNAVAILABLE, "stopping",
                "the server is stopping");
        }
    }

    private ObjectNode health()
    {
        final ObjectNode node = reports.health();
        final List<String> reasons = policyGauges.degradedReasons();
        if (!reasons.isEmpty())
        {
            node.put("status", "degraded");
            final ArrayNode list = node.putArray("reasons");
            reasons.forEach(list::add);
        }
        return node;
    }

    private byte[] scrape(final String accept)
    {
        try
        {
            return prometheus.scrape(accept);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("metrics could not be written: " + ex.getMessage(), ex);
        }
    }

    private static void methodNotAllowed(final ChannelHandlerContext ctx, final boolean keepAlive, final String allow)
    {
        final FullHttpResponse response = HttpResponses.response(HttpResponseStatus.METHOD_NOT_ALLOWED,
            HttpResponses.error("method_not_allowed", "use " + allow, null));
        response.headers().set(HttpHeaderNames.ALLOW, allow);
        HttpResponses.send(ctx, keepAlive, response);
    }

    private static String first(final QueryStringDecoder query, final String name)
    {
        final List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The limit asked for, the default when none, or -1 when it is not an integer in range. */
    private static int limit(final String text)
    {
        if (text == null)
        {
            return DEFAULT_LIST_LIMIT;
        }
        try
        {
            final int limit = Integer.parseInt(text);
            return limit >= 1 && limit <= MAX_LIST_LIMIT ? limit : -1;
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    /**
     * Stops the worker and commands threads; admin reads and commands still queued are dropped with their
     * connections. Idempotent.
     */
    @Override
    public void close()
    {
        worker.shutdownNow();
        policy.close();
    }

    /** Settings of {@link ApiRoutes}. Not thread safe; build once. */
    public static final class Builder
    {
        private final RingcastEngine engine;
        private Authenticator authenticator;
        private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private LongSupplier journalHead = () -> 0;
        private IntSupplier websocketConnections = () -> 0;
        private IntSupplier tcpConnections = () -> 0;
        private PolicyGauges policyGauges = PolicyGauges.NONE;

        private Builder(final RingcastEngine engine)
        {
            this.engine = Objects.requireNonNull(engine, "engine");
        }

        /** Checks tokens with {@code authenticator} (default: none, every caller may do everything). */
        public Builder authenticator(final Authenticator authenticator)
        {
            this.authenticator = authenticator;
            return this;
        }

        /**
         * Largest accepted publish body in bytes (default 1 MiB); larger ones answer 413. The server's HTTP
         * aggregator must admit at least this much for the limit to be reached.
         */
        public Builder maxBodyBytes(final int bytes)
        {
            if (bytes < 1)
            {
                throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + bytes);
            }
            this.maxBodyBytes = bytes;
            return this;
        }

        /** The journal's head seq (thread safe; e.g. {@code journal::headSeq}); default 0. */
        public Builder journalHead(final LongSupplier head)
        {
            this.journalHead = Objects.requireNonNull(head, "journalHead");
            return this;
        }

        /** Open connections of the WebSocket/HTTP port (e.g. {@code WebSocketServer::connectionCount}); default 0. */
        public Builder websocketConnections(final IntSupplier count)
        {
            this.websocketConnections = Objects.requireNonNull(count, "websocketConnections");
            return this;
        }

        /** Open connections of the TCP ingest (e.g. {@code TcpIngestServer::connectionCount}); default 0. */
        public Builder tcpConnections(final IntSupplier count)
        {
            this.tcpConnections = Objects.requireNonNull(count, "tcpConnections");
            return this;
        }

        /**
         * Webhook counters, circuit states and the dead-letter queue's size for {@code /metrics} and
         * {@code /health} (default {@link PolicyGauges#NONE}).
         */
        public Builder policyGauges(final PolicyGauges gauges)
        {
            this.policyGauges = Objects.requireNonNull(gauges, "policyGauges");
            return this;
        }

        /** The routes; start their worker thread. */
        public ApiRoutes build()
        {
            return new ApiRoutes(this);
        }
    }
}
