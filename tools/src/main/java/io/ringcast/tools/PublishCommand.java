package io.ringcast.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import io.ringcast.client.Ack;
import io.ringcast.client.PublishRejectedException;
import io.ringcast.client.RingcastPublisher;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.transport.http.PublishRequest;
import io.ringcast.transport.http.PublishRequestException;
import io.ringcast.transport.tcp.NackCode;

/**
 * {@code ringcast publish}: publishes one event from options, or JSON lines from stdin, to a server's binary TCP
 * port and prints one answer line per event. Command line's thread.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    header = "Publish events to a running server over the binary TCP protocol; print one answer per event.",
    description = {
        "With --topic: one event from the options. Without: one JSON object per line on stdin, " +
            "{\"topic\":..,\"id\":..,\"dedupKey\":..,\"priority\":\"high\",\"attrs\":{..},\"data\":..}.",
        "Prints {\"id\":..,\"seq\":N,\"duplicate\":false} per accepted event, {\"id\":..,\"error\":{\"code\":..," +
            "\"message\":..}} per refused one; exits 1 if any was refused." })
public final class PublishCommand implements Callable<Integer>
{
    private static final ObjectMapper JSON = new ObjectMapper();
    // the one reading of the JSON publish form, shared with POST /api/publish; its errors name the field
    private static final PublishRequest PUBLISH_JSON = new PublishRequest(CodecLimits.DEFAULT);

    @ParentCommand
    private RingcastCli cli;

    @Spec
    private CommandSpec spec;

    @Option(names = "--tcp", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7070",
        description = "The server's binary TCP port (default: 127.0.0.1:7070).")
    private String tcp;

    @Option(names = "--token", paramLabel = "TOKEN", description = "Token for the handshake.")
    private String token;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Publish one event on this topic (else: stdin).")
    private String topic;

    @Option(names = "--id", paramLabel = "ID", description = "Event id (default: a random UUID).")
    private String id;

    @Option(names = "--dedup-key", paramLabel = "KEY", description = "Dedup key (default: none, the id is the key).")
    private String dedupKey;

    @Option(names = "--priority", paramLabel = "low|normal|high|critical", defaultValue = "normal",
        description = "Priority (default: normal).")
    private String priority;

    @Option(names = "--attr", paramLabel = "NAME=VALUE",
        description = "An attribute, repeatable: true/false is a boolean, 42 a long, 0.5 a double, \"42\" (quoted) " +
        "or anything else a string.")
    private List<String> attrs = new ArrayList<>();

    @Option(names = "--data", paramLabel = "JSON", description = "The payload, a JSON value (default: none).")
    private String data;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final List<Input> events = topic != null ? List.of(Input.of(fromOptions())) : fromStdin(cli.in());
        final RingcastPublisher publisher = TcpTarget.connect(spec, "--tcp", tcp, token, "ringcast-publish");
        int refused = 0;
        try (publisher)
        {
            final List<CompletableFuture<Ack>> answers = new ArrayList<>(events.size());
            for (final Input input : events)
            {
                // pipelined; answered in order below. A line refused here is reported in its place, like a NACK
                answers.add(input.refused() == null ? publisher.publish(input.event()) :
                    CompletableFuture.failedFuture(input.refused()));
            }
            for (int i = 0; i < events.size(); i++)
            {
                final ObjectNode line = JSON.createObjectNode().put("id", events.get(i).id());
                try
                {
                    final Ack ack = answers.get(i).get();
                    line.put("seq", ack.seq()).put("duplicate", ack.duplicate());
                }
                catch (final ExecutionException ex)
                {
                    refused++;
                    final Throwable cause = ex.getCause();
                    final ObjectNode error = line.putObject("error");
                    if (cause instanceof PublishRejectedException)
                    {
                        error.put("code", ((PublishRejectedException)cause).nackCode().name());
                    }
                    else if (cause instanceof PublishRequestException)
                    {
                        error.put("code", NackCode.MALFORMED_EVENT.name()); // what the server would have answered
                    }
                    else
                    {
                        error.put("code", cause.getClass().getSimpleName());
                    }
                    error.put("message", cause.getMessage());
                }
                cli.out().println(JSON.writeValueAsString(line));
            }
        }
        return refused == 0 ? RingcastCli.EXIT_OK : RingcastCli.EXIT_FAILURE;
    }

    private Event fromOptions()
    {
        final Map<String, Object> attributes = new LinkedHashMap<>();
        for (final String attr : attrs)
        {
            final int eq = attr.indexOf('=');
            if (eq <= 0)
            {
                throw usage("--attr must be NAME=VALUE, was '" + attr + "'");
            }
            attributes.put(attr.substring(0, eq), typed(attr.substring(eq + 1)));
        }
        byte[] payload = new byte[0];
        if (data != null)
        {
            try
            {
                payload = JSON.writeValueAsBytes(JSON.readTree(data));
            }
            catch (final JacksonException ex)
            {
                throw usage("--data is not a JSON value: " + ex.getOriginalMessage());
            }
        }
        try
        {
            return event(topic, id, dedupKey, priority(priority, "--priority"), attributes, payload, data != null);
        }
        catch (final IllegalArgumentException ex)
        {
            throw usage(ex.getMessage());
        }
    }

    private List<Input> fromStdin(final InputStream in) throws IOException
    {
        final List<Input> events = new ArrayList<>();
        final BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (String line; (line = reader.readLine()) != null; )
        {
            lineNumber++;
            if (line.isBlank())
            {
                continue;
            }
            final JsonNode node;
            try
            {
                node = JSON.readTree(line);
            }
            catch (final JacksonException ex)
            {
                throw new CliFailure("stdin line " + lineNumber + ": not JSON: " + ex.getOriginalMessage());
            }
            if (!node.isObject())
            {
                throw new CliFailure("stdin line " + lineNumber + ": not a JSON object");
            }
            try
            {
                events.add(Input.of(PUBLISH_JSON.fromJson(node, System.currentTimeMillis())));
            }
            catch (final PublishRequestException ex)
            {
                events.add(new Input(node.path("id").textValue(), null, ex));
            }
        }
        return events;
    }

    private static Event event(final String topic, final String id, final String dedupKey, final Priority priority,
        final Map<String, Object> attributes, final byte[] payload, final boolean json)
    {
        return new Event(0, id == null ? UUID.randomUUID().toString() : id, dedupKey, topic, priority,
            System.currentTimeMillis(), attributes, json ? ContentType.JSON : ContentType.OPAQUE, payload);
    }

    private static Priority priority(final String name, final String what)
    {
        final Priority p = Priority.fromName(name);
        if (p == null)
        {
            throw new IllegalArgumentException(what + " must be low, normal, high or critical, was '" + name + "'");
        }
        return p;
    }

    private static Object typed(final String value)
    {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\""))
        {
            return value.substring(1, value.length() - 1);
        }
        if (value.equals("true") || value.equals("false"))
        {
            return Boolean.parseBoolean(value);
        }
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException notLong)
        {
            try
            {
                return value.matches("[-+]?[0-9]*\\.[0-9]+([eE][-+]?[0-9]+)?") ? Double.parseDouble(value) : value;
            }
            catch (final NumberFormatException notDouble)
            {
                return value;
            }
        }
    }

    private ParameterException usage(final String message)
    {
        return new ParameterException(spec.commandLine(), message);
    }

    /** One event to send, or one stdin line refused before sending (its id when it had one). */
    private record Input(String id, Event event, PublishRequestException refused)
    {
        static Input of(final Event event)
        {
            return new Input(event.id(), event, null);
        }
    }
}
