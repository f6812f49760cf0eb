package io.ringcast.tools;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * The {@code --data DIR} option every journal command shares: the journal folder the server writes
 * ({@code DIR/events} and {@code DIR/dead-letters}). A picocli mixin; filled on the command's thread.
 */
public final class DataDirectoryOption
{
    @Option(names = "--data", required = true, paramLabel = "DIR",
        description = "The journal folder (the server's data folder, holding events/ and dead-letters/).")
    private Path directory;

    /** The folder as given on the command line. */
    public Path directory()
    {
        return directory;
    }
}
