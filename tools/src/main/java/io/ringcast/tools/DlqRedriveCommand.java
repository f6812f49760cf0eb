package io.ringcast.tools;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ringcast dlq redrive ID}: asks the running server to deliver a dead letter's event to its subscription
 * again ({@code POST /api/dead-letters/{id}/redrive}); the server marks it so it is never re-driven twice. Prints
 * the server's JSON answer. Command line's thread.
 */
@Command(
    name = "redrive",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = "Re-drive one dead letter through the running server (it needs the subscription to exist).")
public final class DlqRedriveCommand implements Callable<Integer>
{
    @ParentCommand
    private DlqCommand dlq;

    @Spec
    private CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "http://127.0.0.1:8080",
        description = "The server's HTTP address (default: http://127.0.0.1:8080).")
    private String server;

    @Option(names = "--token", paramLabel = "JWT",
        description = "An admin token, when the server requires auth (sent as Authorization: Bearer).")
    private String token;

    @Parameters(index = "0", paramLabel = "ID", description = "The dead letter's id (the ID column of 'dlq list').")
    private long id;

    @Override
    public Integer call() throws InterruptedException
    {
        final URI uri;
        try
        {
            uri = URI.create(server.replaceAll("/+$", "") + "/api/dead-letters/" + id + "/redrive");
            if (uri.getHost() == null || !uri.getScheme().startsWith("http"))
            {
                throw new IllegalArgumentException("not an http URL");
            }
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), "--server must be an http URL like " +
                "http://127.0.0.1:8080, was '" + server + "'");
        }
        final HttpResponse<String> response;
        try
        {
            final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody());
            if (token != null && !token.isBlank())
            {
                request.header("Authorization", "Bearer " + token.trim());
            }
            response = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(request.build(),
                HttpResponse.BodyHandlers.ofString());
        }
        catch (final ConnectException ex)
        {
            throw new CliFailure("no server at " + server + " (is 'ringcast serve' running?)", ex);
        }
        catch (final IOException ex)
        {
            throw new CliFailure("re-drive request to " + server + " failed: " + ex.getMessage(), ex);
        }
        dlq.cli().out().print(response.body());
        return response.statusCode() == 200 ? RingcastCli.EXIT_OK : RingcastCli.EXIT_FAILURE;
    }
}
