package io.ringcast.transport.ws;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** A JSON string literal for a Java string (quotes included), by Jackson's encoder. Any thread; allocates. */
final class JsonQuoting
{
    private JsonQuoting()
    {
    }

    /** {@code "value"} with JSON escapes. */
    static String quote(final String value)
    {
        return '"' + new String(JsonStringEncoder.getInstance().quoteAsString(value)) + '"';
    }
}
