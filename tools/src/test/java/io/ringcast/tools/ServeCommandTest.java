package io.ringcast.tools;

import static io.ringcast.tools.CliFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ringcast serve}'s checks before it starts anything: auth on non-loopback addresses, key options, the
 * config file. (Running servers are covered by {@code ServeIT}.)
 */
class ServeCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseToServeANonLoopbackAddressWithoutAuth()
    {
        final CliFixtures.Result result = run("serve", "--data", dir.resolve("d").toString(), "--bind", "0.0.0.0");
        assertEquals(RingcastCli.EXIT_USAGE, result.status());
        assertTrue(result.err().contains("refusing to serve 0.0.0.0 without auth"), result.err());
        assertTrue(Files.notExists(dir.resolve("d")), "nothing was started or created");
    }

    @Test
    void shouldRefuseTwoKeysAShortSecretAndAuthOptionsWithoutAKey() throws Exception
    {
        final CliFixtures.Result two = run("serve", "--auth-secret", "x".repeat(40), "--auth-public-key",
            dir.resolve("k.pem").toString());
        assertEquals(RingcastCli.EXIT_USAGE, two.status());
        assertTrue(two.err().contains("give one of --auth-secret"), two.err());

        final CliFixtures.Result shortSecret = run("serve", "--auth-secret", "too-short");
        assertEquals(RingcastCli.EXIT_USAGE, shortSecret.status());
        assertTrue(shortSecret.err().contains("32"), shortSecret.err());

        final CliFixtures.Result issuer = run("serve", "--auth-issuer", "me");
        assertEquals(RingcastCli.EXIT_USAGE, issuer.status());
        assertTrue(issuer.err().contains("need a key"), issuer.err());

        final CliFixtures.Result missingKey = run("serve", "--auth-public-key", dir.resolve("none.pem").toString());
        assertEquals(RingcastCli.EXIT_USAGE, missingKey.status());
        assertTrue(missingKey.err().contains("none.pem"), missingKey.err());
    }

    @Test
    void shouldTakeOptionsFromTheConfigFileAndRefuseUnknownKeys() throws Exception
    {
        final Path config = dir.resolve("ringcast.properties");
        Files.writeString(config, "bind=0.0.0.0\n");
        final CliFixtures.Result fromFile = run("serve", "--config", config.toString());
        assertEquals(RingcastCli.EXIT_USAGE, fromFile.status());
        assertTrue(fromFile.err().contains("refusing to serve 0.0.0.0"), "the file's bind was used: " +
            fromFile.err());

        Files.writeString(config, "htp-port=8081\n");
        final CliFixtures.Result typo = run("serve", "--config", config.toString());
        assertEquals(RingcastCli.EXIT_USAGE, typo.status());
        assertTrue(typo.err().contains("'htp-port' is not a serve option"), typo.err());

        final CliFixtures.Result missing = run("serve", "--config", dir.resolve("nope.properties").toString());
        assertEquals(RingcastCli.EXIT_USAGE, missing.status());
        assertTrue(missing.err().contains("cannot read"), missing.err());

        Files.writeString(config, "slow-consumer=sometimes\n");
        final CliFixtures.Result badValue = run("serve", "--config", config.toString());
        assertEquals(RingcastCli.EXIT_USAGE, badValue.status());
        assertTrue(badValue.err().contains("unknown slow-consumer policy 'sometimes'"), badValue.err());
    }
}
