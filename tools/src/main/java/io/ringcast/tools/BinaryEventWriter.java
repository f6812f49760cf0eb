package io.ringcast.tools;

import java.io.IOException;
import java.io.OutputStream;

import org.agrona.BitUtil;

import io.ringcast.engine.event.EventView;

/**
 * {@code replay --format binary}: each event as a u32 little-endian length followed by the engine codec bytes
 * (the layout in {@link EventView}'s javadoc, seq included), with nothing between frames. One thread; reuses
 * one scratch array that grows to the largest event seen.
 */
public final class BinaryEventWriter implements EventWriter
{
    private static final int LENGTH_PREFIX = 4;

    private final OutputStream out;
    private byte[] scratch = new byte[4096];

    /** A writer onto {@code out}, which should be buffered. */
    public BinaryEventWriter(final OutputStream out)
    {
        this.out = out;
    }

    @Override
    public void write(final EventView view) throws IOException
    {
        final int length = view.length();
        if (scratch.length < LENGTH_PREFIX + length)
        {
            scratch = new byte[BitUtil.findNextPositivePowerOfTwo(LENGTH_PREFIX + length)];
        }
        scratch[0] = (byte)length;
        scratch[1] = (byte)(length >>> 8);
        scratch[2] = (byte)(length >>> 16);
        scratch[3] = (byte)(length >>> 24);
        view.buffer().getBytes(view.offset(), scratch, LENGTH_PREFIX, length);
        out.write(scratch, 0, LENGTH_PREFIX + length);
    }

    @Override
    public void flush() throws IOException
    {
        out.flush();
    }
}
