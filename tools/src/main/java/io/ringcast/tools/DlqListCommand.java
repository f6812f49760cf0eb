package io.ringcast.tools;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import io.ringcast.journal.deadletter.DeadLetterPage;
import io.ringcast.journal.deadletter.DeadLetterQuery;
import io.ringcast.journal.deadletter.DeadLetterReason;
import io.ringcast.journal.deadletter.DeadLetterStore;

/** {@code ringcast dlq list}: one page of dead letters, newest first, optionally filtered. Command line's thread. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "List dead letters, newest first, one page at a time.")
public final class DlqListCommand implements Callable<Integer>
{
    @ParentCommand
    private DlqCommand dlq;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DataDirectoryOption data;

    @Option(names = "--reason", paramLabel = "CODE",
        description = "Only this reason: max_retries_exceeded, circuit_open, non_retryable, slow_consumer, timeout, " +
        "endpoint_gone, user_offline, hold_capacity.")
    private String reason;

    @Option(names = "--subscription", paramLabel = "ID", description = "Only letters of this subscription.")
    private String subscriptionId;

    @Option(names = "--client", paramLabel = "ID", description = "Only letters of this client.")
    private String clientId;

    @Option(names = "--page", paramLabel = "N", defaultValue = "1", description = "Page to show, from 1 (default 1).")
    private int page;

    @Option(names = "--page-size", paramLabel = "N", defaultValue = "50",
        description = "Letters per page, 1 to 1000 (default 50).")
    private int pageSize;

    @Option(names = "--format", paramLabel = "table|json", defaultValue = "table",
        description = "table (default): aligned columns and a page footer; json: one object per line.")
    private DeadLetterFormat.Format format;

    @Override
    public Integer call() throws Exception
    {
        final DeadLetterQuery query = query();
        final RingcastCli cli = dlq.cli();
        final DeadLetterPage result;
        try (DeadLetterStore store = JournalAccess.openDeadLetters(data.directory(), cli.clock()))
        {
            result = store == null ? new DeadLetterPage(List.of(), 0, query.page(), query.pageSize()) :
                store.list(query);
        }
        if (format == DeadLetterFormat.Format.JSON)
        {
            DeadLetterFormat.printJson(result.letters(), cli.out());
        }
        else
        {
            DeadLetterFormat.printTable(result, reason != null || subscriptionId != null || clientId != null,
                cli.out());
        }
        return RingcastCli.EXIT_OK;
    }

    private DeadLetterQuery query()
    {
        if (page < 1)
        {
            throw new ParameterException(spec.commandLine(), "--page must be 1 or more, was " + page);
        }
        if (pageSize < 1 || pageSize > DeadLetterQuery.MAX_PAGE_SIZE)
        {
            throw new ParameterException(spec.commandLine(),
                "--page-size must be 1.." + DeadLetterQuery.MAX_PAGE_SIZE + ", was " + pageSize);
        }
        final DeadLetterReason reasonFilter;
        try
        {
            reasonFilter = reason == null ? null : DeadLetterReason.fromCode(reason.strip().toLowerCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "--reason: " + ex.getMessage());
        }
        return new DeadLetterQuery(reasonFilter, blankToNull("--subscription", subscriptionId),
            blankToNull("--client", clientId), page - 1, pageSize);
    }

    private String blankToNull(final String option, final String value)
    {
        if (value != null && value.isBlank())
        {
            throw new ParameterException(spec.commandLine(), option + " must not be blank");
        }
        return value;
    }
}
