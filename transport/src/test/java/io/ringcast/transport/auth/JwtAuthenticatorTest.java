package io.ringcast.transport.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ringcast.engine.match.TopicPattern;

class JwtAuthenticatorTest
{
    static final String SECRET = "0123456789abcdef0123456789abcdef-test-secret";
    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    private final JwtAuthenticator auth = new JwtAuthenticator(
        JwtSettings.hs256(SECRET).withClock(Clock.fixed(NOW, ZoneOffset.UTC)));

    static String hs256(final UnaryOperator<JWTCreator.Builder> claims)
    {
        return claims.apply(JWT.create()).sign(Algorithm.HMAC256(SECRET));
    }

    static String userToken(final UnaryOperator<JWTCreator.Builder> more)
    {
        return hs256(b -> more.apply(b.withSubject("alice")));
    }

    private AuthException refused(final String token)
    {
        return refused(auth, token);
    }

    static AuthException refused(final Authenticator authenticator, final String token)
    {
        final AuthException ex = assertThrows(AuthException.class, () -> authenticator.authenticate(token));
        if (token != null && token.length() > 8)
        {
            assertFalse(ex.getMessage().contains(token), ex.getMessage());
            final int lastDot = token.lastIndexOf('.');
            if (lastDot >= 0 && token.length() - lastDot > 8)
            {
                assertFalse(ex.getMessage().contains(token.substring(lastDot + 1)), ex.getMessage());
            }
        }
        return ex;
    }

    @Test
    void shouldMapClaimsOfValidHs256Token() throws Exception
    {
        final Instant exp = NOW.plusSeconds(600);
        final Principal p = auth.authenticate(userToken(b -> b.withExpiresAt(exp)
            .withClaim("subscribe", List.of("users.alice.>", "models.*"))
            .withClaim("publish", List.of("users.alice.tasks"))
            .withClaim("admin", true)));
        assertEquals("alice", p.user());
        assertEquals(exp.toEpochMilli() + 30_000, p.expiresAtMillis(), "exp plus the default 30 s leeway");
        assertTrue(p.expires());
        assertEquals(List.of(TopicPattern.parse("users.alice.>"), TopicPattern.parse("models.*")),
            p.subscribePatterns());
        assertTrue(p.mayPublish("users.alice.tasks"));
        assertFalse(p.mayPublish("users.bob.tasks"));
        assertTrue(p.admin());
        assertTrue(auth.required());
    }

    @Test
    void shouldTreatAbsentPatternClaimsAsAnyTopicAndEmptyArraysAsNone() throws Exception
    {
        final Principal any = auth.authenticate(userToken(b -> b));
        assertNull(any.subscribePatterns());
        assertTrue(any.publishUnrestricted());
        assertTrue(any.mayPublish("anything.at.all"));
        assertFalse(any.admin());
        assertFalse(any.expires());
        assertEquals(Principal.NO_EXPIRY, any.expiresAtMillis());

        final Principal none = auth.authenticate(userToken(b -> b.withClaim("subscribe", List.of())
            .withClaim("publish", List.of())));
        assertFalse(none.maySubscribe(TopicPattern.parse("a")));
        assertFalse(none.publishUnrestricted());
        assertFalse(none.mayPublish("a"));
    }

    @Test
    void shouldRefuseMissingToken()
    {
        assertTrue(refused(null).getMessage().startsWith("no token"));
        assertTrue(refused("").getMessage().startsWith("no token"));
    }

    @Test
    void shouldRefuseTokenSignedWithAnotherSecret()
    {
        final String token = JWT.create().withSubject("alice")
            .sign(Algorithm.HMAC256("another-secret-that-is-long-enough-to-use"));
        assertTrue(refused(token).getMessage().startsWith("signature does not verify"));
    }

