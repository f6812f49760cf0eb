package io.ringcast.tools;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ringcast serve} in a child JVM from the shaded jar, as an operator runs it: started with free ports, its
 * endpoints read from what it prints, stopped with SIGTERM.
 */
final class ServeProcess implements AutoCloseable
{
    private static final Pattern TCP = Pattern.compile("binary TCP ingest on 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern WS = Pattern.compile("WebSocket subscribers on (ws://\\S+/ws)");
    private static final Pattern HTTP_PORT = Pattern.compile("ws://127\\.0\\.0\\.1:(\\d+)/ws");

    final Process process;
    final List<String> lines = new ArrayList<>();
    final int tcpPort;
    final int httpPort;
    final String wsUrl;
    private final Path errFile;

    private ServeProcess(final Process process, final Path errFile) throws IOException
    {
        this.process = process;
        this.errFile = errFile;
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
            StandardCharsets.UTF_8));
        int tcp = -1;
        String ws = null;
        boolean done = false;
        for (String line; !done && (line = out.readLine()) != null; )
        {
            lines.add(line);
            done = line.startsWith("ringcast: auth "); // the last line of the endpoints
            final Matcher t = TCP.matcher(line);
            if (t.find())
            {
                tcp = Integer.parseInt(t.group(1));
            }
            final Matcher w = WS.matcher(line);
            if (w.find())
            {
                ws = w.group(1);
            }
        }
        assertTrue(tcp > 0 && ws != null, "printed its TCP and WebSocket endpoints: " + lines + " " + err());
        tcpPort = tcp;
        wsUrl = ws;
        final Matcher h = HTTP_PORT.matcher(ws);
        assertTrue(h.find(), ws);
        httpPort = Integer.parseInt(h.group(1));
    }

    /** Starts {@code java -jar JAR serve --data DIR --tcp-port 0 --http-port 0 ARGS...}. */
    static ServeProcess start(final Path jar, final Path tmp, final Path data, final String... args)
        throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(), "serve",
            "--data", data.toString(), "--tcp-port", "0", "--http-port", "0"));
        command.addAll(List.of(args));
        final Path errFile = Files.createTempFile(tmp, "serve", ".err");
        final Process process = new ProcessBuilder(command).redirectError(errFile.toFile()).start();
        try
        {
            return new ServeProcess(process, errFile);
        }
        catch (final IOException | RuntimeException | AssertionError ex)
        {
            process.destroyForcibly();
            throw ex;
        }
    }

    /** What it printed on stderr so far. */
    String err() throws IOException
    {
        return Files.readString(errFile);
    }

    /** SIGTERM, then waits for it to stop; asserts it stopped gracefully. */
    void stop() throws Exception
    {
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "stopped after SIGTERM");
        assertTrue(err().contains("ringcast: stopped"), err());
    }

    @Override
    public void close()
    {
        process.destroyForcibly();
    }
}
