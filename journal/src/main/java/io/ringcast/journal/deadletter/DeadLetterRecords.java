package io.ringcast.journal.deadletter;

import java.nio.file.Path;

import net.openhft.chronicle.wire.WireIn;
import net.openhft.chronicle.wire.WireOut;

/**
 * The record layout of the dead-letter queue: one Chronicle Wire document per record, named fields, so
 * that {@code ChronicleQueue.dump()} of the folder is readable and fields can be added later.
 * <p>
 * Three record types form the log: {@code added} (a whole letter), {@code redriven} (id and time) and
 * {@code purged} (everything whose last failure is before a time). Every record also carries
 * {@code high}, the highest id assigned so far, so the id sequence survives even when the files holding
 * the newest {@code added} records have been deleted. Stateless; any thread.
 */
final class DeadLetterRecords
{
    static final String ADDED = "added";
    static final String REDRIVEN = "redriven";
    static final String PURGED = "purged";

    private DeadLetterRecords()
    {
    }

    /** A decoded record of the log. */
    sealed interface LogRecord permits Added, Redriven, Purged
    {
        /** The highest id assigned when the record was written. */
        long highId();
    }

    /** A letter was added. */
    record Added(DeadLetter letter) implements LogRecord
    {
        @Override
        public long highId()
        {
            return letter.id();
        }
    }

    /** Letter {@code id} was re-driven at {@code atMillis}. */
    record Redriven(long id, long atMillis, long highId) implements LogRecord
    {
    }

    /** Every letter then held whose last failure is before {@code beforeMillis} was purged. */
    record Purged(long beforeMillis, long highId) implements LogRecord
    {
    }

    static void writeAdded(final WireOut wire, final DeadLetter letter)
    {
        wire.write("type").text(ADDED);
        wire.write("high").int64(letter.id());
        wire.write("id").int64(letter.id());
        wire.write("subscription").text(letter.subscriptionId());
        wire.write("client").text(letter.clientId());
        wire.write("seq").int64(letter.seq());
        wire.write("reason").text(letter.reason().code());
        wire.write("attempts").int32(letter.attempts());
        wire.write("firstFailure").int64(letter.firstFailureMillis());
        wire.write("lastFailure").int64(letter.lastFailureMillis());
        wire.write("error").text(letter.lastError());
    }

    static void writeRedriven(final WireOut wire, final long id, final long atMillis, final long highId)
    {
        wire.write("type").text(REDRIVEN);
        wire.write("high").int64(highId);
        wire.write("id").int64(id);
        wire.write("at").int64(atMillis);
    }

    static void writePurged(final WireOut wire, final long beforeMillis, final long highId)
    {
        wire.write("type").text(PURGED);
        wire.write("high").int64(highId);
        wire.write("before").int64(beforeMillis);
    }

    /**
     * Decodes one document. Allocates the record and its strings.
     *
     * @param wire   the document's wire, positioned at its start.
     * @param index  the document's queue index, for the error message.
     * @param folder the queue folder, for the error message.
     * @return the record.
     * @throws IllegalStateException if the document is not a dead-letter record.
     */
    static LogRecord read(final WireIn wire, final long index, final Path folder)
    {
        final String type;
        try
        {
            type = wire.read("type").text();
        }
        catch (final RuntimeException ex)
        {
            throw notOurs(folder, index, "unreadable type field (" + ex + ")");
        }
        if (type == null)
        {
            throw notOurs(folder, index, "no type field");
        }
        try
        {
            final long highId = wire.read("high").int64();
            switch (type)
            {
                case ADDED:
                    return new Added(new DeadLetter(
                        wire.read("id").int64(),
                        wire.read("subscription").text(),
                        wire.read("client").text(),
                        wire.read("seq").int64(),
                        DeadLetterReason.fromCode(wire.read("reason").text()),
                        wire.read("attempts").int32(),
                        wire.read("firstFailure").int64(),
                        wire.read("lastFailure").int64(),
                        wire.read("error").text(),
                        0));
                case REDRIVEN:
                    return new Redriven(wire.read("id").int64(), wire.read("at").int64(), highId);
                case PURGED:
                    return new Purged(wire.read("before").int64(), highId);
                default:
                    throw notOurs(folder, index, "unknown type '" + type + "'");
            }
        }
        catch (final IllegalStateException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw notOurs(folder, index, "malformed '" + type + "' record (" + ex.getMessage() + ")");
        }
    }

    private static IllegalStateException notOurs(final Path folder, final long index, final String what)
    {
        return new IllegalStateException(folder + " does not hold a dead-letter queue: document at index 0x" +
            Long.toHexString(index) + " has " + what);
    }
}
