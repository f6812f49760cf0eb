package io.ringcast.tools;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ringcast dlq}: the dead letters of a journal folder ({@code list}, {@code show}, {@code purge}), and
 * {@code redrive} through a running server's HTTP API. Runs on the command line's thread.
 */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Inspect, re-drive and purge the dead letters (failed deliveries) of a journal folder.",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = { DlqListCommand.class, DlqShowCommand.class, DlqRedriveCommand.class, DlqPurgeCommand.class })
public final class DlqCommand implements Callable<Integer>
{
    @ParentCommand
    private RingcastCli cli;

    @Spec
    private CommandSpec spec;

    /** Without a subcommand: the usage on stderr, and a usage error status. */
    @Override
    public Integer call()
    {
        spec.commandLine().usage(cli.err());
        cli.err().println("ringcast dlq: missing COMMAND (list, show or purge)");
        return RingcastCli.EXIT_USAGE;
    }

    RingcastCli cli()
    {
        return cli;
    }
}
