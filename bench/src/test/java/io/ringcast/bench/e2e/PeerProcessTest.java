package io.ringcast.bench.e2e;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class PeerProcessTest
{
    @Test
    void shouldSayHowToInstallWhenTheBinaryIsMissing()
    {
        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> PeerProcess.findBinary("no-such-peer-server"));
        assertTrue(ex.getMessage().contains("no-such-peer-server not found"), ex.getMessage());
        assertTrue(ex.getMessage().contains("apt-get install -y nats-server mosquitto"), ex.getMessage());
        assertFalse(PeerProcess.isInstalled("no-such-peer-server"));
    }

    @Test
    void shouldQuoteTheLogWhenTheServerExitsBeforeListening() throws Exception
    {
        final Path sh = Path.of("/bin/sh");
        assumeTrue(Files.isExecutable(sh));
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> PeerProcess.start(sh, 1,
            "peer.conf", ports -> "port " + ports[0] + "\n",
            config -> List.of("-c", "echo \"bad line 1 in $0\"; exit 3", config.toString()), Duration.ofSeconds(30)));
        assertTrue(ex.getMessage().contains("exited with code 3 before 127.0.0.1:"), ex.getMessage());
        assertTrue(ex.getMessage().contains("bad line 1 in "), ex.getMessage());
        assertTrue(ex.getMessage().contains("peer.conf"), ex.getMessage());
    }

    @Test
    void shouldReadTheVersionLineOfAnInstalledPeer()
    {
        assumeTrue(PeerProcess.isInstalled("nats-server"));
        assertTrue(PeerProcess.firstOutputLine(PeerProcess.findBinary("nats-server"), "--version")
            .startsWith("nats-server: v"));
    }
}
