package io.ringcast.bench.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * CPU time of a process from {@code /proc/<pid>/stat} ({@code utime + stime}, in clock ticks of
 * {@code getconf CLK_TCK}), so the harness can say how much CPU a server used over a measured window: 100 % is one
 * core busy. Linux only; elsewhere every reading is unknown. Any thread; allocates (it reads a file).
 */
public final class ProcessCpu
{
    private static final long CLOCK_TICKS_PER_SECOND = clockTicks();

    private final long pid;
    private long startTicks;
    private long startNanos;

    private ProcessCpu(final long pid)
    {
        this.pid = pid;
    }

    /** A meter of process {@code pid}, or of nothing when {@code pid} is -1 (then {@link #percent} is NaN). */
    public static ProcessCpu of(final long pid)
    {
        return new ProcessCpu(pid);
    }

    /** A meter of this JVM. */
    public static ProcessCpu self()
    {
        return new ProcessCpu(ProcessHandle.current().pid());
    }

    /** Starts a window now. */
    public void start()
    {
        startTicks = ticks(pid);
        startNanos = System.nanoTime();
    }

    /** CPU used since {@link #start} as percent of one core, or NaN when unknown. */
    public double percent()
    {
        final long endTicks = ticks(pid);
        final long wallNanos = System.nanoTime() - startNanos;
        if (startTicks < 0 || endTicks < 0 || wallNanos <= 0)
        {
            return Double.NaN;
        }
        return 100.0 * (endTicks - startTicks) / CLOCK_TICKS_PER_SECOND / (wallNanos / 1e9);
    }

    /** {@code utime + stime} of {@code pid} in clock ticks, or -1 when unknown. */
    static long ticks(final long pid)
    {
        if (pid < 0)
        {
            return -1;
        }
        try
        {
            final String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"),
                StandardCharsets.US_ASCII);
            // the command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
            // fields[0] is field 3 (state): utime is field 14, stime field 15
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    private static long clockTicks()
    {
        try
        {
            final Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            final long ticks = Long.parseLong(out);
            return ticks > 0 ? ticks : 100;
        }
        catch (final IOException | RuntimeException ex)
        {
            // USER_HZ is 100 on every mainstream Linux build
            return 100;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
