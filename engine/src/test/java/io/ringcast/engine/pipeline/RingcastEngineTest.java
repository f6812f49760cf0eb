package io.ringcast.engine.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.ringcast.engine.assemble.Batch;
import io.ringcast.engine.delivery.CloseReason;
import io.ringcast.engine.delivery.DeliveryPort;
import io.ringcast.engine.delivery.RecordingDelivery;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.journal.JournalPort;
import io.ringcast.engine.metrics.RejectReason;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.ClientStats;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.engine.util.ManualClock;

import static io.ringcast.engine.pipeline.EngineFixture.event;
import static io.ringcast.engine.pipeline.EngineFixture.publish;
import static io.ringcast.engine.pipeline.EngineFixture.subscription;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingcastEngineTest
{
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final BatchPolicy AT_END_OF_RING_BATCH = new BatchPolicy(100, 0);
    private static final BatchPolicy LONG_LINGER = BatchPolicy.ofMillis(100, 300_000);

    private final ManualClock clock = new ManualClock(1_700_000_000_000L);
    private final RecordingDelivery delivery = new RecordingDelivery();
    private final AckRecorder acks = new AckRecorder();
    private final CommandRecorder commands = new CommandRecorder();

    private EngineConfig.Builder config(final StageLayout layout)
    {
        return EngineConfig.builder().layout(layout).ringSize(1024).clock(clock).dedupMaxKeys(10_000);
    }

    @ParameterizedTest
    @EnumSource(StageLayout.class)
    void shouldDeliverMatchingEventsInSeqOrderOnlyAfterTheyAreJournaled(final StageLayout layout) throws Exception
    {
        final InMemoryJournal journal = new InMemoryJournal();
        try (RingcastEngine engine = RingcastEngine.start(config(layout).build(), journal, delivery))
        {
            engine.subscribe(subscription("c1", "s1", "models.>", null, AT_END_OF_RING_BATCH), commands);
            assertEquals(CommandStatus.OK, commands.awaitResult(0).status());
            final EnginePublisher publisher = engine.newPublisher();
            for (int i = 0; i < 60; i++)
            {
                final String topic = i % 6 == 5 ? "users.42.tasks" : "models.openai.gpt-" + i;
                assertEquals(PublishStatus.QUEUED, publish(publisher, event("e" + i, topic), acks, i));
            }
            final List<AckRecorder.Ack> answered = acks.awaitCount(60);
            final List<Long> expected = new ArrayList<>();
            for (final AckRecorder.Ack ack : answered)
            {
                assertEquals("accepted", ack.outcome());
                assertEquals(ack.correlationId() + 1, ack.seq(), "seq = previous + 1 from an empty journal");
                if (ack.correlationId() % 6 != 5)
                {
                    expected.add(ack.seq());
                }
            }
            delivery.await(() -> delivery.eventsFor("c1", "s1").size() == 50, WAIT, "50 events");
            final List<Long> delivered = delivery.eventsFor("c1", "s1").stream().map(Event::seq).toList();
            assertEquals(expected, delivered);
            for (final long seq : delivered)
            {
                assertEquals(seq, journal.read(seq).seq(), "every delivered event is in the journal");
            }
            final Subscription s = engine.registry().find("c1", "s1");
            delivery.await(() -> s.stats().eventsDelivered() == 50, WAIT, "stats");
            final ClientStats client = engine.registry().client("c1");
            assertEquals(1, client.subscriptions());
            assertEquals(1, client.active());
            assertEquals(50, client.eventsDelivered());
            assertEquals(60, engine.metrics().accepted.get());
            assertEquals(50, engine.metrics().matchedDeliveries.get());
            assertEquals(50, engine.metrics().eventsDelivered.get());
            assertEquals(50, engine.metrics().latencyHistogram().getTotalCount(), "one latency per delivered event");
        }
    }

    @Test
    void shouldDropRepeatOfDedupKeyInsideWindowAndReportOriginalSeq() throws Exception
    {
        try (RingcastEngine engine = RingcastEngine.start(config(StageLayout.COMPACT).build(), new InMemoryJournal(),
            delivery))
        {
            engine.subscribe(subscription("c1", "s1", "models.>", null, AT_END_OF_RING_BATCH), commands);
            final EnginePublisher publisher = engine.newPublisher();
            publish(publisher, event("a", "models.x"), acks, 1);
            publish(publisher, event("a", "models.x"), acks, 2);
            final Event keyed = new Event(0, "b", "key-1", "models.x", Priority.NORMAL, 0, null,
                io.ringcast.engine.event.ContentType.OPAQUE, new byte[0]);
            final Event sameKeyOtherId = new Event(0, "c", "key-1", "models.x", Priority.NORMAL, 0, null,
                io.ringcast.engine.event.ContentType.OPAQUE, new byte[0]);
            publish(publisher, keyed, acks, 3);
            publish(publisher, sameKeyOtherId, acks, 4);
            final List<AckRecorder.Ack> answered = acks.awaitCount(4);
            assertEquals(new AckRecorder.Ack(1, 1, "accepted", null), answered.get(0));
            assertEquals(new AckRecorder.Ack(2, 1, "duplicate", null), answered.get(1));
            assertEquals(new AckRecorder.Ack(3, 2, "accepted", null), answered.get(2));
            assertEquals(new AckRecorder.Ack(4, 2, "duplicate", null), answered.get(3));
            delivery.await(() -> delivery.eventsFor("c1", "s1").size() == 2, WAIT, "2 events");
            assertEquals(2, engine.metrics().duplicates.get());
        }
    }

    @Test
    void shouldAcceptRepeatAfterDedupWindowWithNextSeq() throws Exception
    {
        try (RingcastEngine engine = RingcastEngine.start(
            config(StageLayout.COMPACT).dedupWindow(Duration.ofSeconds(1)).build(), new InMemoryJournal(), delivery))
        {
            final EnginePublisher publisher = engine.newPublisher();
            publish(publisher, event("a", "models.x"), acks, 1);
            acks.awaitCount(1);
            clock.advance(2, TimeUnit.SECONDS);
            publish(publisher, event("a", "models.x"), acks, 2);
            assertEquals(new AckRecorder.Ack(2, 2, "accepted", null), acks.awaitCount(2).get(1));
        }
    }

    @Test
    void shouldContinueSeqFromJournalHead() throws Exception
    {
        final InMemoryJournal journal = new InMemoryJournal(1 << 20, 1024, 41,
            io.ringcast.engine.event.CodecLimits.DEFAULT);
        try (RingcastEngine engine = RingcastEngine.start(config(StageLayout.COMPACT).build(), journal, delivery))
        {
            engine.subscribe(subscription("c1", "s1", "models.>", null, AT_END_OF_RING_BATCH), commands);
            assertEquals(41, commands.awaitResult(0).seq(), "a command reports the head it applied at");
            publish(engine.newPublisher(), event("a", "models.x"), acks, 1);
            assertEquals(42, acks.awaitCount(1).get(0).seq());
        }
    }

    @ParameterizedTest
    @EnumSource(StageLayout.class)
    void shouldCloseBatchesOnMaxSizeAndThenOnLinger(final StageLayout layout) throws Exception
    {
        try (RingcastEngine engine = RingcastEngine.start(config(layout).build(), new InMemoryJournal(), delivery))
        {
            engine.subscribe(subscription("c1", "s1", "models.>", null, BatchPolicy.ofMillis(3, 60_000)), commands);
            final EnginePublisher publisher = engine.newPublisher();
            for (int i = 0; i < 7; i++)
            {
                publish(publisher, event("e" + i, "models.x"), acks, i);
            }
            acks.awaitCount(7);
            delivery.await(() -> delivery.batches().size() == 2, WAIT, "two full batches");
            // a command's answer comes from assemble in ring order: the 7th event's batch is open by then
            engine.unsubscribe("nobody", "x", commands);
            commands.awaitResult(1);
            clock.advance(59, TimeUnit.SECONDS);
            assertEquals(2, delivery.batches().size(), "the linger has not run out");
            clock.advance(2, TimeUnit.SECONDS);
            delivery.await(() -> delivery.batches().size() == 3, WAIT, "the lingering batch");
            final List<RecordingDelivery.Delivered> batches = delivery.batches();
            assertEquals(List.of(Batch.Trigger.SIZE, Batch.Trigger.SIZE, Batch.Trigger.LINGER),
                batches.stream().map(RecordingDelivery.Delivered::trigger).toList());
            assertEquals(List.of(3, 3, 1), batches.stream().map(b -> b.events().size()).toList());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L),
                delivery.eventsFor("c1", "s1").stream().map(Event::seq).toList());
        }
    }

    @ParameterizedTest
    @EnumSource(StageLayout.class)
    void shouldKeepAnEventForLaterSubscriptionsWhenAnEarlierOneClosesItsBatchOnIt(final StageLayout layout)
        throws Exception
    {
        try (RingcastEngine engine = RingcastEngine.start(config(layout).build(), new InMemoryJournal(), delivery))
        {
            // s1 comes first in match order and closes its batch on every event; s2 and s3 keep theirs open
            engine.subscribe(subscription("c1", "s1", "models.>", null, new BatchPolicy(1, 0)), commands);
            engine.subscribe(subscription("c1", "s2", "models.>", null, LONG_LINGER), commands);
            engine.subscribe(subscription("c2", "s3", "models.>", null, LONG_LINGER), commands);
            commands.awaitResult(2);
            final EnginePublisher publisher = engine.newPublisher();
            for (int i = 0; i < 5; i++)
            {
                publish(publisher, event("e" + i, "models.x"), acks, i);
            }
            acks.awaitCount(5);
            delivery.await(() -> delivery.eventsFor("c1", "s1").size() == 5, WAIT, "s1's five batches");
        }
        final List<String> ids = List.of("e0", "e1", "e2", "e3", "e4");
        assertEquals(ids, delivery.eventsFor("c1", "s1").stream().map(Event::id).toList());
        assertEquals(ids, delivery.eventsFor("c1", "s2").stream().map(Event::id).toList(), "flushed on close");
        assertEquals(ids, delivery.eventsFor("c2", "s3").stream().map(Event::id).toList(), "flushed on close");
    }

    @Test
    void shouldFlushAtOnceOnCriticalEventKeepingSeqOrder() throws Exception
    {
        try (RingcastEngine engine = RingcastEngine.start(config(StageLayout.PARALLEL).build(), new InMemoryJournal(),
            delivery))
        {
            engine.subscribe(subscription("c1", "s1", "models.>", null, LONG_LINGER), commands);
            final EnginePublisher publisher = engine.newPublisher();
            publish(publisher, event("n", "models.x"), acks, 1);
            publish(publisher, event("c", "models.x", Priority.CRITICAL, null), acks, 2);
            delivery.await(() -> delivery.batches().size() == 1, WAIT, "the critical flush");
            final RecordingDelivery.Delivered batch = delivery.batches().get(0);
            assertEquals(Batch.Trigger.CRITICAL, batch.trigger());
            assertEquals(List.of("n", "c"), batch.events().stream().map(Event::id).toList());
        }
    }

    @Test
    void shouldEnforceSubscriptionLimitsWithPreciseStatus() throws Exception
    {
        try (RingcastEngine engine = RingcastEngine.start(
            config(StageLayout.COMPACT).maxSubscriptionsPerClient(2).maxSubscriptions(3).build(), new InMemoryJournal(),
            delivery))
        {
            engine.subscribe(subscription("c1", "s1", "a", null, LONG_LINGER), commands);
            engine.subscribe(subscription("c1", "s2", "a", null, LONG_LINGER), commands);
            engine.subscribe(subscription("c1", "s3", "a", null, LONG_LINGER), commands);
            engine.subscribe(subscription("c1", "s1", "b", null, LONG_LINGER), commands);
            engine.subscribe(subscription("c2", "s1", "a", null, LONG_LINGER), commands);
            engine.subscribe(subscription("c3", "s1", "a", null, LONG_LINGER), commands);
            assertEquals(CommandStatus.OK, commands.awaitResult(0).status());
            assertEquals(CommandStatus.OK, commands.awaitResult(1).status());
            assertEquals(CommandStatus.CLIENT_LIMIT, commands.awaitResult(2).status());
            assertEquals(CommandStatus.DUPLICATE_SUBSCRIPTION, commands.awaitResult(3).status());
            assertEquals(CommandStatus.OK, commands.awaitResult(4).status());
            final CommandRecorder.Result last = commands.awaitResult(5);
            assertEquals(CommandStatus.TOTAL_LIMIT, last.status());
            assertEquals("c3", last.clientId());
            assertEquals("s1", last.subscriptionId());
            assertEquals(3, engine.registry().size());
            assertEquals(2, engine.registry().client("c1").subscriptions());
            assertNull(engine.registry().client("c3"));
        }
    }

    @Test
    void shouldHoldNothingWhilePausedAndResumeFromLive() throws Exception
    {
        try (RingcastEngine engine = RingcastEngine.start(config(StageLayout.COMPACT).build(), new InMemoryJournal(),
            delivery))
        {
            engine.subscribe(subscription("c1", "s1", "models.>", null, LONG_LINGER), commands);
            final EnginePublisher publisher = engine.newPublisher();
            publish(publisher, event("pending", "models.x"), acks, 1);
            engine.pause("c1", "s1", commands);
            publish(publisher, event("while-paused", "models.x"), acks, 2);
            engine.pause("c1", "s1", commands);
            engine.resume("c1", "s1", commands);
            publish(publisher, event("live", "models.x", Priority.CRITICAL, null), acks, 3);
            assertEquals(CommandStatus.OK, commands.awaitResult(1).status());
            assertEquals(CommandStatus.ALREADY_PAUSED, commands.awaitResult(2).status());
            assertEquals(CommandStatus.OK, commands.awaitResult(3).status());
            delivery.await(() -> delivery.batches().size() == 1, WAIT, "the live event");
            clock.advance(10, TimeUnit.MINUTES);
            engine.resume("c1", "s1", commands);
            assertEquals(CommandStatus.NOT_PAUSED, commands.awaitResult(4).status());
            assertEquals(List.of("live"), delivery.eventsFor("c1", "s1").stream().map(Event::id).toList());
        }
    }

    @Test
    void shouldDropPendingEventsOnUnsubscribeAndReportUnknownIds() throws Exception
    {
        try (RingcastEngine engine = RingcastEngine.start(config(StageLayout.PARALLEL).build(), new InMemoryJournal(),
            delivery))
        {
            engine.subscribe(subscription("c1", "s1", "models.>", null, LONG_LINGER), commands);
            publish(engine.newPublisher(), event("pending", "models.x"), acks, 1);
            engine.unsubscribe("c1", "s1", commands);
            engine.unsubscribe("c1", "s1", commands);
            assertEquals(CommandStatus.OK, commands.awaitResult(1).status());
            assertEquals(CommandStatus.UNKNOWN_SUBSCRIPTION, commands.awaitResult(2).status());
            delivery.await(() -> delivery.closed().size() == 1, WAIT, "close notice");
            assertEquals(new RecordingDelivery.Closed("c1", "s1", CloseReason.UNSUBSCRIBED), delivery.closed().get(0));
            clock.advance(10, TimeUnit.MINUTES);
            engine.unsubscribe("nobody", "x", commands);
            commands.awaitResult(3);
            assertTrue(delivery.batches().isEmpty());
            assertEquals(0, engine.registry().size());
        }
    }

    @Test
    void shouldRemoveEverySubscriptionOfAClient() throws Exception
    {
        try (RingcastEngine engine = RingcastEngine.start(config(StageLayout.COMPACT).build(), new InMemoryJournal(),
            delivery))
        {
            for (int i = 0; i < 3; i++)
            {
                engine.subscribe(subscription("c1", "s" + i, "models.>", null, AT_END_OF_RING_BATCH), commands);
            }
            engine.subscribe(subscription("c2", "s0", "models.>", null, AT_END_OF_RING_BATCH), commands);
            engine.unsubscribeClient("c1", commands);
            assertEquals(CommandStatus.OK, commands.awaitResult(4).status());
            publish(engine.newPublisher(), event("e", "models.x"), acks, 1);
            delivery.await(() -> delivery.batches().size() == 1, WAIT, "delivery to c2");
            assertEquals("c2", delivery.batches().get(0).clientId());
            assertEquals(3, delivery.closed().size());
            assertTrue(delivery.closed().stream().allMatch(c -> c.reason() == CloseReason.CLIENT_GONE));
            assertEquals(1, engine.registry().size());
            engine.unsubscribeClient("c1", commands);
            assertEquals(CommandStatus.UNKNOWN_CLIENT, commands.awaitResult(5).status());
        }
    }

    @Test
    void shouldExpireSubscriptionsIdlePastTheConfiguredTime() throws Exception
    {
        try (RingcastEngine engine = RingcastEngine.start(
            config(StageLayout.COMPACT).idleExpiry(Duration.ofMinutes(1), Duration.ofHours(1)).build(),
            new InMemoryJournal(), delivery))
        {
            engine.subscribe(subscription("c1", "quiet", "models.quiet", null, AT_END_OF_RING_BATCH), commands);
            engine.subscribe(subscription("c1", "busy", "models.busy", null, AT_END_OF_RING_BATCH), commands);
            commands.awaitResult(1);
            clock.advance(40, TimeUnit.SECONDS);
            publish(engine.newPublisher(), event("e", "models.busy"), acks, 1);
            delivery.await(() -> delivery.batches().size() == 1, WAIT, "delivery to busy");
            clock.advance(30, TimeUnit.SECONDS);
            engine.expireIdle();
            delivery.await(() -> delivery.closed().size() == 1, WAIT, "expiry");
            assertEquals(new RecordingDelivery.Closed("c1", "quiet", CloseReason.EXPIRED), delivery.closed().get(0));
            assertNotNull(engine.registry().find("c1", "busy"));
            assertEquals(1, engine.metrics().expiredSubscriptions.get());
        }
    }

    @ParameterizedTest
    @EnumSource(StageLayout.class)
    void shouldAnswerBusyWhenTheRingIsFullAndLoseNothingQueued(final StageLayout layout) throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch stalled = new CountDownLatch(1);
        final RecordingDelivery recorded = new RecordingDelivery();
        final DeliveryPort stalling = new DeliveryPort()
        {
            @Override
            public void deliver(final Batch batch)
            {
                try
                {
                    stalled.countDown();
                    release.await();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                recorded.deliver(batch);
            }

            @Override
            public void onSubscriptionClosed(final Subscription subscription, final CloseReason reason)
            {
            }
        };
        try (RingcastEngine engine = RingcastEngine.start(config(layout).ringSize(64).build(), new InMemoryJournal(),
            stalling))
        {
            engine.subscribe(subscription("c1", "s1", "models.>", null, new BatchPolicy(1, 0)), commands);
            commands.awaitResult(0);
            final EnginePublisher publisher = engine.newPublisher();
            int queued = 0;
            PublishStatus status = PublishStatus.QUEUED;
            while (status == PublishStatus.QUEUED && queued < 10_000)
            {
                final byte[] bytes = event("e" + queued, "models.x").toBytes();
                status = publisher.tryPublish(new UnsafeBuffer(bytes), 0, bytes.length, acks, queued);
                queued += status == PublishStatus.QUEUED ? 1 : 0;
            }
            assertEquals(PublishStatus.BUSY, status);
            assertTrue(engine.metrics().rejected(RejectReason.BUSY) >= 1);
            // the stages may still free slots they had not reached: once delivery is stuck, fill what they freed
            assertTrue(stalled.await(WAIT.toMillis(), TimeUnit.MILLISECONDS), "delivery stalled");
            while (queued < 10_000)
            {
                final byte[] bytes = event("e" + queued, "models.x").toBytes();
                if (publisher.tryPublish(new UnsafeBuffer(bytes), 0, bytes.length, acks, queued) != PublishStatus.QUEUED)
                {
                    break;
                }
                queued++;
            }
            assertFalse(engine.tryCommand(EventKind.PAUSE, null, "c1", "s1", commands),
                "a command is refused, not waited for, while the ring is full");
            release.countDown();
            final int expected = queued;
            recorded.await(() -> recorded.eventsFor("c1", "s1").size() == expected, WAIT, "every queued event");
            assertTrue(engine.tryCommand(EventKind.PAUSE, null, "c1", "s1", commands), "room again once drained");
            assertEquals(expected, acks.awaitCount(expected).stream().filter(a -> a.outcome().equals("accepted")).count());
        }
    }

    @Test
    void shouldRejectMalformedEventWithPreciseErrorAndQueueNothing() throws Exception
    {
        try (RingcastEngine engine = RingcastEngine.start(config(StageLayout.COMPACT).build(), new InMemoryJournal(),
            delivery))
        {
            final EnginePublisher publisher = engine.newPublisher();
            final byte[] bytes = event("e", "models.x").toBytes();
            assertEquals(PublishStatus.INVALID, publisher.publish(new UnsafeBuffer(bytes), 0, bytes.length - 1, acks, 1));
            assertTrue(publisher.errorMessage().contains("at byte"), publisher.errorMessage());
            assertEquals(1, engine.metrics().rejected(RejectReason.MALFORMED));
            publish(publisher, event("ok", "models.x"), acks, 2);
            assertEquals(new AckRecorder.Ack(2, 1, "accepted", null), acks.awaitCount(1).get(0));
            assertEquals(1, engine.metrics().published.get());
        }
    }

    @Test
    void shouldNotDeliverAnEventTheJournalFailedToStore() throws Exception
    {
        final InMemoryJournal memory = new InMemoryJournal();
        final JournalPort failing = new JournalPort()
        {
            @Override
            public long headSeq()
            {
                return 0;
            }

            @Override
            public void append(final EventView event)
            {
                if (event.seq() == 2)
                {
                    throw new IllegalStateException("disk full");
                }
                memory.append(event);
            }

            @Override
            public void flush()
            {
            }
        };
        try (RingcastEngine engine = RingcastEngine.start(config(StageLayout.PARALLEL).build(), failing, delivery))
        {
            engine.subscribe(subscription("c1", "s1", "models.>", null, AT_END_OF_RING_BATCH), commands);
            final EnginePublisher publisher = engine.newPublisher();
            for (int i = 1; i <= 3; i++)
            {
                publish(publisher, event("e" + i, "models.x"), acks, i);
            }
            final List<AckRecorder.Ack> answered = acks.awaitCount(3);
            assertEquals("failed", answered.get(1).outcome());
            assertTrue(answered.get(1).reason().contains("disk full"));
            delivery.await(() -> delivery.eventsFor("c1", "s1").size() == 2, WAIT, "the stored events");
            assertEquals(List.of("e1", "e3"), delivery.eventsFor("c1", "s1").stream().map(Event::id).toList());
            assertEquals(1, engine.metrics().rejected(RejectReason.JOURNAL_FAILED));
        }
    }

    @ParameterizedTest
    @EnumSource(StageLayout.class)
    void shouldDrainAndFlushOpenBatchesOnClose(final StageLayout layout) throws Exception
    {
        final RingcastEngine engine = RingcastEngine.start(config(layout).build(), new InMemoryJournal(), delivery);
        engine.subscribe(subscription("c1", "s1", "models.>", null, LONG_LINGER), commands);
        final EnginePublisher publisher = engine.newPublisher();
        for (int i = 0; i < 10; i++)
        {
            publish(publisher, event("e" + i, "models.x"), acks, i);
        }
        engine.close();
        assertEquals(10, acks.awaitCount(10).size());
        final List<RecordingDelivery.Delivered> batches = delivery.batches();
        assertEquals(1, batches.size());
        assertEquals(Batch.Trigger.SHUTDOWN, batches.get(0).trigger());
        assertEquals(10, batches.get(0).events().size());
        for (final Thread t : engine.stageThreads())
        {
            t.join(TimeUnit.SECONDS.toMillis(10));
            assertTrue(!t.isAlive(), t.getName() + " stopped");
        }
    }

    @Test
    void shouldReportCommandOutcomeAfterItTookEffect() throws Exception
    {
        try (RingcastEngine engine = RingcastEngine.start(config(StageLayout.PARALLEL).build(), new InMemoryJournal(),
            delivery))
        {
            engine.subscribe(subscription("c1", "s1", "models.>", null, AT_END_OF_RING_BATCH), commands);
            final CommandRecorder.Result result = commands.awaitResult(0);
            assertEquals(EventKind.SUBSCRIBE, result.kind());
            assertEquals("c1", result.clientId());
            assertEquals("s1", result.subscriptionId());
            assertTrue(engine.registry().find("c1", "s1").handle() >= 0);
        }
    }

    @Test
    void shouldRedriveAJournaledEventInABatchOfItsOwnAfterThePendingOne() throws Exception
    {
        final InMemoryJournal journal = new InMemoryJournal();
        try (RingcastEngine engine = RingcastEngine.start(config(StageLayout.COMPACT).build(), journal, delivery))
        {
            engine.subscribe(subscription("c1", "s1", "models.>", null, LONG_LINGER), commands);
            final EnginePublisher publisher = engine.newPublisher();
            publish(publisher, event("e1", "models.x"), acks, 1);
            publish(publisher, event("e2", "models.x"), acks, 2);
            acks.awaitCount(2);
            final byte[] old = journal.read(1).toBytes();
            engine.redrive("c1", "s1", new UnsafeBuffer(old), 0, old.length, commands);
            engine.redrive("c1", "gone", new UnsafeBuffer(old), 0, old.length, commands);
            assertEquals(CommandStatus.OK, commands.awaitResult(1).status());
            assertEquals(EventKind.REDRIVE, commands.awaitResult(1).kind());
            assertEquals(CommandStatus.UNKNOWN_SUBSCRIPTION, commands.awaitResult(2).status());
            final List<RecordingDelivery.Delivered> batches = delivery.batches();
            assertEquals(2, batches.size());
            assertEquals(List.of(1L, 2L), batches.get(0).events().stream().map(Event::seq).toList());
            assertEquals(List.of(1L), batches.get(1).events().stream().map(Event::seq).toList());
            assertEquals(Batch.Trigger.REDRIVE, batches.get(1).trigger());
            assertEquals(2, engine.metrics().accepted.get(), "a re-drive is not a new event");
        }
    }
}
