package io.ringcast.transport.webhook;

import org.junit.jupiter.api.Test;

import io.ringcast.engine.policy.CircuitBreaker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WebhookDispatcherConfigTest
{
    private static final WebhookDispatcherConfig D = WebhookDispatcherConfig.DEFAULT;

    @Test
    void shouldHaveDocumentedDefaults()
    {
        assertEquals(new WebhookDispatcherConfig(5_000, 10_000, CircuitBreaker.Settings.DEFAULT, 10_000, 4, 300_000,
            2_000), D);
    }

    @Test
    void shouldRefuseOutOfRangeValuesWithPreciseMessages()
    {
        assertMessage("webhook connectTimeoutMillis must be in 1..600000 (1 ms..10 min), was 0",
            () -> D.withTimeouts(0, 1));
        assertMessage("webhook requestTimeoutMillis must be in 1..600000 (1 ms..10 min), was 600001",
            () -> D.withTimeouts(1, 600_001));
        assertMessage("webhook maxQueuedPerEndpoint must be in 1..1000000, was 0", () -> D.withEndpointLimits(0, 1));
        assertMessage("webhook maxInFlightPerEndpoint must be in 1..1000, was 1001",
            () -> D.withEndpointLimits(1, 1001));
        assertMessage("webhook maxCircuitWaitMillis must be in 1..86400000 (1 ms..24 h), was 0",
            () -> D.withMaxCircuitWaitMillis(0));
        assertMessage("webhook closeGraceMillis must be in 0..60000 (0..60 s), was -1",
            () -> D.withCloseGraceMillis(-1));
        assertThrows(NullPointerException.class, () -> D.withBreaker(null));
    }

    private static void assertMessage(final String expected, final Runnable action)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, action::run);
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }
}
