package io.ringcast.tools;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import io.ringcast.client.ConnectionListener;
import io.ringcast.client.ConnectionLostException;
import io.ringcast.client.ReceivedEvent;
import io.ringcast.client.RingcastSubscriber;
import io.ringcast.client.SubscriberConfig;
import io.ringcast.client.SubscriptionListener;
import io.ringcast.client.SubscriptionRefusedException;
import io.ringcast.client.SubscriptionSpec;

/**
 * {@code ringcast subscribe}: subscribes to a running server over WebSocket with the Java SDK's
 * {@link RingcastSubscriber} and prints every event as one JSON line on stdout until interrupted or until
 * {@code --count} events; connection news, gaps and errors go to stderr. Drops are repaired by reconnecting and
 * resuming from the last seq printed. The command line's thread waits; the subscriber's listener thread prints.
 */
@Command(
    name = "subscribe",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Subscribe to a running server over WebSocket; print each event as a JSON line until interrupted.",
    description = {
        "Prints each matching event as it arrives, one JSON object per line, in seq order, as the server sent it: " +
            "{\"seq\":..,\"topic\":..,\"id\":..,\"priority\":\"high\",\"ts\":..,\"attrs\":{..},\"data\":..} " +
            "(the same shape as 'ringcast replay').",
        "When the connection drops it reconnects (backoff with jitter, without limit) and resumes after the last " +
            "seq printed: nothing is lost or printed twice. History the server no longer holds is reported on " +
            "stderr as a gap. Ctrl-C stops it; stderr then says how to resume (--since SEQ --epoch E).",
        "Exits 0 after --count events or on Ctrl-C, 1 when the server cannot be reached or refuses the " +
            "subscription (bad topic or filter), 2 on a usage error." })
