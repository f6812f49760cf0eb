package io.ringcast.engine.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.subscription.CommandListener;
import io.ringcast.engine.subscription.CommandStatus;

/** Records command outcomes, for tests; waits on them. */
final class CommandRecorder implements CommandListener
{
    record Result(EventKind kind, String clientId, String subscriptionId, CommandStatus status, long seq)
    {
    }

    private final List<Result> results = new ArrayList<>();

    @Override
    public synchronized void onCommandResult(final EventKind kind, final String clientId, final String subscriptionId,
        final CommandStatus status, final long seq)
    {
        results.add(new Result(kind, clientId, subscriptionId, status, seq));
        notifyAll();
    }

    synchronized Result awaitResult(final int index) throws InterruptedException
    {
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (results.size() <= index)
        {
            final long left = deadline - System.nanoTime();
            if (left <= 0)
            {
                throw new AssertionError("timed out waiting for command result #" + index + ", have " + results);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return results.get(index);
    }
}
