package io.ringcast.transport;

import java.io.IOException;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A JDK {@link WebSocket.Listener} that parses every text message (its parts joined) as JSON into a queue, for tests
 * that talk to the server with the JDK's WebSocket client. One per socket; called on the client's thread.
 */
public final class JsonMessageListener implements WebSocket.Listener
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final BlockingQueue<JsonNode> messages;
    private final StringBuilder partial = new StringBuilder();

    /** Puts each parsed message into {@code messages}. */
    public JsonMessageListener(final BlockingQueue<JsonNode> messages)
    {
        this.messages = messages;
    }

    @Override
    public CompletionStage<?> onText(final WebSocket ws, final CharSequence data, final boolean last)
    {
        partial.append(data);
        if (last)
        {
            try
            {
                messages.add(MAPPER.readTree(partial.toString()));
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("not JSON: " + partial, ex);
            }
            partial.setLength(0);
        }
        ws.request(1);
        return null;
    }
}
