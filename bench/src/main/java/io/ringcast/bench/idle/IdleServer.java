package io.ringcast.bench.idle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;

import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.engine.pipeline.RingcastEngine;
import io.ringcast.journal.ChronicleJournal;
import io.ringcast.journal.JournalConfig;
import io.ringcast.transport.ws.WebSocketConfig;
import io.ringcast.transport.ws.WebSocketDelivery;
import io.ringcast.transport.ws.WebSocketServer;

/**
 * The server side of {@link IdleConnectionsBenchmark}, run in its own JVM: the real server wiring (a Chronicle
 * journal in a temporary folder, the engine delivering through WebSocket, the WebSocket endpoint on a free
 * loopback port), driven by one-line commands on standard input:
 * <ul>
 *   <li>{@code measure LABEL}: three full GCs, then one line
 *   {@code MEASURE LABEL heap=B jdkDirect=B nettyDirect=B pooledDirect=B rss=B connections=N} (bytes);</li>
 *   <li>{@code quit}: closes everything, deletes the folder and exits.</li>
 * </ul>
 * Prints {@code READY port=P pid=PID} once serving. Main thread only.
 */
public final class IdleServer
{
    private IdleServer()
    {
    }

    /**
     * Runs the server until {@code quit} (or end of input).
     *
     * @param args ignored
     */
    public static void main(final String[] args) throws Exception
    {
        final Path dir = Files.createTempDirectory("ringcast-idle-");
        final ChronicleJournal journal = ChronicleJournal.open(JournalConfig.defaults(dir.resolve("journal")));
        final RingcastEngine engine = RingcastEngine.start(
            EngineConfig.builder().codecLimits(journal.limits()).build(), journal, new WebSocketDelivery());
        final WebSocketServer ws = WebSocketServer.start(WebSocketConfig.defaults().withPort(0), engine,
            journal::headSeq, journal::epoch);
        try
        {
            System.out.println("READY port=" + ws.port() + " pid=" + ProcessHandle.current().pid());
            final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("quit"))
            {
                if (line.startsWith("measure "))
                {
                    System.out.println(measure(line.substring("measure ".length()), ws.connectionCount()));
                }
            }
        }
        finally
        {
            ws.close();
            engine.close();
            journal.close();
            deleteTree(dir);
        }
    }

    /** The MEASURE line: heap used after full GCs (the smallest of three), direct memory, RSS. */
    private static String measure(final String label, final int connections) throws InterruptedException
    {
        long heap = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++)
        {
            System.gc();
            // lets reference processing and Netty's cleaners finish between collections
            Thread.sleep(200);
            heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        long jdkDirect = 0;
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if (pool.getName().equals("direct"))
            {
                jdkDirect = pool.getMemoryUsed();
            }
        }
        return "MEASURE " + label + " heap=" + heap + " jdkDirect=" + jdkDirect +
            " nettyDirect=" + PlatformDependent.usedDirectMemory() +
            " pooledDirect=" + PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory() +
            " rss=" + rssBytes() + " connections=" + connections;
    }

    /** VmRSS of this process from /proc, or -1 where there is no /proc. */
    static long rssBytes()
    {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status")))
        {
            return lines.filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
                .findFirst().orElse(-1);
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    private static void deleteTree(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