    @Test
    void shouldRefuseExpiredTokenSayingWhen() throws Exception
    {
        final AuthException ex = refused(userToken(b -> b.withExpiresAt(NOW.minusSeconds(120))));
        assertEquals("token expired at 2026-03-01T11:58:00Z", ex.getMessage());
        final Principal withinLeeway = auth.authenticate(userToken(b -> b.withExpiresAt(NOW.minusSeconds(20))));
        assertEquals(NOW.plusSeconds(10).toEpochMilli(), withinLeeway.expiresAtMillis());
        final JwtAuthenticator strict = new JwtAuthenticator(JwtSettings.hs256(SECRET).withLeeway(Duration.ZERO)
            .withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
        assertTrue(refused(strict, userToken(b -> b.withExpiresAt(NOW.minusSeconds(1)))).getMessage()
            .startsWith("token expired at"));
    }

    @Test
    void shouldRefuseTokenNotYetValid()
    {
        assertEquals("token is not valid before 2026-03-01T12:02:00Z",
            refused(userToken(b -> b.withNotBefore(NOW.plusSeconds(120)))).getMessage());
        assertTrue(refused(userToken(b -> b.withIssuedAt(NOW.plusSeconds(120)))).getMessage()
            .startsWith("token was issued in the future"));
    }

    @Test
    void shouldCheckIssuerAndAudienceWhenConfigured() throws Exception
    {
        final JwtAuthenticator checked = new JwtAuthenticator(JwtSettings.hs256(SECRET).withIssuer("https://idp")
            .withAudience("ringcast").withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
        assertEquals("alice", checked.authenticate(userToken(b -> b.withIssuer("https://idp")
            .withAudience("other", "ringcast"))).user());
        assertEquals("claim 'iss' does not name the issuer this server trusts",
            refused(checked, userToken(b -> b.withIssuer("https://evil").withAudience("ringcast"))).getMessage());
        assertTrue(refused(checked, userToken(b -> b.withAudience("ringcast"))).getMessage()
            .startsWith("missing claim 'iss'"));
        assertEquals("claim 'aud' does not include this server's audience",
            refused(checked, userToken(b -> b.withIssuer("https://idp").withAudience("other"))).getMessage());
        assertTrue(refused(checked, userToken(b -> b.withIssuer("https://idp"))).getMessage()
            .startsWith("missing claim 'aud'"));
    }

    @Test
    void shouldRequireExpiryWhenConfigured() throws Exception
    {
        final JwtAuthenticator expiring = new JwtAuthenticator(JwtSettings.hs256(SECRET).withRequireExpiry(true)
            .withClock(Clock.fixed(NOW, ZoneOffset.UTC)));
        assertTrue(refused(expiring, userToken(b -> b)).getMessage().startsWith("missing claim 'exp'"));
        assertTrue(expiring.authenticate(userToken(b -> b.withExpiresAt(NOW.plusSeconds(5)))).expires());
    }

    @Test
    void shouldRefuseBadClaimsSayingWhichAndWhy()
    {
        assertTrue(refused(hs256(b -> b.withClaim("x", 1))).getMessage().startsWith("missing claim 'sub'"));
        assertTrue(refused(hs256(b -> b.withSubject(""))).getMessage().contains("1 to 128 characters"));
        assertTrue(refused(hs256(b -> b.withSubject("u".repeat(129)))).getMessage().contains("was 129"));
        assertEquals("claim 'sub' must be a string", refused(hs256(b -> b.withClaim("sub", 42))).getMessage());
        assertTrue(refused(hs256(b -> b.withSubject("a\nb"))).getMessage().contains("control character"));
        assertTrue(refused(userToken(b -> b.withClaim("publish", "models.>"))).getMessage()
            .startsWith("claim 'publish' must be an array of topic patterns"));
        assertEquals("claim 'subscribe' item #2 is not a string",
            refused(userToken(b -> b.withClaim("subscribe", List.of("a", 7)))).getMessage());
        final String message = refused(userToken(b -> b.withClaim("publish", List.of("a.b", "a.>.b"))))
            .getMessage();
        assertTrue(message.startsWith("claim 'publish' item #2 'a.>.b' is not a valid topic pattern: "), message);
        assertEquals("claim 'admin' must be true or false",
            refused(userToken(b -> b.withClaim("admin", "yes"))).getMessage());
        assertTrue(refused(hs256(b -> b.withSubject("a").withClaim("exp", "tomorrow"))).getMessage()
            .startsWith("claim 'exp' must be a NumericDate"));
    }

    @Test
    void shouldRefuseWhatIsNotAJwtWithoutEchoingIt()
    {
        assertTrue(refused("not-a-token-at-all").getMessage().startsWith("token is not a JWT: it has 1"));
        assertTrue(refused("aaaaaaaaaa.bbbbbbbbbb.cccccccccc.dddddddddd").getMessage().contains("it has 4"));
        assertEquals("token starts with 'Bearer ': send the token alone",
            refused("Bearer " + userToken(b -> b)).getMessage());
        assertEquals("token is not a JWT: a character at index 3 of its header is not base64url",
            refused("abc%def.ghijklmnop.qrstuvwxyz").getMessage());
        final String notJson = b64("{\"alg\":\"HS256\"") + "." + b64("secret stuff") + ".c2lnbmF0dXJlLWJ5dGVz";
        assertEquals("token is not a JWT: its header or payload is not base64url-encoded JSON",
            refused(notJson).getMessage());
        assertTrue(refused("x".repeat(9000)).getMessage().contains("at most 8192"));
    }

    @Test
    void shouldRefuseOtherAlgorithms()
    {
        final String none = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64("{\"sub\":\"alice\"}") + ".";
        assertEquals("token is signed with none; this server accepts HS256 only", refused(none).getMessage());
        final String hs512 = JWT.create().withSubject("alice").sign(Algorithm.HMAC512(SECRET));
        assertEquals("token is signed with HS512; this server accepts HS256 only", refused(hs512).getMessage());
    }

    @Test
    void shouldRefuseShortSecretsAndBadSettings(@TempDir final Path dir) throws Exception
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> JwtSettings.hs256("too-short"));
        assertTrue(ex.getMessage().contains("9 bytes") && ex.getMessage().contains("at least 32"), ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> JwtSettings.hs256(SECRET).withLeeway(Duration.ofDays(1)));
        assertThrows(IllegalArgumentException.class, () -> JwtSettings.hs256(SECRET).withIssuer(""));

        final Path secretFile = dir.resolve("secret");
        Files.writeString(secretFile, SECRET + "\n");
        final JwtAuthenticator fromFile = new JwtAuthenticator(JwtSettings.hs256SecretFile(secretFile));
        assertEquals("alice", fromFile.authenticate(userToken(b -> b)).user());
        assertTrue(assertThrows(IllegalArgumentException.class,
            () -> JwtSettings.hs256SecretFile(dir.resolve("nope"))).getMessage().contains("does not exist"));
        assertFalse(JwtSettings.hs256(SECRET).toString().contains(SECRET));
    }

    @Test
    void shouldAdmitEveryoneAsAnonymousWhenAuthIsOff() throws Exception
    {
        final OpenAuthenticator open = OpenAuthenticator.INSTANCE;
        assertFalse(open.required());
        assertSame(open.authenticate(null), open.authenticate("garbage"));
        final Principal p = open.authenticate("");
        assertEquals("anonymous", p.user());
        assertTrue(p.admin());
        assertFalse(p.expires());
        assertTrue(p.mayPublish("x.y") && p.maySubscribe(TopicPattern.parse(">")));
    }

    static String b64(final String json)
    {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
