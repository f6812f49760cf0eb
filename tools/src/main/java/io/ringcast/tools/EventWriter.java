package io.ringcast.tools;

import java.io.IOException;

import io.ringcast.engine.event.EventView;

/**
 * Writes replayed events to an output stream in one format ({@link JsonEventWriter}, {@link BinaryEventWriter}).
 * One thread; buffers internally, so {@link #flush} before the output is handed over or closed.
 */
public interface EventWriter
{
    /** Writes the event {@code view} wraps (which must have wrapped successfully). */
    void write(EventView view) throws IOException;

    /** Pushes buffered bytes to the underlying stream and flushes it. */
    void flush() throws IOException;
}
