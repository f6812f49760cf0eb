package io.ringcast.engine.pipeline;

import java.lang.management.ManagementFactory;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.ringcast.engine.delivery.CountingDelivery;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.event.PublishCallback;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.policy.DigestMode;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.policy.QuietHours;
import io.ringcast.engine.policy.RateLimits;
import io.ringcast.engine.policy.UserPolicyStats;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.util.ManualClock;

import static io.ringcast.engine.pipeline.EngineFixture.subscription;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The hot-path rule of DESIGN.md, measured: after warm-up, events through the whole ring (10k subscriptions
 * with equality, range and regex filters) allocate less than one byte per event on every stage thread.
 */
class EngineAllocationTest
{
    private static final int SUBSCRIPTIONS = 10_000;
    private static final int WARM_UP = 300_000;
    private static final int MEASURED = 1_000_000;
    private static final int ID_DIGITS = 12;

    @ParameterizedTest
    @EnumSource(StageLayout.class)
    void shouldAllocateLessThanOneBytePerEventOnEveryStageThread(final StageLayout layout) throws Exception
    {
        measure(layout, false);
    }

    /**
     * The same with the delivery policies on: per-user and global rate limits tight enough that events are deferred
     * and released all through the run, and preferences (priority floor, enabled topics, a digest) for the users.
     */
    @ParameterizedTest
    @EnumSource(StageLayout.class)
    void shouldAllocateLessThanOneBytePerEventWithDeliveryPoliciesOn(final StageLayout layout) throws Exception
    {
        measure(layout, true);
    }

    private static void measure(final StageLayout layout, final boolean policies) throws Exception
    {
        final CountingDelivery delivery = new CountingDelivery();
        final EngineConfig.Builder builder = EngineConfig.builder().layout(layout).ringSize(8192)
            .dedupMaxKeys(200_000);
        // with the policies on, time moves 1 µs per published event: the rate limits then defer the same share of
        // every stretch of the run, where the machine's speed would decide it with the real clock
        final ManualClock clock = policies ? new ManualClock(1_780_000_000_000L) : null;
        if (policies)
        {
            builder.clock(clock);
            // an event often matches several subscriptions of one user at once: a per-user rate without a burst spaces
            // those out, so they are deferred and released on the policy timers all through the run, while the
            // backlog stays bounded (a limit below the arrival rate would grow it for ever, and a growing backlog
            // allocates records and queue space: that is growth, not steady state)
            builder.rateLimits(new RateLimits(60 * 200_000, 1, 0, 0, 20_000_000, 100)).maxHeldEvents(1 << 20);
        }
        final EngineConfig config = builder.build();
        try (RingcastEngine engine = RingcastEngine.start(config, new InMemoryJournal(64 << 20, 1 << 20, 0,
            config.codecLimits()), delivery))
        {
            final CommandRecorder commands = new CommandRecorder();
            if (policies)
            {
                for (int u = 0; u < SUBSCRIPTIONS / 100; u++)
                {
                    final Preferences prefs = new Preferences(u % 2 == 0 ? Priority.NORMAL : Priority.LOW,
                        List.of(TopicPattern.parse("models.*.v1"), TopicPattern.parse("models.*.v2"),
                            TopicPattern.parse("models.m1" + (u % 10) + ".>")),
                        ZoneOffset.UTC, QuietHours.NONE, u % 3 == 1 ? DigestMode.DAILY : DigestMode.IMMEDIATE,
                        LocalTime.of(9, 0), 50, 0, null, null);
                    engine.setPreferences("client-" + u, prefs, null, null);
                }
            }
            for (int i = 0; i < SUBSCRIPTIONS; i++)
            {
                final int provider = i % 100;
                final String filter = "providerName == \"p" + provider + "\" && severity >= " + (i % 3) +
                    (i % 10 == 0 ? " && model matches \"^gpt-[0-9]+$\"" : "");
                engine.subscribe(subscription("client-" + (i / 100), "s" + i, "models.m" + (i / 100) + ".>",
                    Filter.parse(filter), BatchPolicy.DEFAULT), i == SUBSCRIPTIONS - 1 ? commands : null);
            }
            commands.awaitResult(0);

            final int[] lengths = new int[1024];
            final ExpandableArrayBuffer[] events = encodedEvents(lengths);
            final AtomicLong answered = new AtomicLong();
            final PublishCallback callback = new PublishCallback()
            {
                @Override
                public void onAccepted(final long correlationId, final long seq)
                {
                    answered.incrementAndGet();
                }

                @Override
                public void onDuplicate(final long correlationId, final long originalSeq)
                {
                    answered.incrementAndGet();
                }

                @Override
                public void onFailed(final long correlationId, final String reason)
                {
                    answered.incrementAndGet();
                }
            };
            final EnginePublisher publisher = engine.newPublisher();

            run(publisher, events, lengths, callback, 0, WARM_UP, answered, clock);
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            final List<Thread> stageThreads = engine.stageThreads();
            final long[] before = new long[stageThreads.size()];
            for (int i = 0; i < before.length; i++)
            {
                before[i] = threads.getThreadAllocatedBytes(stageThreads.get(i).getId());
            }
            final long deliveredBefore = delivery.events();
            final long matchedBefore = engine.metrics().matchedDeliveries.get();
            run(publisher, events, lengths, callback, WARM_UP, MEASURED, answered, clock);
            awaitQuiet(engine);
            final Map<String, Double> perEvent = new LinkedHashMap<>();
            for (int i = 0; i < before.length; i++)
            {
                final long bytes = threads.getThreadAllocatedBytes(stageThreads.get(i).getId()) - before[i];
                perEvent.put(stageThreads.get(i).getName(), bytes / (double)MEASURED);
            }
            final long delivered = delivery.events() - deliveredBefore;
            final long matched = engine.metrics().matchedDeliveries.get() - matchedBefore;
            assertTrue(matched > MEASURED / 200, "the filters matched a meaningful share: " + matched);
            // with the policies on, many matches are filtered, collected for a digest or deferred
            assertTrue(delivered > (policies ? 0 : MEASURED / 200), "delivered: " + delivered);
            assertEquals(WARM_UP + MEASURED, engine.metrics().accepted.get());
            System.out.println("bytes allocated per event, " + layout + (policies ? " with policies" : "") + ": " +
                perEvent);
            if (policies)
            {
                long deferred = 0;
                long waiting = 0;
                long filtered = 0;
                long digested = 0;
                for (final UserPolicyStats st : engine.userPolicies().allStats())
                {
                    deferred += st.deferredTotal();
                    waiting += st.deferredNow();
                    filtered += st.filteredTopic() + st.filteredPriority();
                    digested += st.digested();
                }
                System.out.println("matched per event " + matched / (double)MEASURED + "; policies: deferred " + deferred + " (" + waiting + " waiting at the end), filtered " + filtered + ", digested " +
                    digested);
                assertTrue(deferred > 0 && filtered > 0 && digested > 0,
                    "every policy took part: deferred " + deferred + ", filtered " + filtered + ", digested " + digested);
            }
            for (final Map.Entry<String, Double> e : perEvent.entrySet())
            {
                assertTrue(e.getValue() < 1.0, "bytes allocated per event by " + e.getKey() + ": " + perEvent);
            }
        }
    }

