package io.ringcast.tools;

/**
 * A command failed for a reason the user can act on (no journal in the folder, no dead letter with that id):
 * {@link RingcastCli} prints the message as one line on stderr, without a stack trace, and exits with
 * {@link RingcastCli#EXIT_FAILURE}. Usage errors are picocli's {@code ParameterException} instead (exit
 * {@link RingcastCli#EXIT_USAGE}).
 */
public final class CliFailure extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** A failure whose message is shown as is. */
    public CliFailure(final String message)
    {
        super(message);
    }

    /** A failure whose message is shown as is; the cause is kept for debugging ({@code RINGCAST_DEBUG=1}). */
    public CliFailure(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
