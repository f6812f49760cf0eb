package io.ringcast.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import io.ringcast.engine.event.EventView;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalReader;
import io.ringcast.journal.deadletter.DeadLetter;
import io.ringcast.journal.deadletter.DeadLetterStore;

/**
 * {@code ringcast dlq show ID}: one dead letter in full, with the event it failed to deliver when the journal
 * still holds it. Command line's thread.
 */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Show one dead letter in full, with its event when the journal still holds it.")
public final class DlqShowCommand implements Callable<Integer>
{
    @ParentCommand
    private DlqCommand dlq;

    @Mixin
    private DataDirectoryOption data;

    @Parameters(index = "0", paramLabel = "ID", description = "The dead letter's id (the ID column of 'dlq list').")
    private long id;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
        description = "table (default): one labelled line per field; json: one object.")
    private DeadLetterFormat.Format format;

    @Override
    public Integer call() throws IOException
    {
        final RingcastCli cli = dlq.cli();
        final Optional<DeadLetter> found;
        try (DeadLetterStore store = JournalAccess.openDeadLetters(data.directory(), cli.clock()))
        {
            found = store == null ? Optional.empty() : store.get(id);
        }
        if (found.isEmpty())
        {
            throw new CliFailure("no dead letter " + id + " in " + data.directory() +
                " (unknown, purged or past retention)");
        }
        final DeadLetter letter = found.get();
        final String eventJson = eventJson(data.directory(), letter.seq());
        if (format == DeadLetterFormat.Format.JSON)
        {
            DeadLetterFormat.printJson(letter, eventJson, cli.out());
        }
        else
        {
            DeadLetterFormat.printDetail(letter, eventJson, cli.out());
        }
        return RingcastCli.EXIT_OK;
    }

    /** The replay JSON line of the event at {@code seq}, or null when the journal no longer holds it. */
    private static String eventJson(final Path directory, final long seq) throws IOException
    {
        try (ChronicleJournal journal = JournalAccess.openJournal(directory);
            JournalReader reader = journal.newReader())
        {
            reader.seekAfterSeq(seq - 1);
            final EventView view = new EventView(JournalAccess.READ_LIMITS);
            if (!reader.next(view) || view.seq() != seq)
            {
                return null;
            }
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            final JsonEventWriter writer = new JsonEventWriter(bytes);
            writer.write(view);
            writer.flush();
            return bytes.toString(StandardCharsets.UTF_8).strip();
        }
    }
}