public final class SubscribeCommand implements Callable<Integer>
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "cli";

    @ParentCommand
    private RingcastCli cli;

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "ws://127.0.0.1:8080/ws",
        description = "The server's WebSocket endpoint (default: ws://127.0.0.1:8080/ws).")
    private String url;

    @Option(names = "--topic", paramLabel = "PATTERN", required = true,
        description = "Topic pattern: dot-separated, '*' one segment, a final '>' the rest (models.>, users.*.tasks).")
    private String topic;

    @Option(names = "--filter", paramLabel = "FILTER",
        description = "Filter on attributes and built-ins, string form (severity == \"high\" && score >= 0.5) or " +
            "JSON form ({\"operator\":\"AND\",\"conditions\":[..]}).")
    private String filter;

    @Option(names = "--since", paramLabel = "SEQ",
        description = "Start after this seq: the journal's history after it first, then live (0: all history; " +
            "default: live only).")
    private Long since;

    @Option(names = "--epoch", paramLabel = "EPOCH",
        description = "The journal epoch --since belongs to (printed on stderr at exit); another epoch means a gap.")
    private String epoch;

    @Option(names = "--batch-max", paramLabel = "N",
        description = "Events per server message, 1..1000 (default: the server's, 100).")
    private Integer batchMax;

    @Option(names = "--linger-ms", paramLabel = "MS",
        description = "How long the server may hold an event for a fuller batch, 0..300000 (default: the server's).")
    private Long lingerMs;

    @Option(names = "--user", paramLabel = "ID",
        description = "Client id on a server without auth (?user=ID; default: one the server makes up).")
    private String user;

    @Option(names = "--token", paramLabel = "TOKEN",
        description = "Bearer token for a server with auth (sent as Authorization: Bearer).")
    private String token;

    @Option(names = "--count", paramLabel = "N",
        description = "Exit after printing N events (default: run until interrupted).")
    private Long count;

    @Override
    public Integer call() throws InterruptedException
    {
        final SubscriptionSpec subscription = subscription();
        final SubscriberConfig config;
        try
        {
            config = SubscriberConfig.defaults().withUser(user).withToken(token);
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage("--user: " + ex.getMessage());
        }
        final Printer printer = new Printer(cli.out(), cli.err(), count == null ? Long.MAX_VALUE : count);
        final RingcastSubscriber subscriber;
        try
        {
            subscriber = RingcastSubscriber.connect(url, config, printer);
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage("--url: " + ex.getMessage());
        }
        catch (final ConnectionLostException ex)
        {
            throw new CliFailure(ex.getMessage() + " (is 'ringcast serve' running there?)", ex);
        }
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            printer.done.countDown();
            try
            {
                finished.await(5, TimeUnit.SECONDS); // the command's thread closes and prints the resume hint
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "ringcast-subscribe-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            return run(subscriber, subscription, printer);
        }
        finally
        {
            subscriber.close();
            final long last = printer.lastSeq;
            if (last >= 0)
            {
                cli.err().println("ringcast subscribe: last seq " + last + " (epoch " + printer.lastEpoch +
                    "): resume with --since " + last + " --epoch " + printer.lastEpoch);
            }
            cli.out().flush();
            finished.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ex)
            {
                // the JVM is shutting down (Ctrl-C): the hook is running and waits for us
            }
        }
    }

    private int run(final RingcastSubscriber subscriber, final SubscriptionSpec subscription, final Printer printer)
        throws InterruptedException
    {
        final long at;
        try
        {
            at = subscriber.subscribe(subscription, printer).get(30, TimeUnit.SECONDS);
        }
        catch (final ExecutionException ex)
        {
            if (ex.getCause() instanceof SubscriptionRefusedException)
            {
                final SubscriptionRefusedException refused = (SubscriptionRefusedException)ex.getCause();
                throw new CliFailure("the server refused the subscription: " + refused.code() + ": " +
                    refused.getMessage(), refused);
            }
            throw new CliFailure("subscribe failed: " + ex.getCause().getMessage(), ex.getCause());
        }
        catch (final TimeoutException ex)
        {
            throw new CliFailure("the server did not answer the subscribe in 30 s", ex);
        }
        cli.err().println("ringcast subscribe: subscribed to '" + topic + "' at seq " + at +
            (subscription.since() >= 0 ? ", replaying history after seq " + subscription.since() + " first" : ""));
        printer.done.await();
        if (printer.failure != null)
        {
            throw new CliFailure(printer.failure);
        }
        return RingcastCli.EXIT_OK;
    }

    private SubscriptionSpec subscription()
    {
        if (epoch != null && since == null)
        {
            throw usage("--epoch needs --since: it names the journal epoch the --since seq belongs to");
        }
        if (since != null && since < 0)
        {
            throw usage("--since must be a seq >= 0, was " + since);
        }
        if (count != null && count < 1)
        {
            throw usage("--count must be at least 1, was " + count);
        }
        try
        {
            return SubscriptionSpec.of(ID, topic)
                .withFilter(filter)
                .withBatch(batchMax == null ? 0 : batchMax, lingerMs == null ? -1 : lingerMs)
                .withSince(since == null ? -1 : since, epoch);
        }
        catch (final IllegalArgumentException ex)
        {
            final String message = ex.getMessage();
            throw usage(message.startsWith("batch max") ? "--batch-max: " + message :
                message.startsWith("linger") ? "--linger-ms: " + message : "--topic: " + message);
        }
    }

    private ParameterException usage(final String message)
    {
        return new ParameterException(spec.commandLine(), message);
    }

    /** Prints events and news; every method runs on the subscriber's listener thread. */
    private static final class Printer implements SubscriptionListener, ConnectionListener
    {
        final CountDownLatch done = new CountDownLatch(1);
        private final PrintStream out;
        private final PrintStream err;
        private final long limit;
        volatile String failure;
        volatile long lastSeq = -1;
        volatile String lastEpoch = "";
        private String connectionEpoch = "";
        private long printed;

        Printer(final PrintStream out, final PrintStream err, final long limit)
        {
            this.out = out;
            this.err = err;
            this.limit = limit;
        }

        @Override
        public void onEvents(final String subscriptionId, final List<ReceivedEvent> events)
        {
            for (final ReceivedEvent e : events)
            {
                if (printed == limit)
                {
                    break;
                }
                out.println(line(e));
                printed++;
                lastSeq = e.seq();
                lastEpoch = connectionEpoch; // events after a welcome come from that connection's journal
            }
            out.flush();
            if (printed == limit)
            {
                done.countDown();
            }
        }

        @Override
        public void onGap(final String subscriptionId, final long fromSeq, final long toSeq)
        {
            err.println("ringcast subscribe: gap: events " + fromSeq + ".." + toSeq + " cannot be delivered (past " +
                "the journal's retention, another journal epoch, or the server could not resume)");
        }

        @Override
        public void onError(final String subscriptionId, final String code, final String message)
        {
            failure = "the server dropped the subscription: " + code + ": " + message;
            done.countDown();
        }

        @Override
        public void onConnected(final String session, final String clientId, final long headSeq, final String epoch)
        {
            connectionEpoch = epoch;
            err.println("ringcast subscribe: connected as '" + clientId + "' (journal epoch " + epoch +
                ", head seq " + headSeq + ")");
        }

        @Override
        public void onDisconnected(final int closeCode, final String reason)
        {
            err.println("ringcast subscribe: disconnected (" + closeCode + (reason.isEmpty() ? "" : " " + reason) +
                "); reconnecting");
        }

        @Override
        public void onReconnectScheduled(final int attempt, final long delayMillis, final Throwable lastFailure)
        {
            if (lastFailure != null)
            {
                err.println("ringcast subscribe: reconnect attempt " + (attempt - 1) + " failed (" +
                    lastFailure.getMessage() + "); next in " + delayMillis + " ms");
            }
        }

        @Override
        public void onGaveUp(final Throwable lastFailure)
        {
            failure = "gave up reconnecting: " + (lastFailure == null ? "" : lastFailure.getMessage());
            done.countDown();
        }

        @Override
        public void onError(final String code, final String message)
        {
            err.println("ringcast subscribe: server error " + code + ": " + message);
        }

        @Override
        public void onListenerException(final String subscriptionId, final RuntimeException ex)
        {
            failure = "cannot print an event: " + ex;
            done.countDown();
        }

        private static String line(final ReceivedEvent e)
        {
            final ObjectNode node = JSON.createObjectNode();
            node.put("seq", e.seq());
            node.put("topic", e.topic());
            node.put("id", e.id());
            node.put("priority", e.priority().name().toLowerCase());
            node.put("ts", e.ts());
            node.set("attrs", JSON.valueToTree(e.attrs()));
            node.set("data", e.data());
            try
            {
                return JSON.writeValueAsString(node);
            }
            catch (final JsonProcessingException ex)
            {
                throw new IllegalStateException(ex);
            }
        }
    }
}
