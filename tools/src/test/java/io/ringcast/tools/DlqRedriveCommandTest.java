package io.ringcast.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.client.RingcastPublisher;
import io.ringcast.journal.JournalConfig;
import io.ringcast.journal.deadletter.DeadLetter;
import io.ringcast.journal.deadletter.DeadLetterReason;
import io.ringcast.tools.CliFixtures.Result;
import io.ringcast.transport.tcp.TcpIngestConfig;
import io.ringcast.transport.ws.WebSocketConfig;

import static io.ringcast.tools.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ringcast dlq redrive} against the real server, with a WebSocket subscriber receiving the re-drive. */
class DlqRedriveCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRedriveThroughTheServerOnceAndExplainRefusals() throws Exception
    {
        try (RingcastServer server = RingcastServer.start(JournalConfig.defaults(dir.resolve("data")),
            TcpIngestConfig.defaults().withPort(0), WebSocketConfig.defaults().withPort(0)))
        {
            final LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
            final WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws?user=c1"), new WebSocket.Listener()
                {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(final WebSocket ws, final CharSequence data, final boolean last)
                    {
                        text.append(data);
                        if (last)
                        {
                            received.add(text.toString());
                            text.setLength(0);
                        }
                        ws.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
            assertTrue(next(received).contains("\"welcome\""));
            socket.sendText("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"models.>\"}", true);
            assertTrue(next(received).contains("\"subscribed\""));
            try (RingcastPublisher publisher = RingcastPublisher.connect("127.0.0.1", server.tcpPort(), "", "test"))
            {
                publisher.publish(CliFixtures.sampleEvents(1).get(0).withSeq(0)).get(10, TimeUnit.SECONDS);
            }
            assertTrue(next(received).contains("\"seq\":1"), "the live delivery");

            final DeadLetter letter = server.deadLetters().add("s1", "c1", 1, DeadLetterReason.TIMEOUT, 3, 0, 0, "t/o");
            final String url = "http://127.0.0.1:" + server.httpPort();
            final Result ok = run("dlq", "redrive", "--server", url, String.valueOf(letter.id()));
            assertEquals(0, ok.status(), ok.err() + ok.out());
            assertTrue(ok.out().contains("\"redriven\":true"), ok.out());
            final String again = next(received);
            assertTrue(again.contains("\"type\":\"events\"") && again.contains("\"seq\":1"), again);

            final Result twice = run("dlq", "redrive", "--server", url, String.valueOf(letter.id()));
            assertEquals(1, twice.status());
            assertTrue(twice.out().contains("already re-driven"), twice.out());
            final Result unknown = run("dlq", "redrive", "--server", url, "4242");
            assertEquals(1, unknown.status());
            assertTrue(unknown.out().contains("no dead letter 4242"), unknown.out());
            socket.abort();
        }
        final Result down = run("dlq", "redrive", "--server", "http://127.0.0.1:1", "1");
        assertEquals(1, down.status());
        assertTrue(down.err().contains("no server at http://127.0.0.1:1"), down.err());
        final Result bad = run("dlq", "redrive", "--server", "nowhere", "1");
        assertEquals(2, bad.status());
        assertTrue(bad.err().contains("--server must be an http URL"), bad.err());
    }

    private static String next(final LinkedBlockingQueue<String> received) throws InterruptedException
    {
        final String message = received.poll(10, TimeUnit.SECONDS);
        assertTrue(message != null, "a message within 10 s");
        return message;
    }
}
