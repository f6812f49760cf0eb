package io.ringcast.journal.deadletter;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Why a delivery was given up and put in the dead-letter store.
 * <p>
 * Each reason has a stable lower-case wire {@link #code()} used in JSON, on the command line and in the
 * dead-letter queue itself, so renaming a constant never changes what is on disk or on the wire.
 * Immutable; any thread.
 */
public enum DeadLetterReason
{
    /** The last retry of the retry schedule failed. */
    MAX_RETRIES_EXCEEDED("max_retries_exceeded"),
    /** The endpoint's circuit breaker was open and the delivery could not wait for it. */
    CIRCUIT_OPEN("circuit_open"),
    /** The endpoint answered with an error that retrying cannot fix (for example HTTP 400). */
    NON_RETRYABLE("non_retryable"),
    /** The subscriber's outbound queue overflowed under the {@code dead-letter} slow-consumer policy. */
    SLOW_CONSUMER("slow_consumer"),
    /** The delivery did not complete in time. */
    TIMEOUT("timeout"),
    /** The endpoint no longer exists (for example HTTP 410 or an unknown host). */
    ENDPOINT_GONE("endpoint_gone"),
    /** A server-side subscription's user had no live session and no fallback webhook. */
    USER_OFFLINE("user_offline"),
    /** The delivery policies could hold no more events (deferred, quiet hours) and could not deliver this one. */
    HOLD_CAPACITY("hold_capacity");

    private static final DeadLetterReason[] VALUES = values();
    private static final String VALID_CODES =
        Arrays.stream(VALUES).map(DeadLetterReason::code).collect(Collectors.joining(", "));

    private final String code;

    DeadLetterReason(final String code)
    {
        this.code = code;
    }

    /**
     * The stable wire code, e.g. {@code max_retries_exceeded}. Allocates nothing.
     *
     * @return the lower-case code of this reason.
     */
    public String code()
    {
        return code;
    }

    /**
     * The reason whose {@link #code()} is {@code code} (exact, case-sensitive match). Allocates only to
     * build the message of the exception.
     *
     * @param code a wire code such as {@code circuit_open}.
     * @return the matching reason.
     * @throws IllegalArgumentException naming the bad code and listing the valid ones.
     */
    public static DeadLetterReason fromCode(final String code)
    {
        for (final DeadLetterReason reason : VALUES)
        {
            if (reason.code.equals(code))
            {
                return reason;
            }
        }
        final String shown = code == null ? "null" : "'" + code + "'";
        throw new IllegalArgumentException(
            "unknown dead-letter reason " + shown + "; valid codes: " + VALID_CODES);
    }
}
