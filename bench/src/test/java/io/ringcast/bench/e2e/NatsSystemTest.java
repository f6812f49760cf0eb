package io.ringcast.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NatsSystemTest
{
    private final NatsSystem system = new NatsSystem();

    @BeforeEach
    void needsNatsServer()
    {
        assumeTrue(PeerProcess.isInstalled("nats-server"), "nats-server not installed: " + PeerProcess.INSTALL_HINT);
    }

    @AfterEach
    void stop()
    {
        system.close();
    }

    @Test
    void shouldStartOnFreeLoopbackPortsAndStopCleanly() throws Exception
    {
        system.start(PeerEndToEnd.SPEC);
        PeerEndToEnd.startsAndStopsCleanly(system, system.peer());
    }

    @Test
    void shouldDeliverEachSubscriberExactlyItsMessagesOverWebSocket() throws Exception
    {
        system.start(PeerEndToEnd.SPEC);
        PeerEndToEnd.deliversEachSubscriberExactlyItsMessages(system);
    }

    @Test
    void shouldDescribeServerVersionProtocolsAndClientLibrary()
    {
        final String description = system.describe();
        assertTrue(description.startsWith("nats-server: v"), description);
        assertTrue(description.contains("jnats 2."), description);
        assertTrue(description.contains("WebSocket"), description);
        assertEquals("nats", system.name());
    }

    @Test
    void shouldRefusePublishersBeforeStart()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class, system::newPublisher);
        assertTrue(ex.getMessage().contains("start"), ex.getMessage());
        assertEquals(-1, system.serverPid());
    }
}
