package io.ringcast.transport.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;

import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.Unit;

import io.ringcast.engine.metrics.Counter;
import io.ringcast.engine.metrics.EngineMetrics;
import io.ringcast.engine.metrics.RejectReason;
import io.ringcast.engine.pipeline.RingcastEngine;

/**
 * The engine's numbers as a Prometheus registry, every one read through a callback at scrape time, so the engine's
 * threads do no work for metrics beyond their plain counters: each {@link EngineMetrics} counter as
 * {@code ringcast_<name>_total} (the {@code dedup_keys} gauge as {@code ringcast_dedup_keys}),
 * {@code ringcast_rejected_total{reason}}, ring depth and capacity, journal head, connections by transport,
 * subscriptions and clients, uptime, and the publish-to-delivery latency as a summary
 * ({@code ringcast_delivery_latency_seconds}, quantiles 0.5/0.9/0.99/0.999 since start) plus its maximum, and the
 * delivery-policy, webhook and dead-letter numbers of {@link PolicyMetrics}.
 * <p>
 * {@link #scrape} runs on one reporting thread at a time (the latency histogram's rule); allocates per scrape.
 */
final class PrometheusMetrics
{
    private static final double[] QUANTILES = {0.5, 0.9, 0.99, 0.999};
    private static final double NANOS_PER_SECOND = 1e9;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExpositionFormatWriter text = PrometheusTextFormatWriter.create();
    private final ExpositionFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
    private final EngineMetrics metrics;
    private final PolicyMetrics policies;
    private Histogram latency;

    PrometheusMetrics(final ServerGauges gauges, final PolicyGauges policyGauges)
    {
        final RingcastEngine engine = gauges.engine();
        metrics = engine.metrics();
        for (final Counter c : metrics.counters())
        {
            if (c == metrics.dedupKeys)
            {
                gauge("ringcast_" + c.name(), c.help(), c::get);
            }
            else
            {
                CounterWithCallback.builder().name("ringcast_" + c.name()).help(c.help())
                    .callback(cb -> cb.call(c.get())).register(registry);
            }
        }
        CounterWithCallback.builder().name("ringcast_rejected").help("publishes refused, by reason")
            .labelNames("reason")
            .callback(cb ->
            {
                for (final RejectReason r : RejectReason.values())
                {
                    cb.call(metrics.rejected(r), r.label());
                }
            })
            .register(registry);
        gauge("ringcast_ring_depth", "ring slots published but not yet through every stage", engine::ringDepth);
        gauge("ringcast_ring_capacity", "ring slots", () -> engine.config().ringSize());
        gauge("ringcast_journal_head_seq", "the journal's highest seq", gauges.journalHead()::getAsLong);
        GaugeWithCallback.builder().name("ringcast_connections").help("open connections, by transport")
            .labelNames("transport")
            .callback(cb ->
            {
                cb.call(gauges.websocketConnections().getAsInt(), "websocket");
                cb.call(gauges.tcpConnections().getAsInt(), "tcp");
            })
            .register(registry);
        gauge("ringcast_subscriptions", "live subscriptions", () -> engine.registry().size());
        gauge("ringcast_subscription_clients", "clients holding subscriptions",
            () -> engine.registry().clientIds().size());
        gauge("ringcast_uptime_seconds", "seconds since the HTTP API started", gauges::uptimeSeconds);
        SummaryWithCallback.builder().name("ringcast_delivery_latency_seconds")
            .help("time from entering the ring to being handed to delivery, since start").unit(Unit.SECONDS)
            .callback(cb ->
            {
                final Histogram h = latency;
                final Quantiles.Builder q = Quantiles.builder();
                for (final double quantile : QUANTILES)
                {
                    q.quantile(new Quantile(quantile, h.getValueAtPercentile(quantile * 100) / NANOS_PER_SECOND));
                }
                cb.call(h.getTotalCount(), h.getMean() * h.getTotalCount() / NANOS_PER_SECOND, q.build());
            })
            .register(registry);
        GaugeWithCallback.builder().name("ringcast_delivery_latency_max_seconds")
            .help("largest time from entering the ring to being handed to delivery, since start")
            .callback(cb -> cb.call(latency.getMaxValue() / NANOS_PER_SECOND))
            .register(registry);
        policies = new PolicyMetrics(registry, engine.userPolicies(), policyGauges);
    }

    /** The content type {@link #scrape} writes for a request's {@code Accept} header (null: none). */
    String contentType(final String accept)
    {
        return writer(accept).getContentType();
    }

    /** Reads every metric now and writes them in the format {@code accept} asks for (Prometheus text by default). */
    byte[] scrape(final String accept) throws IOException
    {
        latency = metrics.latencyHistogram(); // once per scrape: the summary and the max read the same copy
        policies.snapshot();
        final ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        writer(accept).write(out, registry.scrape(),
            accept == null ? EscapingScheme.DEFAULT : EscapingScheme.fromAcceptHeader(accept));
        return out.toByteArray();
    }

    private ExpositionFormatWriter writer(final String accept)
    {
        return accept != null && openMetrics.accepts(accept) ? openMetrics : text;
    }

    private void gauge(final String name, final String help, final LongSupplier value)
    {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsLong())).register(registry);
    }
}
