package io.ringcast.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.client.Ack;
import io.ringcast.client.RingcastPublisher;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventView;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;
import io.ringcast.journal.JournalReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code ringcast serve} as an operator runs it: a child JVM from the shaded jar, publishes over TCP, SIGTERM,
 * and every ACKed event in the journal afterwards.
 */
class ServeIT
{
    private static Path jar;

    @TempDir
    Path tmp;

    @BeforeAll
    static void locate()
    {
        assumeTrue(System.getProperty("ringcast.jar") != null, "an integration test: run by failsafe in mvn verify");
        jar = Path.of(System.getProperty("ringcast.jar")).toAbsolutePath();
        assertTrue(Files.isRegularFile(jar), "the shaded jar is built in the package phase: " + jar);
    }

    @Test
    void shouldJournalWhatItAcksAndStopGracefullyOnSigterm() throws Exception
    {
        final Path data = tmp.resolve("data");
        try (ServeProcess server = ServeProcess.start(jar, tmp, data))
        {
            final List<String> lines = server.lines;
            final int port = server.tcpPort;
            final String wsUrl = server.wsUrl;

            final java.util.concurrent.LinkedBlockingQueue<String> received = new java.util.concurrent.LinkedBlockingQueue<>();
            final java.net.http.WebSocket subscriber = java.net.http.HttpClient.newHttpClient().newWebSocketBuilder()
                .buildAsync(java.net.URI.create(wsUrl + "?user=it"), new java.net.http.WebSocket.Listener()
                {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(final java.net.http.WebSocket socket,
                        final CharSequence data, final boolean last)
                    {
                        text.append(data);
                        if (last)
                        {
                            received.add(text.toString());
                            text.setLength(0);
                        }
                        socket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
            assertTrue(received.poll(10, TimeUnit.SECONDS).contains("\"type\":\"welcome\""));
            subscriber.sendText("{\"op\":\"subscribe\",\"id\":\"s1\",\"topic\":\"models.>\"}", true);
            assertTrue(received.poll(10, TimeUnit.SECONDS).contains("\"type\":\"subscribed\""));
            assertTrue(lines.get(0).startsWith("ringcast: journal " + data.toAbsolutePath()), lines.get(0));

            final List<Ack> acks = new ArrayList<>();
            try (RingcastPublisher publisher = RingcastPublisher.connect("127.0.0.1", port, "", "serve-it"))
            {
                final List<CompletableFuture<Ack>> pending = new ArrayList<>();
                for (final Event event : CliFixtures.sampleEvents(100))
                {
                    pending.add(publisher.publish(event.withSeq(0)));
                }
                for (final CompletableFuture<Ack> f : pending)
                {
                    acks.add(f.get(10, TimeUnit.SECONDS));
                }
            }
            assertEquals(100, acks.get(99).seq());
            int modelEvents = 0;
            while (modelEvents < 67) // sampleEvents cycles three topics, two of them under models.
            {
                final String message = received.poll(10, TimeUnit.SECONDS);
                assertTrue(message != null && message.contains("\"type\":\"events\""), "events for s1: " + message);
                modelEvents += CliFixtures.JSON.readTree(message).get("events").size();
            }
            assertEquals(67, modelEvents, "every published models.* event reached the WebSocket subscriber");

            server.stop();
        }

        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(data));
            JournalReader reader = journal.newReader())
        {
            assertEquals(100, journal.headSeq());
            final EventView view = new EventView(journal.limits());
            reader.seekAfterSeq(0);
            long expected = 1;
            while (reader.next(view))
            {
                assertEquals(expected++, view.seq());
            }
            assertEquals(101, expected, "every ACKed seq is in the journal");
        }
    }
}
