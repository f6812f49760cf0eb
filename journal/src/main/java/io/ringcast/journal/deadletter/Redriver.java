package io.ringcast.journal.deadletter;

import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.ringcast.engine.event.EventKind;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.engine.subscription.CommandStatus;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalReader;

/**
 * Re-drives dead letters: reads the letter's event back from the journal, re-injects it into the running engine
 * as a REDRIVE command for the letter's subscription, and marks the letter once the engine has applied it, so a
 * letter is delivered again at most once. Any thread; re-drives are serialised (they are operator actions).
 */
public final class Redriver
{
    private final DeadLetterStore store;
    private final ChronicleJournal journal;
    private final RingcastEngine engine;

    /** A re-driver over the server's own store, journal and engine. */
    public Redriver(final DeadLetterStore store, final ChronicleJournal journal, final RingcastEngine engine)
    {
        this.store = store;
        this.journal = journal;
        this.engine = engine;
    }

    /**
     * Re-drives letter {@code id} and returns it marked.
     *
     * @throws NoSuchElementException when there is no such letter, or its event is no longer in the journal
     * @throws IllegalStateException  when it was already re-driven, or its subscription no longer exists
     */
    public synchronized DeadLetter redrive(final long id) throws InterruptedException
    {
        final DeadLetter letter = store.get(id)
            .orElseThrow(() -> new NoSuchElementException("no dead letter " + id));
        if (letter.redriven())
        {
            throw new IllegalStateException("dead letter " + id + " was already re-driven at " +
                java.time.Instant.ofEpochMilli(letter.redrivenMillis()));
        }
        final CompletableFuture<CommandStatus> outcome = new CompletableFuture<>();
        try (JournalReader reader = journal.newReader())
        {
            final EventView view = new EventView(journal.limits());
            reader.seekAfterSeq(letter.seq() - 1);
            if (!reader.next(view) || view.seq() != letter.seq())
            {
                throw new NoSuchElementException("event seq " + letter.seq() + " of dead letter " + id +
                    " is no longer in the journal (first held: " + journal.firstSeq() + ")");
            }
            engine.redrive(letter.clientId(), letter.subscriptionId(), view.buffer(), view.offset(), view.length(),
                (kind, client, subscription, status, seq) ->
                {
                    if (kind == EventKind.REDRIVE)
                    {
                        outcome.complete(status);
                    }
                });
        }
        final CommandStatus status;
        try
        {
            status = outcome.get(30, TimeUnit.SECONDS);
        }
        catch (final ExecutionException | TimeoutException ex)
        {
            throw new IllegalStateException("the engine did not apply the re-drive of dead letter " + id, ex);
        }
        if (status != CommandStatus.OK)
        {
            throw new IllegalStateException("cannot re-drive dead letter " + id + " to " + letter.clientId() + "/" +
                letter.subscriptionId() + ": " + status.message());
        }
        return store.markRedriven(id);
    }
}
