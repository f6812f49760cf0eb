package io.ringcast.transport.auth;

import java.util.List;
import java.util.Objects;

import org.agrona.DirectBuffer;

import io.ringcast.engine.match.TopicPattern;

/**
 * Who a client is and what it may do: its user id, when its token expires, the topic patterns it may subscribe
 * to and publish on, and whether it may use the admin HTTP API. A null pattern list means "everything" (auth off,
 * or a token without that claim); an empty list means "nothing". Immutable; any thread. The publish checks
 * ({@link #mayPublish(String)}, {@link #mayPublish(DirectBuffer, int, int)}) never allocate, so transports may call
 * them per event.
 */
public final class Principal
{
    /** Never expires. */
    public static final long NO_EXPIRY = Long.MAX_VALUE;

    private final String user;
    private final long expiresAtMillis;
    private final List<TopicPattern> subscribe;
    private final List<TopicPattern> publish;
    private final boolean admin;
    private final TopicMatcher publishMatcher; // null when any topic may be published

    /**
     * @param user            the user id (a token's {@code sub})
     * @param expiresAtMillis epoch millis when the token stops being honoured (for a JWT: its {@code exp} plus the
     *                        server's clock leeway), or {@link #NO_EXPIRY}
     * @param subscribe       patterns the user may subscribe within, or null for any
     * @param publish         patterns the user may publish on, or null for any
     * @param admin           true when the user may read and act through the admin HTTP API
     */
    public Principal(final String user, final long expiresAtMillis, final List<TopicPattern> subscribe,
        final List<TopicPattern> publish, final boolean admin)
    {
        this.admin = admin;
        this.user = Objects.requireNonNull(user, "user");
        this.expiresAtMillis = expiresAtMillis;
        this.subscribe = subscribe == null ? null : List.copyOf(subscribe);
        this.publish = publish == null ? null : List.copyOf(publish);
        this.publishMatcher = publish == null ? null : TopicMatcher.of(this.publish);
    }

    /** A principal allowed everything (admin included), for auth-off servers. Allocates. */
    public static Principal anonymous(final String user)
    {
        return new Principal(user, NO_EXPIRY, null, null, true);
    }

    /** True when the user may use the admin HTTP API. */
    public boolean admin()
    {
        return admin;
    }

    /** The user id. */
    public String user()
    {
        return user;
    }

    /** Epoch millis when the token expires, or {@link #NO_EXPIRY}. */
    public long expiresAtMillis()
    {
        return expiresAtMillis;
    }

    /** True when the token has expired at {@code nowMillis}. */
    public boolean expired(final long nowMillis)
    {
        return nowMillis >= expiresAtMillis;
    }

    /** Subscribe patterns allowed, or null for any. */
    public List<TopicPattern> subscribePatterns()
    {
        return subscribe;
    }

    /** Publish patterns allowed, or null for any. */
    public List<TopicPattern> publishPatterns()
    {
        return publish;
    }

    /**
     * True when every topic {@code requested} can match lies inside one allowed subscribe pattern (so
     * {@code models.>} does not admit {@code >}, but admits {@code models.*.high}). Allocation free.
     */
    public boolean maySubscribe(final TopicPattern requested)
    {
        if (subscribe == null)
        {
            return true;
        }
        for (int i = 0, n = subscribe.size(); i < n; i++)
        {
            if (covers(subscribe.get(i), requested))
            {
                return true;
            }
        }
        return false;
    }

    /** True when the token has an expiry ({@link #expiresAtMillis()} is not {@link #NO_EXPIRY}). */
    public boolean expires()
    {
        return expiresAtMillis != NO_EXPIRY;
    }

    /** True when any topic may be published: a transport can then skip the per-event check altogether. */
    public boolean publishUnrestricted()
    {
        return publish == null;
    }

    /** True when {@code topic} (a literal topic) matches one allowed publish pattern. Allocation free. */
    public boolean mayPublish(final String topic)
    {
        return publishMatcher == null || publishMatcher.matches(topic);
    }

    /**
     * True when the literal topic in {@code buffer[offset, offset + length)} (printable ASCII, as the event codec
     * carries it) matches one allowed publish pattern. Allocation free: for the ingest hot path.
     */
    public boolean mayPublish(final DirectBuffer buffer, final int offset, final int length)
    {
        return publishMatcher == null || publishMatcher.matches(buffer, offset, length);
    }

    /**
     * True when {@code allowed} matches every topic {@code requested} matches: segment by segment, a tail wildcard
     * in {@code allowed} covers whatever remains (one segment or more), {@code *} covers one literal or {@code *},
     * and a literal covers only itself.
     */
    static boolean covers(final TopicPattern allowed, final TopicPattern requested)
    {
        final List<String> a = allowed.segments();
        final List<String> r = requested.segments();
        for (int i = 0; ; i++)
        {
            final boolean aEnded = i >= a.size();
            final boolean rEnded = i >= r.size();
            if (aEnded || rEnded)
            {
                return aEnded && rEnded;
            }
            final String as = a.get(i);
            final String rs = r.get(i);
            if (TopicPattern.TAIL.equals(as))
            {
                return true;
            }
            if (TopicPattern.TAIL.equals(rs))
            {
                return false;
            }
            if (TopicPattern.ONE.equals(as))
            {
                continue;
            }
            if (!as.equals(rs))
            {
                return false;
            }
        }
    }

    @Override
    public String toString()
    {
        return "Principal{user=" + user + ", expiresAtMillis=" + expiresAtMillis + ", subscribe=" + subscribe +
            ", publish=" + publish + ", admin=" + admin + '}';
    }
}
