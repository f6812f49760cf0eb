package io.ringcast.journal.deadletter;

import java.util.Objects;

/**
 * One failed delivery as held by the {@link DeadLetterStore}: which event ({@code seq}) could not be
 * delivered to which subscription of which client, why, and when.
 * <p>
 * Immutable value; any thread. Times are epoch milliseconds.
 *
 * @param id                 assigned by the store; positive, increasing, never reused (also after a restart).
 * @param subscriptionId     the subscription the event was matched for.
 * @param clientId           the client (connection owner or webhook owner) of that subscription.
 * @param seq                the journal sequence of the event that was not delivered.
 * @param reason             why the delivery was given up.
 * @param attempts           how many delivery attempts were made (0 when none could be made).
 * @param firstFailureMillis when the first attempt failed.
 * @param lastFailureMillis  when the last attempt failed; not before {@code firstFailureMillis}.
 * @param lastError          the error text of the last attempt; empty when there was none.
 * @param redrivenMillis     when the letter was re-driven, or 0 when it has not been.
 */
public record DeadLetter(
    long id,
    String subscriptionId,
    String clientId,
    long seq,
    DeadLetterReason reason,
    int attempts,
    long firstFailureMillis,
    long lastFailureMillis,
    String lastError,
    long redrivenMillis)
{
    /**
     * Checks the invariants above.
     *
     * @throws IllegalArgumentException or {@link NullPointerException} naming the offending component.
     */
    public DeadLetter
    {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(lastError, "lastError");
        if (id <= 0)
        {
            throw new IllegalArgumentException("dead-letter id must be positive: " + id);
        }
        if (attempts < 0)
        {
            throw new IllegalArgumentException("attempts must not be negative: " + attempts);
        }
        if (lastFailureMillis < firstFailureMillis)
        {
            throw new IllegalArgumentException("lastFailureMillis " + lastFailureMillis +
                " is before firstFailureMillis " + firstFailureMillis);
        }
        if (redrivenMillis < 0)
        {
            throw new IllegalArgumentException("redrivenMillis must not be negative: " + redrivenMillis);
        }
    }

    /**
     * Whether this letter has been re-driven (it is then never re-driven again).
     *
     * @return {@code redrivenMillis() != 0}.
     */
    public boolean redriven()
    {
        return redrivenMillis != 0;
    }

    /**
     * A copy marked as re-driven at {@code atMillis}. Allocates the copy.
     *
     * @param atMillis when the re-drive was recorded; positive.
     * @return the marked copy.
     */
    DeadLetter withRedriven(final long atMillis)
    {
        return new DeadLetter(id, subscriptionId, clientId, seq, reason, attempts,
            firstFailureMillis, lastFailureMillis, lastError, atMillis);
    }
}
