package io.ringcast.journal.deadletter;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A test clock moved by hand; thread-safe so concurrent tests can share it. */
final class MutableClock extends Clock
{
    private final AtomicLong millis;

    MutableClock(final Instant start)
    {
        millis = new AtomicLong(start.toEpochMilli());
    }

    void advanceMillis(final long delta)
    {
        millis.addAndGet(delta);
    }

    @Override
    public long millis()
    {
        return millis.get();
    }

    @Override
    public Instant instant()
    {
        return Instant.ofEpochMilli(millis.get());
    }

    @Override
    public ZoneId getZone()
    {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(final ZoneId zone)
    {
        throw new UnsupportedOperationException("fixed to UTC");
    }
}
