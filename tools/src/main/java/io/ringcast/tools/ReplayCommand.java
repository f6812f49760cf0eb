package io.ringcast.tools;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import io.ringcast.client.RingcastPublisher;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.filter.FilterException;
import io.ringcast.engine.filter.FilterLimits;
import io.ringcast.engine.match.TopicPattern;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalReader;

/**
 * {@code ringcast replay}: reads the event journal in seq order and prints the selected events as JSON lines
 * or codec frames on stdout, with progress and a summary on stderr. Ends at {@code --to-seq} or at the head
 * the journal had when the replay started, so it terminates while a server keeps appending. A closed stdout
 * (a pipe into {@code head}) ends it quietly with status 0. Runs on the command line's thread; allocation free
 * per event except inside {@link JsonEventWriter}.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Print journaled events in seq order as JSON lines or codec frames.",
    description = {
        "Prints one JSON object per line with seq, topic, id, dedupKey (when set), priority, ts (epoch ms), attrs " +
            "(typed) and data (the payload: JSON when its content type is JSON and it parses, else base64).",
        "Ends at --to-seq or at the head the journal had when the replay started. Progress goes to stderr at " +
            "most once a second, then a summary line.",
        "With --republish HOST:PORT the events go to a running server's binary TCP port instead of stdout." })
public final class ReplayCommand implements Callable<Integer>
{
    /** Output formats of a replay. */
    public enum Format
    {
        /** One JSON object per line. */
        JSON,
        /** Per event a u32 little-endian length, then the engine codec bytes. */
        BINARY
    }

    private static final int OUTPUT_BUFFER = 64 * 1024;

    @ParentCommand
    private RingcastCli cli;

    @Spec
    private CommandSpec spec;

    @Mixin
    private DataDirectoryOption data;

    @Option(names = "--from-seq", paramLabel = "N", description = "Start at seq N (inclusive). Default: the oldest event.")
    private Long fromSeq;

    @Option(names = "--from-time", paramLabel = "ISO",
        description = "Start at the first event journaled at or after this time (2026-05-01T12:00:00Z; no offset " +
        "means UTC). Not with --from-seq.")
    private String fromTime;

    @Option(names = "--to-seq", paramLabel = "M",
        description = "Stop after seq M (inclusive). Default: the head when the replay starts.")
    private Long toSeq;

    @Option(names = "--topic", paramLabel = "PATTERN",
        description = "Only topics matching the pattern: '*' one segment, a final '>' one or more (models.>).")
    private String topic;

    @Option(names = "--filter", paramLabel = "EXPR",
        description = "Only events passing the filter, string form (severity == \"high\" && score >= 0.5) or JSON " +
        "form ({\"field\":...}).")
    private String filter;

    @Option(names = "--format", paramLabel = "json|binary", defaultValue = "json",
        description = "json (default): one object per line; binary: u32 LE length + codec bytes per event.")
    private Format format;

    @Option(names = { "-q", "--quiet" }, description = "No progress lines (the summary line is still printed).")
    private boolean quiet;

    @Option(names = "--republish", paramLabel = "HOST:PORT",
        description = "Send the events to a running server's binary TCP port instead of printing them. They keep " +
        "their ids and dedup keys, so events the server already holds come back as duplicates.")
    private String republish;

    @Option(names = "--rate", paramLabel = "N",
        description = "With --republish: at most N events a second (default: as fast as the server takes them).")
    private Long rate;

    @Option(names = "--token", paramLabel = "TOKEN", description = "With --republish: the token for the handshake.")
    private String token;

    @Override
    public Integer call() throws IOException
    {
        final long fromTimeMillis = validatePositions();
        final ReplaySelection selection = new ReplaySelection(topicPattern(), compiledFilter());

        final RingcastPublisher target = republishTarget();
        final OutputStream out = new BufferedOutputStream(new CheckedOutputStream(cli.out()), OUTPUT_BUFFER);
        final EventWriter writer = target != null ? new RepublishWriter(target, rate == null ? 0 : rate) :
            format == Format.BINARY ? new BinaryEventWriter(out) : new JsonEventWriter(out);
        final ReplayProgress progress;
        try (ChronicleJournal journal = JournalAccess.openJournal(data.directory());
            JournalReader reader = journal.newReader())
        {
            final long last = toSeq != null ? toSeq : journal.headSeq();
            if (fromTimeMillis != Long.MIN_VALUE)
            {
                reader.seekToTime(fromTimeMillis);
            }
            else
            {
                final long from = fromSeq == null ? 0 : fromSeq;
                if (from > 1 && from < journal.firstSeq())
                {
                    cli.err().println("replay: the journal starts at seq " + journal.firstSeq() + "; events before it " +
                        "are past retention");
                }
                reader.seekAfterSeq(Math.max(0, from - 1));
            }
            final EventView view = new EventView(JournalAccess.READ_LIMITS);
            // the clock starts once the journal is open and positioned: the rate is the replay's, not the JVM's start
            progress = new ReplayProgress(cli.err(), cli.nanoTime(), !quiet);
            while (reader.next(view))
            {
                final long seq = view.seq();
                if (seq > last)
                {
                    break;
                }
                if (selection.test(view))
                {
                    writer.write(view);
                    progress.onMatched();
                }
                if (progress.onScanned(seq))
                {
                    // a slow trickle of matches still reaches a pipe at least once a second
                    writer.flush();
                }
            }
            writer.flush();
        }
        catch (final CheckedOutputStream.OutputClosedException readerWentAway)
        {
            return RingcastCli.EXIT_OK;
        }
        finally
        {
            if (target != null && !(writer instanceof RepublishWriter))
            {
                target.close();
            }
        }
        progress.printSummary();
        return writer instanceof RepublishWriter ? finishRepublish((RepublishWriter)writer, target) : RingcastCli.EXIT_OK;
    }

    private int finishRepublish(final RepublishWriter writer, final RingcastPublisher target)
    {
        try
        {
            if (!writer.awaitAnswers(30_000))
            {
                cli.err().println("replay: the server stopped answering; some events have no answer");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            target.close();
        }
        writer.printSummary(cli.err());
        return writer.rejected() == 0 ? RingcastCli.EXIT_OK : RingcastCli.EXIT_FAILURE;
    }

    /** Connects to --republish's server, or returns null without that option. */
    private RingcastPublisher republishTarget()
    {
        if (republish == null)
        {
            if (rate != null || token != null)
            {
                throw usage("--rate and --token go with --republish");
            }
            return null;
        }
        if (rate != null && rate <= 0)
        {
            throw usage("--rate must be at least 1 event a second, was " + rate);
        }
        if (format == Format.BINARY)
        {
            throw usage("--republish sends events to a server; it cannot be combined with --format binary");
        }
        return TcpTarget.connect(spec, "--republish", republish, token, "ringcast-replay");
    }

    /** Checks the position options; returns the --from-time in epoch ms, or Long.MIN_VALUE without one. */
    private long validatePositions()
    {
        if (fromSeq != null && fromTime != null)
        {
            throw usage("--from-seq and --from-time cannot be used together: start at a seq or at a time");
        }
        if (fromSeq != null && fromSeq < 0)
        {
            throw usage("--from-seq must be 0 or more, was " + fromSeq);
        }
        if (toSeq != null && toSeq < 0)
        {
            throw usage("--to-seq must be 0 or more, was " + toSeq);
        }
        if (toSeq != null && fromSeq != null && toSeq < fromSeq)
        {
            throw usage("--to-seq " + toSeq + " is below --from-seq " + fromSeq);
        }
        if (fromTime == null)
        {
            return Long.MIN_VALUE;
        }
        try
        {
            return TimeArguments.parseInstant(fromTime);
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage("--from-time: " + ex.getMessage());
        }
    }

    private TopicPattern topicPattern()
    {
        if (topic == null)
        {
            return null;
        }
        try
        {
            return TopicPattern.parse(topic);
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage("--topic: " + ex.getMessage());
        }
    }

    private Filter compiledFilter()
    {
        if (filter == null)
        {
            return null;
        }
        try
        {
            if (filter.strip().startsWith("{"))
            {
                final Object tree = new ObjectMapper().readValue(filter, Object.class);
                return Filter.fromJson(tree, FilterLimits.DEFAULT);
            }
            return Filter.parse(filter);
        }
        catch (final FilterException ex)
        {
            throw usage("--filter: " + ex.getMessage());
        }
        catch (final JacksonException ex)
        {
            throw usage("--filter: not valid JSON: " + ex.getOriginalMessage());
        }
    }

    private ParameterException usage(final String message)
    {
        return new ParameterException(spec.commandLine(), message);
    }
}
