package io.ringcast.client;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The {@code ws://} URL a {@link RingcastSubscriber} connects to: checked, and with the {@code user} parameter. */
final class WebSocketUrl
{
    private WebSocketUrl()
    {
    }

    /**
     * Parses {@code url}.
     *
     * @throws IllegalArgumentException when it is not a {@code ws://} URL with a host (what was wrong)
     */
    static URI parse(final String url)
    {
        Objects.requireNonNull(url, "url");
        final URI uri;
        try
        {
            uri = URI.create(url);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("not a URL: '" + url + "' (" + ex.getMessage() + ")", ex);
        }
        if (!"ws".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null)
        {
            throw new IllegalArgumentException("expected a ws://HOST:PORT/PATH URL, was '" + url + "'" +
                ("wss".equalsIgnoreCase(uri.getScheme()) ? " (TLS is not supported by this client)" : ""));
        }
        return uri;
    }

    /** {@code uri} with {@code user=USER} added to its query (unchanged when {@code user} is null). */
    static URI withUser(final URI uri, final String user)
    {
        final String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery();
        if (user != null)
        {
            final String param = "user=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
            query = query == null || query.isEmpty() ? param : query + "&" + param;
        }
        return URI.create("ws://" + uri.getRawAuthority() + path + (query == null ? "" : "?" + query));
    }
}
