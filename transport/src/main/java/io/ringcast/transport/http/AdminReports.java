package io.ringcast.transport.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.HdrHistogram.Histogram;

import io.ringcast.engine.metrics.Counter;
import io.ringcast.engine.metrics.EngineMetrics;
import io.ringcast.engine.metrics.RejectReason;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.engine.subscription.ClientStats;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.engine.subscription.SubscriptionStats;

/**
 * The JSON bodies of {@code /health}, {@code /api/subscriptions}, {@code /api/clients/{id}} and {@code /api/stats},
 * read from the engine's registry and metrics (both readable from any thread). The admin reads copy the registry and
 * the latency histogram, so they run on the API's worker thread, never an event loop; {@link #health} is cheap and
 * runs anywhere. One reporting thread at a time for {@link #stats} (the latency histogram's rule). Allocates.
 */
final class AdminReports
{
    private static final Comparator<Subscription> BY_CLIENT_AND_ID =
        Comparator.comparing(Subscription::clientId).thenComparing(Subscription::id);

    private final RingcastEngine engine;
    private final ServerGauges gauges;

    AdminReports(final ServerGauges gauges)
    {
        this.engine = gauges.engine();
        this.gauges = gauges;
    }

    /** {@code {"status":"ok","ringDepth":..,"journalHead":..,"connections":{..},"uptimeSeconds":..}}. */
    ObjectNode health()
    {
        final ObjectNode node = HttpResponses.JSON.createObjectNode()
            .put("status", "ok")
            .put("ringDepth", engine.ringDepth())
            .put("journalHead", gauges.journalHead().getAsLong());
        node.putObject("connections")
            .put("websocket", gauges.websocketConnections().getAsInt())
            .put("tcp", gauges.tcpConnections().getAsInt());
        return node.put("uptimeSeconds", gauges.uptimeSeconds());
    }

    /**
     * Subscriptions ordered by client and id, at most {@code limit} of them.
     *
     * @param client only this client's, or null for all
     */
    ObjectNode subscriptions(final String client, final int limit)
    {
        // all() is a fresh list; ofClient() of an unknown client is an immutable empty one, so copy that
        final List<Subscription> all =
            client == null ? engine.registry().all() : new ArrayList<>(engine.registry().ofClient(client));
        all.sort(BY_CLIENT_AND_ID);
        final int count = Math.min(limit, all.size());
        final ObjectNode node = HttpResponses.JSON.createObjectNode()
            .put("total", all.size())
            .put("count", count)
            .put("truncated", count < all.size());
        list(node.putArray("subscriptions"), all.subList(0, count));
        return node;
    }

    /** One client's totals and subscriptions, or null when it holds none. */
    ObjectNode client(final String clientId)
    {
        final ClientStats stats = engine.registry().client(clientId);
        if (stats == null)
        {
            return null;
        }
        final ObjectNode node = HttpResponses.JSON.createObjectNode()
            .put("client", stats.clientId())
            .put("subscriptionCount", stats.subscriptions())
            .put("active", stats.active())
            .put("delivered", stats.eventsDelivered())
            .put("batches", stats.batches())
            .put("errors", stats.errors())
            .put("lastActivity", stats.lastActivityMillis());
        final List<Subscription> own = new ArrayList<>(engine.registry().ofClient(clientId));
        own.sort(BY_CLIENT_AND_ID);
        list(node.putArray("subscriptions"), own);
        return node;
    }

    /** Engine counters, rejects by reason, latency percentiles (nanoseconds), ring, journal and subscriptions. */
    ObjectNode stats()
    {
        final EngineMetrics metrics = engine.metrics();
        final ObjectNode node = HttpResponses.JSON.createObjectNode();
        final ObjectNode counters = node.putObject("counters");
        for (final Counter c : metrics.counters())
        {
            counters.put(c.name(), c.get());
        }
        final ObjectNode rejected = node.putObject("rejected");
        for (final RejectReason r : RejectReason.values())
        {
            rejected.put(r.label(), metrics.rejected(r));
        }
        final Histogram h = metrics.latencyHistogram();
        node.putObject("latencyNanos")
            .put("count", h.getTotalCount())
            .put("p50", h.getValueAtPercentile(50))
            .put("p99", h.getValueAtPercentile(99))
            .put("p999", h.getValueAtPercentile(99.9))
            .put("max", h.getMaxValue());
        return node
            .put("ringDepth", engine.ringDepth())
            .put("ringCapacity", engine.config().ringSize())
            .put("journalHead", gauges.journalHead().getAsLong())
            .put("subscriptions", engine.registry().size())
            .put("clients", engine.registry().clientIds().size())
            .put("uptimeSeconds", gauges.uptimeSeconds());
    }

    private static void list(final ArrayNode out, final List<Subscription> subscriptions)
    {
        for (final Subscription s : subscriptions)
        {
            final SubscriptionStats st = s.stats();
            final ObjectNode o = out.addObject()
                .put("client", s.clientId())
                .put("id", s.id())
                .put("topic", s.pattern().toString());
            if (s.filter() == null || s.filter().isMatchAll())
            {
                o.putNull("filter");
            }
            else
            {
                o.put("filter", s.filter().toString());
            }
            o.put("paused", s.paused());
            o.putObject("batch")
                .put("max", s.batch().maxSize())
                .put("lingerMs", TimeUnit.NANOSECONDS.toMillis(s.batch().lingerNanos()));
            o.put("delivered", st.eventsDelivered())
                .put("batches", st.batches())
                .put("errors", st.errors())
                .put("lastActivity", st.lastActivityMillis());
        }
    }
}