    private static void run(final EnginePublisher publisher, final ExpandableArrayBuffer[] events, final int[] lengths,
        final PublishCallback callback, final int from, final int count, final AtomicLong answered,
        final ManualClock clock)
    {
        for (int n = from; n < from + count; n++)
        {
            if (clock != null)
            {
                clock.advance(1, TimeUnit.MICROSECONDS);
            }
            final int k = n & (events.length - 1);
            setId(events[k], n);
            publisher.publish(events[k], 0, lengths[k], callback, n);
        }
        final long target = from + count;
        while (answered.get() < target)
        {
            Thread.onSpinWait();
        }
    }

    private static void awaitQuiet(final RingcastEngine engine) throws InterruptedException
    {
        // answers come from the journal stage; let assemble finish the tail and fire the last lingers
        while (engine.ringDepth() > 0)
        {
            Thread.sleep(1);
        }
        Thread.sleep(20);
    }

    private static ExpandableArrayBuffer[] encodedEvents(final int[] lengths)
    {
        final int n = lengths.length;
        final ExpandableArrayBuffer[] out = new ExpandableArrayBuffer[n];
        final java.util.Random random = new java.util.Random(42);
        for (int i = 0; i < n; i++)
        {
            final Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("providerName", "p" + random.nextInt(1000));
            attrs.put("severity", (long)random.nextInt(4));
            attrs.put("model", random.nextBoolean() ? "gpt-" + random.nextInt(10) : "claude-" + random.nextInt(10));
            attrs.put("score", random.nextDouble());
            final String topic = "models.m" + random.nextInt(200) + ".v" + random.nextInt(5);
            final Event event = new Event(0, "0".repeat(ID_DIGITS), "", topic,
                random.nextInt(50) == 0 ? Priority.CRITICAL : Priority.NORMAL, 1_700_000_000_000L, attrs,
                ContentType.JSON, "{\"text\":\"a model catalogue update of about this size\"}".getBytes());
            final byte[] bytes = event.toBytes();
            out[i] = new ExpandableArrayBuffer(512);
            out[i].putBytes(0, bytes);
            lengths[i] = bytes.length;
        }
        return out;
    }

    /** Writes {@code n} as the fixed-width decimal id, so every publish is a new dedup key. */
    private static void setId(final ExpandableArrayBuffer buffer, final long n)
    {
        long v = n;
        final int idStart = EventView.HEADER_LENGTH + 2;
        for (int i = ID_DIGITS - 1; i >= 0; i--)
        {
            buffer.putByte(idStart + i, (byte)('0' + (v % 10)));
            v /= 10;
        }
    }
}
