package io.ringcast.bench.e2e;

/**
 * Which topics each subscriber connection subscribes (the layout {@link LoadSpec} describes). Subscription slot
 * {@code j = c × S + s} (connection {@code c}, its {@code s}-th subscription) takes topic {@code j mod T}, with
 * {@code T = C × S / fanOut} topics. Topic {@code k} is then held by slots {@code k, k + T, …, k + (fanOut−1)·T}:
 * exactly {@code fanOut} of them, on distinct connections because {@code T ≥ S} (as {@code C ≥ fanOut}), and a
 * connection's {@code S} topics are distinct because {@code S ≤ T}. Stateless; any thread.
 */
public final class TopicLayout
{
    private TopicLayout()
    {
    }

    /** The topics of connection {@code connection} under {@code spec}. Allocates the array. */
    public static int[] topicsOf(final LoadSpec spec, final int connection)
    {
        if (connection < 0 || connection >= spec.connections())
        {
            throw new IllegalArgumentException("connection " + connection + " is outside 0.." +
                (spec.connections() - 1));
        }
        final int perConnection = spec.subscriptionsPerConnection();
        final int topics = spec.topics();
        final int[] result = new int[perConnection];
        for (int s = 0; s < perConnection; s++)
        {
            result[s] = (int)(((long)connection * perConnection + s) % topics);
        }
        return result;
    }
}
