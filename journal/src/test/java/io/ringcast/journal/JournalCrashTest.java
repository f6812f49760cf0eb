package io.ringcast.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.agrona.collections.LongHashSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.delivery.RecordingDelivery;
import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.EventView;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;

/**
 * SIGKILL mid-stream: a child JVM publishes without end on an ASYNC journal and prints each ACKed seq; once 2000
 * ACKs were seen it is killed, and the reopened journal must hold every one of them.
 */
class JournalCrashTest
{
    private static final int ACKS_BEFORE_KILL = 2_000;

    @TempDir
    Path tmp;

    /** The Chronicle module flags this JVM runs with, as separate command-line arguments. */
    private static List<String> chronicleFlags()
    {
        final List<String> in = ManagementFactory.getRuntimeMXBean().getInputArguments();
        final List<String> out = new ArrayList<>();
        for (int i = 0; i < in.size(); i++)
        {
            final String arg = in.get(i);
            if (arg.equals("--add-opens") || arg.equals("--add-exports"))
            {
                out.add(arg);
                out.add(in.get(++i));
            }
            else if (arg.startsWith("--add-opens=") || arg.startsWith("--add-exports=") ||
                arg.startsWith("-Dchronicle."))
            {
                out.add(arg);
            }
        }
        return out;
    }

    @Test
    void shouldHoldEveryAckedEventAfterSigkill() throws Exception
    {
        final Path dir = tmp.resolve("data");
        final Path childErr = tmp.resolve("child.err");
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(chronicleFlags());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JournalCrashChild.class.getName());
        command.add(dir.toString());
        final Process child = new ProcessBuilder(command).redirectError(childErr.toFile()).start();
        // a hung child ends the read below with end-of-stream instead of hanging the build
        final CompletableFuture<Boolean> watchdog = CompletableFuture.supplyAsync(() -> true,
            CompletableFuture.delayedExecutor(15, TimeUnit.SECONDS)).thenApply(x -> child.destroyForcibly() != null);

        final LongHashSet acked = new LongHashSet();
        long lastAck = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.US_ASCII)))
        {
            while (acked.size() < ACKS_BEFORE_KILL)
            {
                final String line = out.readLine();
                if (line == null)
                {
                    throw new AssertionError("child ended after " + acked.size() + " ACKs: " +
                        Files.readString(childErr));
                }
                lastAck = Long.parseLong(line.trim());
                acked.add(lastAck);
            }
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no Chronicle close
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        finally
        {
            watchdog.cancel(false);
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        try (ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(dir)))
        {
            final long head = journal.headSeq();
            assertTrue(head >= lastAck, "head " + head + " below the last ACK " + lastAck);
            final EventView view = new EventView(CodecLimits.DEFAULT);
            long expected = 1;
            try (JournalReader reader = journal.newReader())
            {
                while (reader.next(view))
                {
                    assertEquals(expected++, view.seq(), "the journal holds 1..head without holes");
                    acked.remove(view.seq());
                    assertTrue(Event.from(view).id().startsWith("crash-"));
                }
            }
            assertEquals(head + 1, expected, "the tail up to the head is readable");
            assertTrue(acked.isEmpty(), "ACKed but missing: " + acked);

            final Acks acks = new Acks();
            try (RingcastEngine engine = RingcastEngine.start(EngineConfig.defaults(), journal,
                new RecordingDelivery()))
            {
                final byte[] bytes = JournalFixtures.event(0, System.currentTimeMillis(), "users.1.tasks").toBytes();
                engine.newPublisher().publish(new org.agrona.concurrent.UnsafeBuffer(bytes), 0, bytes.length, acks, 1);
                assertEquals(List.of(head + 1), acks.await(1));
            }
            assertEquals(head + 1, journal.headSeq());
            try (JournalReader reader = journal.newReader())
            {
                reader.seekAfterSeq(head);
                assertTrue(reader.next(view));
                assertEquals(head + 1, view.seq());
                assertFalse(reader.next(view));
            }
        }
    }
}
