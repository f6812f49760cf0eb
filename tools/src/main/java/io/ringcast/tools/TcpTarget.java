package io.ringcast.tools;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import io.ringcast.client.RingcastPublisher;

/** A server's binary TCP address given on the command line ({@code HOST:PORT}), and the connection to it. */
final class TcpTarget
{
    private TcpTarget()
    {
    }

    /**
     * Connects a publisher to {@code hostPort}.
     *
     * @param option the option that named the address, for messages ({@code --tcp}, {@code --republish})
     * @throws ParameterException when {@code hostPort} is not HOST:PORT with a port in 1..65535
     * @throws CliFailure         when nothing answers there, with the reason
     */
    static RingcastPublisher connect(final CommandSpec spec, final String option, final String hostPort,
        final String token, final String clientName)
    {
        final int colon = hostPort.lastIndexOf(':');
        final int port;
        try
        {
            if (colon <= 0)
            {
                throw new NumberFormatException("no port");
            }
            port = Integer.parseInt(hostPort.substring(colon + 1));
        }
        catch (final NumberFormatException ex)
        {
            throw new ParameterException(spec.commandLine(), option + " must be HOST:PORT, was '" + hostPort + "'");
        }
        if (port < 1 || port > 65535)
        {
            throw new ParameterException(spec.commandLine(),
                option + " must be HOST:PORT with a port in 1..65535, was '" + hostPort + "'");
        }
        try
        {
            return RingcastPublisher.connect(hostPort.substring(0, colon), port, token == null ? "" : token, clientName);
        }
        catch (final RuntimeException ex)
        {
            final Throwable cause = ex.getCause();
            throw new CliFailure(option + ": " + ex.getMessage() +
                (cause != null && cause.getMessage() != null ? " (" + cause.getMessage() + ")" : ""), ex);
        }
    }
}
