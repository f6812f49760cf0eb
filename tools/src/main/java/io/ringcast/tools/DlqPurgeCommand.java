package io.ringcast.tools;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import io.ringcast.journal.deadletter.DeadLetterStore;

/** {@code ringcast dlq purge --older-than ...}: removes old dead letters for good. Command line's thread. */
@Command(
    name = "purge",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Remove the dead letters whose last failure is older than a time or an age.")
public final class DlqPurgeCommand implements Callable<Integer>
{
    @ParentCommand
    private DlqCommand dlq;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DataDirectoryOption data;

    @Option(names = "--older-than", required = true, paramLabel = "TIME|AGE",
        description = "An ISO-8601 time (2026-05-01T00:00:00Z, 2026-05-01) or an age back from now " +
        "(7d, 12h, 30m, 90s, 2w, PT12H).")
    private String olderThan;

    @Override
    public Integer call()
    {
        final RingcastCli cli = dlq.cli();
        final long cutoff;
        try
        {
            cutoff = TimeArguments.parseCutoff(olderThan, cli.clock().millis());
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "--older-than: " + ex.getMessage());
        }
        final int purged;
        try (DeadLetterStore store = JournalAccess.openDeadLetters(data.directory(), cli.clock()))
        {
            purged = store == null ? 0 : store.purgeOlderThan(cutoff);
        }
        cli.out().println("purged " + purged + (purged == 1 ? " dead letter" : " dead letters") +
            " last failed before " + TimeArguments.format(cutoff));
        return RingcastCli.EXIT_OK;
    }
}
