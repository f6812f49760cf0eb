package io.ringcast.bench.e2e;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import org.agrona.concurrent.UnsafeBuffer;

import io.ringcast.client.Ack;
import io.ringcast.client.RingcastPublisher;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.EventEncoder;

/**
 * A Ringcast publisher over the binary TCP ingest, through the SDK's {@link RingcastPublisher} with its default
 * settings (10,000 publishes in flight; at that bound {@code publish} waits, which the open-loop schedule then
 * counts as lateness). Each message is an event on topic {@code bench.t<k>} with content type JSON, the payload as
 * given and a fresh id {@code b<n>-<counter>} (no dedup key, so the id is the key and no message is a repeat).
 * <p>
 * The event is encoded in place into one reused buffer; the SDK copies it into its frame and allocates the answer
 * future, the only allocation per message besides the {@code whenComplete} stage counting failures.
 * <p>
 * Threads: {@link #publish} and {@link #close} from one publisher thread; {@link #errors} from any.
 */
final class RingcastBenchPublisher implements BenchPublisher
{
    private static final int ENVELOPE_BYTES = 512;

    private final RingcastPublisher client;
    private final String[] topicNames;
    private final EventEncoder encoder = new EventEncoder();
    private final byte[] encoded;
    private final UnsafeBuffer buffer;
    // the id is rebuilt in place per message: setLength + append(long) do not allocate
    private final StringBuilder id = new StringBuilder(32);
    private final int idPrefixLength;
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final BiConsumer<Ack, Throwable> onAnswer = (ack, failure) ->
    {
        if (failure != null)
        {
            errors.incrementAndGet();
            firstError.compareAndSet(null, failure.toString());
        }
    };
    private long counter;

    RingcastBenchPublisher(final RingcastPublisher client, final int number, final int topics, final int payloadBytes)
    {
        this.client = client;
        this.topicNames = new String[topics];
        for (int k = 0; k < topics; k++)
        {
            topicNames[k] = RingcastSystem.topic(k);
        }
        this.encoded = new byte[payloadBytes + ENVELOPE_BYTES];
        this.buffer = new UnsafeBuffer(encoded);
        id.append('b').append(number).append('-');
        this.idPrefixLength = id.length();
    }

    @Override
    public void publish(final int topic, final byte[] payload)
    {
        id.setLength(idPrefixLength);
        id.append(++counter);
        final int length = encoder.wrap(buffer, 0)
            .contentType(ContentType.JSON)
            .timestamp(System.currentTimeMillis())
            .id(id)
            .dedupKey("")
            .topic(topicNames[topic])
            .payload(payload);
        client.publish(encoded, 0, length).whenComplete(onAnswer);
    }

    @Override
    public long errors()
    {
        return errors.get();
    }

    @Override
    public String firstError()
    {
        return firstError.get();
    }

    @Override
    public void close()
    {
        client.close();
    }
}
