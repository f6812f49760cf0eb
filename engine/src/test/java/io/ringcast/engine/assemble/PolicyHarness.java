package io.ringcast.engine.assemble;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;

import io.ringcast.engine.delivery.CloseReason;
import io.ringcast.engine.delivery.DeliveryPort;
import io.ringcast.engine.event.CodecError;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.event.EventSlot;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.journal.JournalPort;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.engine.metrics.EngineMetrics;
import io.ringcast.engine.policy.Preferences;
import io.ringcast.engine.policy.RateLimits;
import io.ringcast.engine.policy.UserPolicies;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.engine.subscription.Subscription;
import io.ringcast.engine.util.ManualClock;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Drives an {@link AssembleStage} slot by slot on the test thread, as its ring thread would, with a manual clock,
 * and records what it delivers as {@code "sub:TRIGGER seq seq ..."} lines (digests add {@code "of N"}).
 */
final class PolicyHarness
{
    final ManualClock clock;
    final EngineMetrics metrics = new EngineMetrics();
    final UserPolicies users = new UserPolicies();
    final List<String> delivered = new ArrayList<>();
    final List<String> deadLetters = new ArrayList<>();
    final List<String> saved = new ArrayList<>();
    final List<CommandStatus> answers = new ArrayList<>();
    final AssembleStage stage;
    boolean failSaves;
    private final EventSlot slot = new EventSlot(CodecLimits.DEFAULT, 256);
    private long sequence;
    private long seq;
    private int nextHandle;

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
            if (batch.digest())
            {
                sb.append(" of ").append(batch.digestCount());
            }
            delivered.add(sb.toString());
        }

        @Override
        public void onSubscriptionClosed(final Subscription subscription, final CloseReason reason)
        {
        }

        @Override
        public void undeliverable(final Subscription subscription, final EventRecord record, final String reason,
            final String detail)
        {
            deadLetters.add(subscription.id() + ":" + reason + " " + record.seq());
        }
    };

    private final JournalPort journal = new JournalPort()
    {
        @Override
        public long headSeq()
        {
            return 0;
        }

        @Override
        public void append(final io.ringcast.engine.event.EventView event)
        {
        }

        @Override
        public void flush()
        {
        }

        @Override
        public void appendState(final String record)
        {
            if (failSaves)
            {
                throw new IllegalStateException("disk full");
            }
            saved.add(record);
        }
    };

    PolicyHarness(final String startUtc, final RateLimits limits, final int maxHeld)
    {
        clock = new ManualClock(Instant.parse(startUtc).toEpochMilli());
        stage = new AssembleStage(port, journal, clock, metrics, CodecLimits.DEFAULT, 1024, limits, maxHeld, users);
    }

    Subscription subscribe(final String clientId, final String id, final String topic, final BatchPolicy batch)
    {
        final Subscription s = new Subscription(clientId, id, TopicPattern.parse(topic), null, batch,
            clock.epochMillis());
        s.handle(nextHandle++);
        slot.command(EventKind.SUBSCRIBE, s, clientId, id, null, this::answer, clock.nanoTime());
        stage.onEvent(slot, sequence++, true);
        return s;
    }

    Subscription subscribe(final String clientId, final String id)
    {
        return subscribe(clientId, id, "users.>", new BatchPolicy(100, 0));
    }

    void unsubscribe(final Subscription s)
    {
        slot.command(EventKind.UNSUBSCRIBE, null, s.clientId(), s.id(), null, this::answer, clock.nanoTime());
        slot.subscription(s);
        slot.matched().addInt(s.handle());
        stage.onEvent(slot, sequence++, true);
    }

    void preferences(final String user, final Preferences prefs)
    {
        preferences(user, prefs, null);
    }

    void preferences(final String user, final Preferences prefs, final String stateRecord)
    {
        slot.command(EventKind.PREFERENCES, null, user, null, null, this::answer, clock.nanoTime());
        slot.preferences(prefs);
        slot.stateRecord(stateRecord);
        stage.onEvent(slot, sequence++, true);
    }

    /** Publishes one event matching {@code subs} as a ring batch of its own; returns its seq. */
    long publish(final String topic, final Priority priority, final Subscription... subs)
    {
        final byte[] bytes = new Event(0, "e" + (seq + 1), "", topic, priority, 0, null, ContentType.OPAQUE,
            new byte[8]).toBytes();
        assertEquals(CodecError.NONE, slot.publish(new UnsafeBuffer(bytes), 0, bytes.length, null, 0, clock.nanoTime()));
        slot.seq(++seq, false);
        for (final Subscription s : subs)
        {
            slot.matched().addInt(s.handle());
        }
        stage.onEvent(slot, sequence++, true);
        return seq;
    }

    long publish(final Subscription... subs)
    {
        return publish("users.42.tasks", Priority.NORMAL, subs);
    }

    /** Moves the clock and lets the stage's timers run, as its idle wait would. */
    void advance(final long amount, final TimeUnit unit)
    {
        clock.advance(amount, unit);
        stage.onTimeout(sequence);
    }

    /** Moves the clock to {@code instantUtc} (forward only) and runs the timers. */
    void advanceTo(final String instantUtc)
    {
        final long target = Instant.parse(instantUtc).toEpochMilli();
        advance(target - clock.epochMillis(), TimeUnit.MILLISECONDS);
    }

    List<String> takeDelivered()
    {
        final List<String> out = new ArrayList<>(delivered);
        delivered.clear();
        return out;
    }

    private void answer(final EventKind kind, final String clientId, final String id, final CommandStatus status,
        final long headSeq)
    {
        answers.add(status);
    }
}
