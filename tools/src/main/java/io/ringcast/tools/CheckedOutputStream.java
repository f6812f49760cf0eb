package io.ringcast.tools;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;

/**
 * An {@link OutputStream} over a {@link PrintStream} that turns the print stream's swallowed errors back into an
 * exception: a replay piped into {@code head -1} learns that nobody reads any more at its next write, instead of
 * scanning the rest of the journal into a closed pipe. One thread.
 */
public final class CheckedOutputStream extends OutputStream
{
    private final PrintStream target;

    /** Wraps {@code target}; closing this stream only flushes it (stdout stays open for the JVM). */
    public CheckedOutputStream(final PrintStream target)
    {
        this.target = target;
    }

    @Override
    public void write(final int b) throws IOException
    {
        target.write(b);
        check();
    }

    @Override
    public void write(final byte[] bytes, final int offset, final int length) throws IOException
    {
        target.write(bytes, offset, length);
        check();
    }

    @Override
    public void flush() throws IOException
    {
        check();
    }

    @Override
    public void close() throws IOException
    {
        check();
    }

    // checkError() flushes the print stream and reports whether any write so far failed
    private void check() throws OutputClosedException
    {
        if (target.checkError())
        {
            throw new OutputClosedException();
        }
    }

    /** The output's reader went away (a closed pipe) or the output failed: stop writing, quietly. */
    public static final class OutputClosedException extends IOException
    {
        private static final long serialVersionUID = 1L;

        /** Without a stack trace: it is an expected way for a replay to end. */
        public OutputClosedException()
        {
            super("output closed", null);
        }

        @Override
        public synchronized Throwable fillInStackTrace()
        {
            return this;
        }
    }
}
