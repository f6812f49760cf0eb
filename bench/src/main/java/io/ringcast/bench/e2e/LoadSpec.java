package io.ringcast.bench.e2e;

import java.time.Duration;

/**
 * One load: how many subscriber connections, subscriptions per connection and how many subscriptions each message
 * reaches (fan-out), at what delivered rate, for how long, with what payload and publisher count. The topic layout
 * follows: {@code connections × subscriptionsPerConnection / fanOut} topics, each subscribed by {@code fanOut}
 * subscriptions on different connections; publishers send {@code deliveriesPerSecond / fanOut} messages per second
 * in all, spread evenly over the topics.
 *
 * @param deliveriesPerSecond        target deliveries (message × receiving subscription) per second
 * @param duration                   measured time
 * @param warmup                     time at the same rate before measuring (recorded separately, discarded)
 * @param connections                subscriber WebSocket connections
 * @param subscriptionsPerConnection subscriptions on each connection
 * @param fanOut                     subscriptions each message reaches
 * @param payloadBytes               message payload size (at least {@link Payloads#MIN_SIZE})
 * @param lingerMillis               Ringcast batch linger (0: send as soon as the engine has nothing more at hand)
 * @param publishers                 publisher connections (one thread each)
 */
public record LoadSpec(
    long deliveriesPerSecond,
    Duration duration,
    Duration warmup,
    int connections,
    int subscriptionsPerConnection,
    int fanOut,
    int payloadBytes,
    int lingerMillis,
    int publishers)
{
    /** Checks the ranges and that the subscriptions divide into topics evenly. */
    public LoadSpec
    {
        if (deliveriesPerSecond < 1 || connections < 1 || subscriptionsPerConnection < 1 || fanOut < 1 ||
            publishers < 1 || lingerMillis < 0)
        {
            throw new IllegalArgumentException("rate, connections, subscriptions, fan-out and publishers must be >= 1 " +
                "and linger >= 0");
        }
        if (fanOut > connections)
        {
            throw new IllegalArgumentException("fan-out " + fanOut + " needs at least as many connections, was " +
                connections);
        }
        if ((long)connections * subscriptionsPerConnection % fanOut != 0)
        {
            throw new IllegalArgumentException("connections × subscriptions per connection (" +
                (long)connections * subscriptionsPerConnection + ") must be a multiple of the fan-out " + fanOut);
        }
        if (payloadBytes < Payloads.MIN_SIZE)
        {
            throw new IllegalArgumentException("payload must be at least " + Payloads.MIN_SIZE + " bytes");
        }
    }

    /** Distinct topics. */
    public int topics()
    {
        return (int)((long)connections * subscriptionsPerConnection / fanOut);
    }

    /** Messages per second the publishers send in all. */
    public double publishesPerSecond()
    {
        return (double)deliveriesPerSecond / fanOut;
    }

    /** A copy at another delivered rate (the max-rate search steps this). */
    public LoadSpec withRate(final long newDeliveriesPerSecond)
    {
        return new LoadSpec(newDeliveriesPerSecond, duration, warmup, connections, subscriptionsPerConnection, fanOut,
            payloadBytes, lingerMillis, publishers);
    }
}
