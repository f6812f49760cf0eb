package io.ringcast.transport.http;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import io.ringcast.engine.pipeline.RingcastEngine;

/**
 * The numbers {@code /health}, {@code /metrics} and {@code /api/stats} report that the engine does not hold: the
 * journal's head seq and the open connections of each transport, read through the server's suppliers at request
 * time, and the uptime of these routes. Immutable; any thread (the suppliers must be thread safe).
 *
 * @param engine               the engine
 * @param journalHead          the journal's highest seq
 * @param websocketConnections open connections of the WebSocket/HTTP port
 * @param tcpConnections       open connections of the binary TCP ingest
 * @param startedNanos         {@link System#nanoTime()} when the routes were built
 */
record ServerGauges(RingcastEngine engine, LongSupplier journalHead, IntSupplier websocketConnections,
    IntSupplier tcpConnections, long startedNanos)
{
    ServerGauges
    {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(journalHead, "journalHead");
        Objects.requireNonNull(websocketConnections, "websocketConnections");
        Objects.requireNonNull(tcpConnections, "tcpConnections");
    }

    /** Whole seconds since the routes were built. */
    long uptimeSeconds()
    {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }
}
