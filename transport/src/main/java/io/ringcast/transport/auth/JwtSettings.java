package io.ringcast.transport.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * How a {@link JwtAuthenticator} verifies tokens: the algorithm and its key (an HS256 shared secret or an RS256
 * RSA public key), an optional expected issuer ({@code iss}) and audience ({@code aud}), the clock leeway, whether
 * tokens must carry {@code exp}, and the clock. Immutable; start from {@link #hs256} or {@link #rs256} and refine
 * with the {@code with*} copies. Any thread; control path (allocates).
 */
public final class JwtSettings
{
    /** Shortest HS256 secret accepted, in bytes: the hash's own size (RFC 7518 section 3.2). */
    public static final int MIN_SECRET_BYTES = 32;
    /** Smallest RSA modulus accepted for RS256, in bits (RFC 7518 section 3.3). */
    public static final int MIN_RSA_BITS = 2048;
    /** Default tolerance for clock differences between the token issuer and this server. */
    public static final Duration DEFAULT_LEEWAY = Duration.ofSeconds(30);
    /** Largest leeway accepted. */
    public static final Duration MAX_LEEWAY = Duration.ofHours(1);

    /** The two signature algorithms served. */
    public enum Algorithm
    {
        /** HMAC with SHA-256 and a shared secret. */
        HS256,
        /** RSASSA-PKCS1-v1_5 with SHA-256, verified with the issuer's public key. */
        RS256
    }

    private final Algorithm algorithm;
    private final byte[] secret;
    private final RSAPublicKey publicKey;
    private final String issuer;
    private final String audience;
    private final Duration leeway;
    private final boolean requireExpiry;
    private final Clock clock;

    private JwtSettings(final Algorithm algorithm, final byte[] secret, final RSAPublicKey publicKey,
        final String issuer, final String audience, final Duration leeway, final boolean requireExpiry,
        final Clock clock)
    {
        this.algorithm = algorithm;
        this.secret = secret;
        this.publicKey = publicKey;
        this.issuer = issuer;
        this.audience = audience;
        this.leeway = leeway;
        this.requireExpiry = requireExpiry;
        this.clock = clock;
    }

    /**
     * HS256 with a shared secret (copied).
     *
     * @throws IllegalArgumentException when the secret is shorter than {@link #MIN_SECRET_BYTES}
     */
    public static JwtSettings hs256(final byte[] secret)
    {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_BYTES)
        {
            throw new IllegalArgumentException("the HS256 secret is " + secret.length + " bytes; it must be at " +
                "least " + MIN_SECRET_BYTES + " bytes (e.g. 'openssl rand -base64 48')");
        }
        return new JwtSettings(Algorithm.HS256, secret.clone(), null, null, null, DEFAULT_LEEWAY, false,
            Clock.systemUTC());
    }

    /** HS256 with the UTF-8 bytes of {@code secret}; see {@link #hs256(byte[])}. */
    public static JwtSettings hs256(final String secret)
    {
        return hs256(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * HS256 with the secret held in {@code file} (its bytes, trailing line breaks removed), which keeps the secret
     * off the command line.
     *
     * @throws IllegalArgumentException when the file is missing, unreadable or holds too short a secret
     */
    public static JwtSettings hs256SecretFile(final Path file)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final NoSuchFileException ex)
        {
            throw new IllegalArgumentException("HS256 secret file " + file + " does not exist", ex);
        }
        catch (final IOException ex)
        {
            throw new IllegalArgumentException("cannot read HS256 secret file " + file + ": " + ex, ex);
        }
        int length = bytes.length;
        while (length > 0 && (bytes[length - 1] == '\n' || bytes[length - 1] == '\r'))
        {
            length--;
        }
        try
        {
            return hs256(Arrays.copyOf(bytes, length));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("HS256 secret file " + file + ": " + ex.getMessage(), ex);
        }
        finally
        {
            Arrays.fill(bytes, (byte)0);
        }
    }

    /**
     * RS256 verified with {@code publicKey}.
     *
     * @throws IllegalArgumentException when the key is shorter than {@link #MIN_RSA_BITS}
     */
    public static JwtSettings rs256(final RSAPublicKey publicKey)
    {
        Objects.requireNonNull(publicKey, "publicKey");
        final int bits = publicKey.getModulus().bitLength();
        if (bits < MIN_RSA_BITS)
        {
            throw new IllegalArgumentException("the RS256 public key has " + bits + " bits; it must have at least " +
                MIN_RSA_BITS);
        }
        return new JwtSettings(Algorithm.RS256, null, publicKey, null, null, DEFAULT_LEEWAY, false,
            Clock.systemUTC());
    }

    /**
     * RS256 verified with the RSA public key in the PEM file {@code pemFile} (see {@link RsaPublicKeyPem}).
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static JwtSettings rs256(final Path pemFile)
    {
        final RSAPublicKey key = RsaPublicKeyPem.read(pemFile);
        try
        {
            return rs256(key);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IllegalArgumentException("RSA public key file " + pemFile + ": " + ex.getMessage(), ex);
        }
    }

    /** A copy that requires {@code iss} to equal {@code expectedIssuer} (null: not checked). */
    public JwtSettings withIssuer(final String expectedIssuer)
    {
        return new JwtSettings(algorithm, secret, publicKey, nonEmpty(expectedIssuer, "issuer"), audience, leeway,
            requireExpiry, clock);
    }

    /** A copy that requires {@code aud} to contain {@code expectedAudience} (null: not checked). */
    public JwtSettings withAudience(final String expectedAudience)
    {
        return new JwtSettings(algorithm, secret, publicKey, issuer, nonEmpty(expectedAudience, "audience"),
            leeway, requireExpiry, clock);
    }

    /**
     * A copy tolerating {@code tolerance} (whole seconds, 0..{@link #MAX_LEEWAY}) of clock difference on
     * {@code exp}, {@code nbf} and {@code iat}; a token is honoured until {@code exp} plus this.
     */
    public JwtSettings withLeeway(final Duration tolerance)
    {
        Objects.requireNonNull(tolerance, "tolerance");
        if (tolerance.isNegative() || tolerance.compareTo(MAX_LEEWAY) > 0)
        {
            throw new IllegalArgumentException("leeway must be between 0 and " + MAX_LEEWAY.toSeconds() +
                " seconds, was " + tolerance.toSeconds() + " s");
        }
        return new JwtSettings(algorithm, secret, publicKey, issuer, audience,
            Duration.ofSeconds(tolerance.toSeconds()), requireExpiry, clock);
    }

    /** A copy that refuses tokens without {@code exp} (default: such tokens never expire). */
    public JwtSettings withRequireExpiry(final boolean required)
    {
        return new JwtSettings(algorithm, secret, publicKey, issuer, audience, leeway, required, clock);
    }

    /** A copy that reads time from {@code now} (tests); default {@link Clock#systemUTC()}. */
    public JwtSettings withClock(final Clock now)
    {
        return new JwtSettings(algorithm, secret, publicKey, issuer, audience, leeway, requireExpiry,
            Objects.requireNonNull(now, "now"));
    }

    /** The signature algorithm. */
    public Algorithm algorithm()
    {
        return algorithm;
    }

    /** The expected issuer, or null when not checked. */
    public String issuer()
    {
        return issuer;
    }

    /** The expected audience, or null when not checked. */
    public String audience()
    {
        return audience;
    }

    /** The clock leeway (whole seconds). */
    public Duration leeway()
    {
        return leeway;
    }

    /** True when tokens without {@code exp} are refused. */
    public boolean requireExpiry()
    {
        return requireExpiry;
    }

    /** The clock tokens are checked against. */
    public Clock clock()
    {
        return clock;
    }

    /** The HS256 secret (the settings' own array: do not modify), or null for RS256. */
    byte[] secret()
    {
        return secret;
    }

    /** The RS256 public key, or null for HS256. */
    RSAPublicKey publicKey()
    {
        return publicKey;
    }

    private static String nonEmpty(final String value, final String what)
    {
        if (value != null && value.isEmpty())
        {
            throw new IllegalArgumentException("the expected " + what + " must not be empty (null: not checked)");
        }
        return value;
    }

    /** Describes the settings without the key material. */
    @Override
    public String toString()
    {
        return "JwtSettings{" + algorithm + (issuer == null ? "" : ", iss=" + issuer) +
            (audience == null ? "" : ", aud=" + audience) + ", leeway=" + leeway.toSeconds() + "s" +
            (requireExpiry ? ", exp required" : "") + '}';
    }
}
