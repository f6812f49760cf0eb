package io.ringcast.engine.assemble;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.delivery.CloseReason;
import io.ringcast.engine.delivery.DeliveryPort;
import io.ringcast.engine.event.CodecError;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.event.EventSlot;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.metrics.EngineMetrics;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.engine.util.ManualClock;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The assemble stage driven slot by slot on the test thread, as its ring thread would. */
class AssembleStageTest
{
    private final ManualClock clock = new ManualClock(0);
    private final EngineMetrics metrics = new EngineMetrics();
    private final List<String> delivered = new ArrayList<>();
    private final List<Long> released = new ArrayList<>();
    private final DeliveryPort port = new DeliveryPort()
    {
        @Override
        public void deliver(final Batch batch)
        {
            final StringBuilder sb = new StringBuilder(batch.subscription().id()).append(':').append(batch.trigger());
            for (int i = 0; i < batch.size(); i++)
            {
                sb.append(' ').append(batch.get(i).seq());
            }
            delivered.add(sb.toString());
        }

        @Override
        public void onSubscriptionClosed(final Subscription subscription, final CloseReason reason)
        {
            delivered.add(subscription.id() + ":closed:" + reason);
        }

        @Override
        public void release(final EventRecord record)
        {
            released.add(record.seq());
        }
    };
    private final EventSlot slot = new EventSlot(CodecLimits.DEFAULT, 256);
    private long sequence;
    private long seq;

    @Test
    void shouldFlushEveryOpenBatchWhenTheRecordPoolRunsDry() throws Exception
    {
        final AssembleStage stage = new AssembleStage(port, clock, metrics, CodecLimits.DEFAULT, 16);
        final Subscription a = subscribe(stage, "a", 0, BatchPolicy.ofMillis(1000, 300_000));
        final Subscription b = subscribe(stage, "b", 1, BatchPolicy.ofMillis(1000, 300_000));
        for (int i = 0; i < 20; i++)
        {
            publish(stage, Priority.NORMAL, i % 2 == 0 ? new int[] {a.handle(), b.handle()} : new int[] {a.handle()});
        }
        assertEquals(1, metrics.forcedFlushes.get());
        assertEquals(List.of(
            "a:FORCED 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16",
            "b:FORCED 1 3 5 7 9 11 13 15"), delivered);
        assertEquals(16, released.size(), "each record released once, after its last batch");
        assertEquals(4, stage.pendingEvents());
        clock.advance(300, TimeUnit.SECONDS);
        stage.onTimeout(sequence);
        assertEquals("a:LINGER 17 18 19 20", delivered.get(2));
        assertEquals("b:LINGER 17 19", delivered.get(3));
        assertEquals(0, stage.pendingEvents());
        assertEquals(20, released.size());
    }

    @Test
    void shouldCloseZeroLingerBatchAtEndOfRingBatchOnly() throws Exception
    {
        final AssembleStage stage = new AssembleStage(port, clock, metrics, CodecLimits.DEFAULT, 64);
        final Subscription a = subscribe(stage, "a", 0, new BatchPolicy(100, 0));
        publish(stage, Priority.NORMAL, false, a.handle());
        publish(stage, Priority.NORMAL, false, a.handle());
        assertEquals(List.of(), delivered);
        publish(stage, Priority.NORMAL, true, a.handle());
        assertEquals(List.of("a:END_OF_BATCH 1 2 3"), delivered);
    }

    @Test
    void shouldNotLetAReusedHandleInheritTheOldSubscriptionsBatch() throws Exception
    {
        final AssembleStage stage = new AssembleStage(port, clock, metrics, CodecLimits.DEFAULT, 64);
        final Subscription a = subscribe(stage, "a", 0, new BatchPolicy(100, 0));
        publish(stage, Priority.NORMAL, false, a.handle());
        slot.command(EventKind.UNSUBSCRIBE, null, "c", "a", null, null, 0);
        slot.subscription(a);
        slot.matched().addInt(0);
        stage.onEvent(slot, sequence++, false);
        final Subscription b = subscribe(stage, "b", 0, BatchPolicy.ofMillis(100, 60_000));
        publish(stage, Priority.NORMAL, true, b.handle());
        assertEquals(List.of("a:closed:UNSUBSCRIBED"), delivered, "a's pending event is dropped, b lingers");
        clock.advance(61, TimeUnit.SECONDS);
        stage.onTimeout(sequence);
        assertEquals(List.of("a:closed:UNSUBSCRIBED", "b:LINGER 2"), delivered);
        assertEquals(List.of(1L, 2L), released);
    }

    private Subscription subscribe(final AssembleStage stage, final String id, final int handle, final BatchPolicy batch)
        throws Exception
    {
        final Subscription s = new Subscription("c", id, TopicPattern.parse("models.>"), null, batch, 0);
        s.handle(handle);
        slot.command(EventKind.SUBSCRIBE, s, "c", id, null, null, clock.nanoTime());
        stage.onEvent(slot, sequence++, false);
        return s;
    }

    private void publish(final AssembleStage stage, final Priority priority, final int... handles) throws Exception
    {
        publish(stage, priority, false, handles);
    }

    private void publish(final AssembleStage stage, final Priority priority, final boolean endOfBatch,
        final int... handles) throws Exception
    {
        final byte[] bytes = new Event(0, "e" + seq, "", "models.x", priority, 0, null, ContentType.OPAQUE,
            new byte[8]).toBytes();
        assertEquals(CodecError.NONE, slot.publish(new UnsafeBuffer(bytes), 0, bytes.length, null, 0, clock.nanoTime()));
        slot.seq(++seq, false);
        for (final int h : handles)
        {
            slot.matched().addInt(h);
        }
        stage.onEvent(slot, sequence++, endOfBatch);
    }
}
