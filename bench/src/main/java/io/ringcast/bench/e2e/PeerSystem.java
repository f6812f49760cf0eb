package io.ringcast.bench.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The life cycle every peer server shares: find its binary, start it once with a written config on two free loopback
 * ports (its native TCP port, then its WebSocket port), report its pid, stop it and remove its folder.
 * <p>
 * Threads: {@link #start} and {@link #close} on the harness's main thread; the rest from any thread.
 */
abstract class PeerSystem implements SystemUnderTest
{
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final String binary;
    private final String configFileName;
    private volatile PeerProcess process;

    /**
     * @param binary         the server's executable name (found on PATH or in the usual sbin folders)
     * @param configFileName the name its config file is written under
     */
    PeerSystem(final String binary, final String configFileName)
    {
        this.binary = binary;
        this.configFileName = configFileName;
    }

    /** The config text for the TCP and WebSocket ports; called on {@link #start}. */
    abstract String config(int port, int webSocketPort);

    /** Remembers what the load needs before the server starts (e.g. the topic count). */
    abstract void prepare(LoadSpec spec);

    /**
     * Starts the server ({@code <binary> -c <config>}) and returns once both ports accept connections.
     *
     * @throws IllegalStateException when it was started already, is not installed (with how to install it) or does
     *                               not start (with its log)
     */
    @Override
    public final void start(final LoadSpec spec) throws Exception
    {
        if (process != null)
        {
            throw new IllegalStateException(binary + " already started; close() first");
        }
        final Path executable = PeerProcess.findBinary(binary);
        prepare(spec);
        process = PeerProcess.start(executable, 2, configFileName, ports -> config(ports[0], ports[1]),
            config -> List.of("-c", config.toString()), START_TIMEOUT);
    }

    /** The server's process id, or -1 before {@link #start}. */
    @Override
    public final long serverPid()
    {
        final PeerProcess p = process;
        return p == null ? -1 : p.pid();
    }

    /** Stops the server and deletes its directory. Idempotent. */
    @Override
    public final void close()
    {
        final PeerProcess p = process;
        process = null;
        if (p != null)
        {
            p.close();
        }
    }

    /** The running server process, or null (for tests). */
    final PeerProcess peer()
    {
        return process;
    }

    /** The running server process; fails when it has not been started. */
    final PeerProcess started()
    {
        final PeerProcess p = process;
        if (p == null)
        {
            throw new IllegalStateException(binary + " is not running: call start(spec) first");
        }
        return p;
    }
}
