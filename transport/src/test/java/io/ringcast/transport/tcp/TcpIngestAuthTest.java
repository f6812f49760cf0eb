package io.ringcast.transport.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTCreator;
import com.auth0.jwt.algorithms.Algorithm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.delivery.CountingDelivery;
import io.ringcast.engine.event.ContentType;
import io.ringcast.engine.event.Event;
import io.ringcast.engine.event.Priority;
import io.ringcast.engine.journal.InMemoryJournal;
import io.ringcast.engine.pipeline.EngineConfig;
import io.ringcast.transport.auth.JwtAuthenticator;
import io.ringcast.transport.auth.JwtSettings;
import io.ringcast.transport.tcp.TcpTestSupport.Frame;
import io.ringcast.transport.tcp.TcpTestSupport.RawClient;

/** The binary TCP ingest with JWT auth: HELLO refusals, per-topic publish checks, and the close at expiry. */
class TcpIngestAuthTest
{
    private static final String SECRET = "tcp-ingest-auth-test-secret-0123456789";

    private final ShiftedClock serverClock = new ShiftedClock();
    private TcpTestSupport support;

    @BeforeEach
    void start()
    {
        support = new TcpTestSupport(EngineConfig.defaults(), new InMemoryJournal(), new CountingDelivery(),
            TcpIngestConfig.defaults().withPort(0),
            new JwtAuthenticator(JwtSettings.hs256(SECRET).withLeeway(Duration.ZERO)), serverClock);
    }

    @AfterEach
    void stop()
    {
        support.close();
    }

    private static String token(final java.util.function.UnaryOperator<JWTCreator.Builder> claims)
    {
        return claims.apply(JWT.create().withSubject("svc-catalogue")).sign(Algorithm.HMAC256(SECRET));
    }

    private static byte[] publish(final long correlationId, final String topic)
    {
        final Event event = new Event(0, "e-" + correlationId, "", topic, Priority.NORMAL, 1_700_000_000_000L,
            Map.of(), ContentType.JSON, "{}".getBytes(StandardCharsets.UTF_8));
        return TcpTestSupport.publish(correlationId, event.toBytes());
    }

    private static void assertNack(final Frame frame, final long correlationId, final String messageStart)
    {
        assertNotNull(frame, "the connection closed without a NACK");
        assertEquals(TcpProtocol.NACK, frame.type());
        assertEquals(correlationId, frame.correlationId());
        assertEquals(NackCode.UNAUTHORIZED.code(), frame.nackCode());
        assertTrue(frame.nackMessage().startsWith(messageStart), frame.nackMessage());
    }

    private static void assertAck(final Frame frame, final long correlationId)
    {
        assertNotNull(frame, "the connection closed without an ACK");
        assertEquals(TcpProtocol.ACK, frame.type(), () -> frame.type() == TcpProtocol.NACK ? frame.nackMessage() : "");
        assertEquals(correlationId, frame.correlationId());
    }

    private void assertHelloRefused(final String token, final String messageStart) throws Exception
    {
        try (RawClient client = new RawClient(support.port(), 10_000))
        {
            client.send(TcpTestSupport.hello(TcpProtocol.VERSION, token, "pub"));
            assertNack(client.read(), 0, messageStart);
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void shouldRefuseHelloWithoutTokenAndClose() throws Exception
    {
        assertHelloRefused("", "no token: this server requires a JWT signed with HS256");
    }

    @Test
    void shouldRefuseHelloWithForgedTokenAndClose() throws Exception
    {
        final String forged = JWT.create().withSubject("mallory")
            .sign(Algorithm.HMAC256("not-the-server-secret-but-long-enough!!"));
        assertHelloRefused(forged, "signature does not verify");
    }

    @Test
    void shouldRefuseHelloWithExpiredTokenAndClose() throws Exception
    {
        assertHelloRefused(token(b -> b.withExpiresAt(Instant.now().minusSeconds(60))), "token expired at ");
    }

    @Test
    void shouldAckAllowedTopicsAndRefuseOthersOnTheSameConnection() throws Exception
    {
        try (RawClient client = new RawClient(support.port(), 10_000))
        {
            client.handshake(token(b -> b.withClaim("publish", List.of("models.>", "users.*.tasks"))));
            client.send(publish(1, "models.openai.gpt-x"));
            assertAck(client.read(), 1);
            client.send(publish(2, "users.42.alerts"));
            final Frame refused = client.read();
            assertNack(refused, 2, "topic 'users.42.alerts' is outside this token's publish patterns");
            client.send(publish(3, "models"));
            assertNack(client.read(), 3, "topic 'models'");
            client.send(publish(4, "users.42.tasks"));
            assertAck(client.read(), 4);
            client.send(TcpTestSupport.publish(5, new byte[] {1, 1, 1, 0}));
            final Frame malformed = client.read();
            assertEquals(NackCode.MALFORMED_EVENT.code(), malformed.nackCode(), "malformed is not unauthorized");
        }
    }

    @Test
    void shouldRefuseEveryPublishWhenThePublishClaimIsEmpty() throws Exception
    {
        try (RawClient client = new RawClient(support.port(), 10_000))
        {
            client.handshake(token(b -> b.withClaim("publish", List.of())));
            client.send(publish(1, "models.openai"));
            assertNack(client.read(), 1, "topic 'models.openai'");
            client.send(TcpTestSupport.ping(9));
            assertEquals(TcpProtocol.PONG, client.read().type(), "the connection stays open");
        }
    }

    @Test
    void shouldSendFinalNackAndCloseWhenTheTokenExpires() throws Exception
    {
        final Instant exp = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        // the server's clock runs one second short of exp: its expiry timer fires about a second from now
        serverClock.shiftMillis = exp.toEpochMilli() - 1000 - System.currentTimeMillis();
        try (RawClient client = new RawClient(support.port(), 30_000))
        {
            client.handshake(token(b -> b.withExpiresAt(exp)));
            assertNack(client.read(), 0, "token expired");
            assertTrue(client.closedByServer());
        }
    }

    @Test
    void shouldRefusePublishesReadAfterTheTokenExpired() throws Exception
    {
        final Instant exp = Instant.now().plusSeconds(3600);
        try (RawClient client = new RawClient(support.port(), 10_000))
        {
            client.handshake(token(b -> b.withExpiresAt(exp)));
            client.send(publish(1, "models.openai"));
            assertAck(client.read(), 1);
            serverClock.shiftMillis = Duration.ofHours(2).toMillis(); // the timer is an hour away: the read sees it
            client.send(publish(2, "models.openai"));
            assertNack(client.read(), 0, "token expired");
            assertTrue(client.closedByServer(), "no ACK for the publish sent after expiry");
        }
    }

    /** Wall-clock time shifted by a settable amount. */
    private static final class ShiftedClock extends Clock
    {
        volatile long shiftMillis;

        @Override
        public long millis()
        {
            return System.currentTimeMillis() + shiftMillis;
        }

        @Override
        public Instant instant()
        {
            return Instant.ofEpochMilli(millis());
        }

        @Override
        public ZoneId getZone()
        {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone)
        {
            return this;
        }
    }
}
