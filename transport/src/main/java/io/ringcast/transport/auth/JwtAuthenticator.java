package io.ringcast.transport.auth;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.AlgorithmMismatchException;
import com.auth0.jwt.exceptions.IncorrectClaimException;
import com.auth0.jwt.exceptions.JWTDecodeException;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.exceptions.MissingClaimException;
import com.auth0.jwt.exceptions.SignatureVerificationException;
import com.auth0.jwt.exceptions.TokenExpiredException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.auth0.jwt.interfaces.Verification;

import io.ringcast.engine.match.TopicPattern;

/**
 * Verifies JSON Web Tokens (HS256 or RS256, per {@link JwtSettings}) with java-jwt and maps their claims to a
 * {@link Principal}:
 * <ul>
 *   <li>{@code sub} (required, 1..128 characters, no control characters): the user id;</li>
 *   <li>{@code exp}: the expiry; the principal is honoured until {@code exp} plus the leeway. Absent: never
 *       expires, unless {@link JwtSettings#requireExpiry()};</li>
 *   <li>{@code nbf}, {@code iat}: checked with the leeway when present;</li>
 *   <li>{@code iss}, {@code aud}: checked when the settings name an issuer / audience;</li>
 *   <li>{@code subscribe}, {@code publish}: arrays of topic patterns (absent: any topic, {@code []}: none);</li>
 *   <li>{@code admin}: boolean, default false.</li>
 * </ul>
 * Refusals are {@link AuthException}s whose message says what was wrong and never contains the token.
 * <p>
 * Thread safe and non-blocking (java-jwt's verifier is immutable; verification is CPU only): event loops may call
 * {@link #authenticate} directly. Each call allocates (decoding, the principal).
 */
public final class JwtAuthenticator implements Authenticator
{
    /** Longest token accepted, in characters. */
    public static final int MAX_TOKEN_LENGTH = 8192;
    /** Longest {@code sub} accepted, in characters. */
    public static final int MAX_USER_LENGTH = 128;
    /** Most patterns one {@code subscribe} or {@code publish} claim may list. */
    public static final int MAX_PATTERNS = 256;

    private static final String[] PART_NAMES = {"header", "payload", "signature"};

    private final JwtSettings settings;
    private final JWT decoder = new JWT(); // thread safe; reuses java-jwt's JSON readers
    private final JWTVerifier verifier;
    private final long leewayMillis;

    /** An authenticator verifying with {@code settings}. */
    public JwtAuthenticator(final JwtSettings settings)
    {
        this.settings = Objects.requireNonNull(settings, "settings");
        final Algorithm algorithm = settings.algorithm() == JwtSettings.Algorithm.HS256 ?
            Algorithm.HMAC256(settings.secret()) : Algorithm.RSA256(settings.publicKey(), null);
        Verification verification = JWT.require(algorithm).acceptLeeway(settings.leeway().toSeconds());
        if (settings.issuer() != null)
        {
            verification = verification.withIssuer(settings.issuer());
        }
        if (settings.audience() != null)
        {
            verification = verification.withAudience(settings.audience());
        }
        this.verifier = ((JWTVerifier.BaseVerification)verification).build(settings.clock());
        this.leewayMillis = settings.leeway().toMillis();
    }

    /** The settings tokens are verified with. */
    public JwtSettings settings()
    {
        return settings;
    }

    /** Always true: a token is required. */
    @Override
    public boolean required()
    {
        return true;
    }

    /** {@inheritDoc} */
    @Override
    public Principal authenticate(final String token) throws AuthException
    {
        if (token == null || token.isEmpty())
        {
            throw new AuthException("no token: this server requires a JWT signed with " + settings.algorithm());
        }
        checkShape(token);
        final DecodedJWT jwt;
        try
        {
            jwt = decoder.decodeJwt(token);
        }
        catch (final JWTDecodeException ex)
        {
            throw new AuthException(decodeProblem(ex));
        }
        verify(jwt);
        return principal(jwt);
    }

    private void verify(final DecodedJWT jwt) throws AuthException
    {
        try
        {
            verifier.verify(jwt);
        }
        catch (final AlgorithmMismatchException ex)
        {
            throw new AuthException("token is signed with " + printable(jwt.getAlgorithm()) + "; this server " +
                "accepts " + settings.algorithm() + " only");
        }
        catch (final SignatureVerificationException ex)
        {
            throw new AuthException("signature does not verify with this server's " +
                (settings.algorithm() == JwtSettings.Algorithm.HS256 ? "secret" : "public key"));
        }
        catch (final TokenExpiredException ex)
        {
            throw new AuthException("token expired at " + ex.getExpiredOn());
        }
        catch (final MissingClaimException ex)
        {
            throw new AuthException("missing claim '" + ex.getClaimName() + "'" + expectation(ex.getClaimName()));
        }
        catch (final IncorrectClaimException ex)
        {
            throw new AuthException(incorrect(jwt, ex.getClaimName()));
        }
        catch (final JWTDecodeException ex)
        {
            throw new AuthException(decodeProblem(ex));
        }
        catch (final JWTVerificationException ex)
        {
            throw new AuthException("token refused: " + ex.getClass().getSimpleName());
        }
    }

