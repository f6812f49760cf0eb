package io.ringcast.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MosquittoSystemTest
{
    private final MosquittoSystem system = new MosquittoSystem();

    @BeforeEach
    void needsMosquitto()
    {
        assumeTrue(PeerProcess.isInstalled("mosquitto"), "mosquitto not installed: " + PeerProcess.INSTALL_HINT);
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
    void shouldDescribeServerVersionProtocolsClientLibraryAndQueueLimit()
    {
        final String description = system.describe();
        assertTrue(description.startsWith("mosquitto version "), description);
        assertTrue(description.contains("Paho mqttv3 1."), description);
        assertTrue(description.contains("max_queued_messages 1000"), description);
    }

    @Test
    void shouldNameRunsByTheirQueueLimit()
    {
        assertEquals("mosquitto", system.name());
        assertEquals("mosquitto-q100000", new MosquittoSystem(100_000).name());
        assertEquals("mosquitto-unbounded", new MosquittoSystem(0).name());
        assertTrue(new MosquittoSystem(0).describe().contains("max_queued_messages unlimited"));
        assertTrue(new MosquittoSystem(5).config(1883, 8080).contains("max_queued_messages 5\n"));
        assertThrows(IllegalArgumentException.class, () -> new MosquittoSystem(-1));
    }
}
