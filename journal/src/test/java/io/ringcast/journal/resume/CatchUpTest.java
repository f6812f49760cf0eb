package io.ringcast.journal.resume;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.assemble.Batch;
import io.ringcast.engine.delivery.CloseReason;
import io.ringcast.engine.delivery.DeliveryPort;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.event.PublishCallback;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.EnginePublisher;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resume on a real Chronicle journal and a real engine, with publishers running through the catch-up. */
class CatchUpTest
{
    @TempDir
    Path dir;

    private final ExecutorService catchUpThreads = Executors.newSingleThreadExecutor();
    private final Map<Long, String> topicBySeq = new ConcurrentHashMap<>();
    private final AtomicLong acked = new AtomicLong();
    private ChronicleJournal journal;
    private RingcastEngine engine;

    @AfterEach
    void tearDown() throws Exception
    {
        if (engine != null)
        {
            engine.close();
        }
        if (journal != null)
        {
            journal.close();
        }
        catchUpThreads.shutdownNow();
    }

    @Test
    void shouldReplayThenGoLiveWithNoGapAndNoDuplicateWhileEventsKeepArriving() throws Exception
    {
        start();
        final EnginePublisher publisher = engine.newPublisher();
        publishMany(publisher, 0, 2000);
        awaitAcks(2000);

        final RecordingSink sink = new RecordingSink();
        final CatchUp catchUp = new CatchUp(journal, TopicPattern.parse("models.>"), Filter.parse("n >= 0"), 500,
            journal.epoch(), sink, 16 << 20);
        final Thread live = new Thread(() -> publishMany(engine.newPublisher(), 2000, 3000));
        live.start();
        subscribe(catchUp, "s1");
        live.join();
        awaitAcks(5000);

        final List<Long> expected = new ArrayList<>();
        topicBySeq.forEach((seq, topic) ->
        {
            if (seq > 500 && topic.startsWith("models."))
            {
                expected.add(seq);
            }
        });
        expected.sort(Long::compare);
        sink.await(() -> sink.seqs().size() >= expected.size(), "every matching event after 500");
        Thread.sleep(50); // nothing more may arrive: a duplicate would show up here
        assertEquals(expected, sink.seqs());
        assertTrue(sink.caughtUp > 0, "switched to live");
        assertEquals(List.of(), sink.gaps);
    }

    @Test
    void shouldReportGapAndGoLiveWhenTheSubscribersEpochIsNotTheJournals() throws Exception
    {
        start();
        publishMany(engine.newPublisher(), 0, 100);
        awaitAcks(100);
        final RecordingSink sink = new RecordingSink();
        final CatchUp catchUp = new CatchUp(journal, TopicPattern.parse("models.>"), null, 10, "another-epoch", sink,
            1 << 20);
        subscribe(catchUp, "s1");
        sink.await(() -> sink.caughtUp >= 0 && !sink.gaps.isEmpty(), "the gap");
        assertEquals(List.of(List.of(1L, 100L)), sink.gaps);
        publishMany(engine.newPublisher(), 100, 4);
        sink.await(() -> sink.seqs().size() == 2, "live events after the gap");
        assertEquals(List.of(101L, 103L), sink.seqs());
    }

    @Test
    void shouldReportGapWhenTheSubscriberIsAheadOfTheJournal() throws Exception
    {
        start();
        publishMany(engine.newPublisher(), 0, 10);
        awaitAcks(10);
        final RecordingSink sink = new RecordingSink();
        subscribe(new CatchUp(journal, TopicPattern.parse(">"), null, 25, journal.epoch(), sink, 1 << 20), "s1");
        sink.await(() -> !sink.gaps.isEmpty(), "the gap");
        assertEquals(List.of(List.of(11L, 25L)), sink.gaps);
    }

    @Test
    void shouldSendEventsHeldDuringTheReplayAfterItInOrder() throws Exception
    {
        start();
        publishMany(engine.newPublisher(), 0, 300);
        awaitAcks(300);
        final RecordingSink sink = new RecordingSink();
        final CatchUp catchUp = new CatchUp(journal, TopicPattern.parse("models.>"), null, 100, journal.epoch(), sink,
            1 << 20);
        final HeldExecutor held = new HeldExecutor();
        subscribe(catchUp, "s1", held);
        held.awaitTask();
        publishMany(engine.newPublisher(), 300, 200); // delivered live while the replay has not even begun
        awaitAcks(500);
        assertEquals(List.of(), sink.seqs(), "held back until the replay went out");
        held.release();
        sink.await(() -> sink.caughtUp > 0, "live");
        final List<Long> expected = new ArrayList<>();
        for (long seq = 101; seq <= 500; seq++)
        {
            if (topicBySeq.get(seq).startsWith("models."))
            {
                expected.add(seq);
            }
        }
        sink.await(() -> sink.seqs().size() >= expected.size(), "replayed and held events");
        assertEquals(expected, sink.seqs());
    }

