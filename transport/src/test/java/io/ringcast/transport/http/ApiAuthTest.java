package io.ringcast.transport.http;

import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.ringcast.engine.match.TopicPattern;
import io.ringcast.transport.auth.AuthException;
import io.ringcast.transport.auth.Authenticator;
import io.ringcast.transport.auth.Principal;

import static io.ringcast.transport.http.HttpApiFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The HTTP API with tokens required: 401 without a valid one, 403 outside its rights, open health and metrics. */
class ApiAuthTest
{
    private static final String EVENT = "{\"topic\":\"models.openai\",\"id\":\"e1\"}";

    /** Three fixed tokens instead of JWTs: the routes only see the {@link Authenticator} interface. */
    private static final Authenticator TOKENS = new Authenticator()
    {
        @Override
        public boolean required()
        {
            return true;
        }

        @Override
        public Principal authenticate(final String token) throws AuthException
        {
            switch (token == null ? "" : token)
            {
                case "admin-token":
                    return new Principal("root", Principal.NO_EXPIRY, null, null, true);
                case "models-publisher":
                    return new Principal("svc", Principal.NO_EXPIRY, null, List.of(TopicPattern.parse("models.>")),
                        false);
                case "expired":
                    return new Principal("old", 1, null, null, true);
                default:
                    throw new AuthException("bad signature");
            }
        }
    };

    @Test
    void shouldRefusePublishesWithoutAValidTokenOrOutsideThePublishPatterns() throws Exception
    {
        try (HttpApiFixture f = new HttpApiFixture(b -> b.authenticator(TOKENS)))
        {
            final HttpResponse<String> none = f.publish(EVENT);
            assertEquals(401, none.statusCode());
            assertEquals("Bearer realm=\"ringcast\"", none.headers().firstValue("www-authenticate").orElse(""));
            assertEquals("unauthorized", json(none).at("/error/code").asText());

            final HttpResponse<String> forged = f.publish(EVENT, "Authorization", "Bearer forged");
            assertEquals(401, forged.statusCode());
            assertTrue(json(forged).at("/error/message").asText().contains("bad signature"), forged.body());
            assertTrue(forged.headers().firstValue("www-authenticate").orElse("").contains("invalid_token"));
            assertEquals(401, f.publish(EVENT, "Authorization", "Basic dXNlcjpwdw==").statusCode());
            assertEquals(401, f.publish(EVENT, "Authorization", "Bearer expired").statusCode());

            final HttpResponse<String> outside = f.publish("{\"topic\":\"users.42.tasks\"}",
                "Authorization", "Bearer models-publisher");
            assertEquals(403, outside.statusCode());
            assertEquals("forbidden", json(outside).at("/error/code").asText());
            assertTrue(outside.body().contains("users.42.tasks"), outside.body());

            final HttpResponse<String> allowed = f.publish(EVENT, "Authorization", "Bearer models-publisher");
            assertEquals(200, allowed.statusCode(), allowed.body());
            assertEquals(1, json(allowed).get("seq").asLong());
            assertEquals(1, f.journal.headSeq(), "only the allowed publish was journaled");
        }
    }

    @Test
    void shouldKeepTheAdminReadsForAdminsAndHealthAndMetricsOpen() throws Exception
    {
        try (HttpApiFixture f = new HttpApiFixture(b -> b.authenticator(TOKENS)))
        {
            for (final String path : List.of("/api/subscriptions", "/api/stats", "/api/clients/alice"))
            {
                assertEquals(401, f.get(path).statusCode(), path);
                final HttpResponse<String> notAdmin = f.get(path, "Authorization", "Bearer models-publisher");
                assertEquals(403, notAdmin.statusCode(), path);
                assertEquals("forbidden", json(notAdmin).at("/error/code").asText());
            }
            assertEquals(200, f.get("/api/subscriptions", "Authorization", "Bearer admin-token").statusCode());
            assertEquals(200, f.get("/api/stats", "Authorization", "Bearer admin-token").statusCode());
            assertEquals(404, f.get("/api/clients/alice", "Authorization", "Bearer admin-token").statusCode());
            assertEquals(200, f.get("/health").statusCode());
            assertEquals(200, f.get("/metrics").statusCode());
        }
    }
}
