package io.ringcast.bench.e2e;

import java.net.URI;

/**
 * How a WebSocket subscriber speaks to one system: where to connect, which WebSocket subprotocol, and a per-connection
 * {@link SubscriberSession} that subscribes and answers the server's keep-alives. The WebSocket client, and the
 * measuring of every received frame, are the harness's and the same for every system.
 */
public interface SubscriberProtocol
{
    /** The WebSocket URL for subscriber connection {@code connection}. */
    URI uri(int connection);

    /** The WebSocket subprotocol to ask for (e.g. {@code mqtt}), or null. */
    String subprotocol();

    /** A session for one connection that will subscribe to {@code topics}. */
    SubscriberSession open(int connection, int[] topics);
}