    private Principal principal(final DecodedJWT jwt) throws AuthException
    {
        final String user = user(jwt.getClaim("sub"));
        final Instant exp = jwt.getExpiresAtAsInstant();
        if (exp == null && settings.requireExpiry())
        {
            throw new AuthException("missing claim 'exp': this server accepts only tokens that expire");
        }
        final long expiresAtMillis = exp == null ? Principal.NO_EXPIRY : saturatedAdd(exp.toEpochMilli(), leewayMillis);
        final List<TopicPattern> subscribe = patterns(jwt.getClaim("subscribe"), "subscribe");
        final List<TopicPattern> publish = patterns(jwt.getClaim("publish"), "publish");
        final Claim adminClaim = jwt.getClaim("admin");
        boolean admin = false;
        if (!adminClaim.isMissing())
        {
            final Boolean value = adminClaim.asBoolean();
            if (value == null)
            {
                throw new AuthException("claim 'admin' must be true or false");
            }
            admin = value;
        }
        return new Principal(user, expiresAtMillis, subscribe, publish, admin);
    }

    private static String user(final Claim sub) throws AuthException
    {
        if (sub.isMissing() || sub.isNull())
        {
            throw new AuthException("missing claim 'sub': the token must name its user");
        }
        final String user = sub.asString();
        if (user == null)
        {
            throw new AuthException("claim 'sub' must be a string");
        }
        if (user.isEmpty() || user.length() > MAX_USER_LENGTH)
        {
            throw new AuthException("claim 'sub' must be 1 to " + MAX_USER_LENGTH + " characters, was " +
                user.length());
        }
        for (int i = 0; i < user.length(); i++)
        {
            if (Character.isISOControl(user.charAt(i)))
            {
                throw new AuthException("claim 'sub' has a control character at index " + i);
            }
        }
        return user;
    }

    private static List<TopicPattern> patterns(final Claim claim, final String name) throws AuthException
    {
        if (claim.isMissing())
        {
            return null;
        }
        List<Object> items;
        try
        {
            items = claim.isNull() ? null : claim.asList(Object.class);
        }
        catch (final JWTDecodeException ex)
        {
            items = null;
        }
        if (items == null)
        {
            throw new AuthException("claim '" + name + "' must be an array of topic patterns (leave it out to " +
                "allow every topic, [] to allow none)");
        }
        if (items.size() > MAX_PATTERNS)
        {
            throw new AuthException("claim '" + name + "' lists " + items.size() + " patterns, at most " +
                MAX_PATTERNS + " are allowed");
        }
        final List<TopicPattern> patterns = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++)
        {
            if (!(items.get(i) instanceof String))
            {
                throw new AuthException("claim '" + name + "' item #" + (i + 1) + " is not a string");
            }
            final String text = (String)items.get(i);
            try
            {
                patterns.add(TopicPattern.parse(text));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new AuthException("claim '" + name + "' item #" + (i + 1) + " '" + printable(text) +
                    "' is not a valid topic pattern: " + ex.getMessage());
            }
        }
        return patterns;
    }

    /** A structural check first, so that no library message (some quote the decoded parts) reaches the client. */
    private static void checkShape(final String token) throws AuthException
    {
        if (token.length() > MAX_TOKEN_LENGTH)
        {
            throw new AuthException("token is " + token.length() + " characters long; at most " + MAX_TOKEN_LENGTH +
                " are accepted");
        }
        if (token.regionMatches(true, 0, "Bearer ", 0, 7))
        {
            throw new AuthException("token starts with 'Bearer ': send the token alone");
        }
        int part = 0;
        for (int i = 0; i < token.length(); i++)
        {
            final char c = token.charAt(i);
            if (c == '.')
            {
                part++;
            }
            else if (!isBase64Url(c))
            {
                throw new AuthException("token is not a JWT: a character at index " + i + " of its " +
                    PART_NAMES[Math.min(part, 2)] + " is not base64url");
            }
        }
        if (part != 2)
        {
            throw new AuthException("token is not a JWT: it has " + (part + 1) + " dot-separated parts, a JWT has 3 " +
                "(header.payload.signature)");
        }
    }

    private static boolean isBase64Url(final char c)
    {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    private static String decodeProblem(final JWTDecodeException ex)
    {
        final String message = ex.getMessage() == null ? "" : ex.getMessage();
        if (message.startsWith("The claim '"))
        {
            final int end = message.indexOf('\'', 11);
            final String claim = end > 11 ? message.substring(11, end) : "?";
            return "claim '" + printable(claim) + "' must be a NumericDate (whole seconds since 1970-01-01T00:00:00Z)";
        }
        if (message.startsWith("Couldn't map the Claim's array"))
        {
            return "claim 'aud' must be a string or an array of strings";
        }
        return "token is not a JWT: its header or payload is not base64url-encoded JSON";
    }

    private static String expectation(final String claim)
    {
        if ("iss".equals(claim))
        {
            return ": this server accepts only tokens from a named issuer";
        }
        if ("aud".equals(claim))
        {
            return ": this server accepts only tokens addressed to it";
        }
        return "";
    }

    private static String incorrect(final DecodedJWT jwt, final String claim)
    {
        switch (claim == null ? "" : claim)
        {
            case "nbf":
                return "token is not valid before " + jwt.getNotBeforeAsInstant();
            case "iat":
                return "token was issued in the future (iat " + jwt.getIssuedAtAsInstant() + ")";
            case "iss":
                return "claim 'iss' does not name the issuer this server trusts";
            case "aud":
                return "claim 'aud' does not include this server's audience";
            default:
                return "claim '" + printable(claim) + "' has a value this server does not accept";
        }
    }

    /** At most 64 printable ASCII characters of a client-supplied value, for messages. */
    private static String printable(final String value)
    {
        if (value == null)
        {
            return "(none)";
        }
        final StringBuilder sb = new StringBuilder(Math.min(value.length(), 64) + 3);
        for (int i = 0; i < value.length() && i < 64; i++)
        {
            final char c = value.charAt(i);
            sb.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return value.length() > 64 ? sb.append("...").toString() : sb.toString();
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Principal.NO_EXPIRY : sum;
    }
}