    @Test
    void shouldGiveUpWhenLiveTrafficOutrunsTheBuffer() throws Exception
    {
        start();
        publishMany(engine.newPublisher(), 0, 10);
        awaitAcks(10);
        final RecordingSink sink = new RecordingSink();
        final CatchUp catchUp = new CatchUp(journal, TopicPattern.parse("models.>"), null, 0, journal.epoch(), sink,
            1024);
        final HeldExecutor held = new HeldExecutor();
        subscribe(catchUp, "s1", held);
        held.awaitTask();
        publishMany(engine.newPublisher(), 10, 200); // ~100 matching events of ~60 bytes: past 1 KiB
        awaitAcks(210);
        held.release();
        sink.await(() -> sink.overflowed, "the overflow");
        assertEquals(-1, sink.caughtUp, "never went live");
        assertTrue(catchUp.offer(null), "an overflowed catch-up swallows further batches");
    }

    /** Runs the catch-up task only when told to, so a test decides what happens during the replay. */
    static final class HeldExecutor implements java.util.concurrent.Executor
    {
        private final java.util.concurrent.CompletableFuture<Runnable> task = new java.util.concurrent.CompletableFuture<>();

        @Override
        public void execute(final Runnable command)
        {
            task.complete(command);
        }

        void awaitTask() throws Exception
        {
            task.get(20, TimeUnit.SECONDS);
        }

        void release() throws Exception
        {
            new Thread(task.get()).start();
        }
    }

    private void start()
    {
        journal = ChronicleJournal.open(JournalConfig.defaults(dir));
        engine = RingcastEngine.start(EngineConfig.builder().build(), journal, new DeliveryPort()
        {
            @Override
            public void deliver(final Batch batch)
            {
                final CatchUp catchUp = (CatchUp)batch.subscription().attachment();
                if (!catchUp.offer(batch))
                {
                    final RecordingSink sink = (RecordingSink)catchUp.sink();
                    for (int i = 0; i < batch.size(); i++)
                    {
                        sink.onEvent(batch.get(i).view());
                    }
                }
            }

            @Override
            public void onSubscriptionClosed(final Subscription subscription, final CloseReason reason)
            {
            }
        });
    }

    private void subscribe(final CatchUp catchUp, final String id)
    {
        subscribe(catchUp, id, catchUpThreads);
    }

    private void subscribe(final CatchUp catchUp, final String id, final java.util.concurrent.Executor executor)
    {
        final Subscription s = new Subscription("c1", id, catchUp.pattern(), null, new BatchPolicy(100, 0), 0);
        s.attachment(catchUp);
        engine.subscribe(s, (kind, client, sub, status, seq) ->
        {
            if (kind == EventKind.SUBSCRIBE && status == CommandStatus.OK)
            {
                catchUp.start(seq, executor);
            }
        });
    }

    private void publishMany(final EnginePublisher publisher, final int from, final int count)
    {
        final PublishCallback callback = new PublishCallback()
        {
            @Override
            public void onAccepted(final long correlationId, final long seq)
            {
                topicBySeq.put(seq, correlationId % 2 == 0 ? "models.x" : "users.y");
                acked.incrementAndGet();
            }

            @Override
            public void onDuplicate(final long correlationId, final long originalSeq)
            {
                acked.incrementAndGet();
            }

            @Override
            public void onFailed(final long correlationId, final String reason)
            {
                acked.incrementAndGet();
            }
        };
        for (int i = from; i < from + count; i++)
        {
            final byte[] bytes = new Event(0, "e" + i, "", i % 2 == 0 ? "models.x" : "users.y", Priority.NORMAL,
                i, Map.of("n", (long)i), ContentType.JSON, "{}".getBytes(StandardCharsets.UTF_8)).toBytes();
            publisher.publish(new UnsafeBuffer(bytes), 0, bytes.length, callback, i);
        }
    }

    private void awaitAcks(final long n) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (acked.get() < n)
        {
            if (System.nanoTime() > deadline)
            {
                throw new AssertionError("acks: " + acked.get() + " of " + n);
            }
            Thread.sleep(1);
        }
    }

    /** Collects what a subscriber would receive, from the catch-up thread and then the assemble thread. */
    static final class RecordingSink implements CatchUpSink
    {
        private final List<Long> seqs = new ArrayList<>();
        final List<List<Long>> gaps = new ArrayList<>();
        volatile long caughtUp = -1;
        volatile boolean overflowed;

        @Override
        public synchronized void onGap(final long fromSeq, final long toSeq)
        {
            gaps.add(List.of(fromSeq, toSeq));
            notifyAll();
        }

        @Override
        public synchronized void onEvent(final EventView event)
        {
            seqs.add(event.seq());
            notifyAll();
        }

        @Override
        public synchronized void onCaughtUp(final long lastSeq)
        {
            caughtUp = lastSeq;
            notifyAll();
        }

        @Override
        public synchronized void onOverflow()
        {
            overflowed = true;
            notifyAll();
        }

        @Override
        public synchronized void onFailure(final Exception cause)
        {
            throw new AssertionError("catch-up failed", cause);
        }

        synchronized List<Long> seqs()
        {
            return new ArrayList<>(seqs);
        }

        synchronized void await(final java.util.function.BooleanSupplier condition, final String what)
            throws InterruptedException
        {
            final long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (!condition.getAsBoolean())
            {
                final long left = deadline - System.nanoTime();
                if (left <= 0)
                {
                    throw new AssertionError("timed out waiting for " + what + "; have " + seqs.size() + " events, gaps " +
                        gaps + ", caughtUp " + caughtUp);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }
}
