package io.ringcast.journal.deadletter;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeadLetterTypesTest
{
    @Test
    void shouldRoundTripEveryReasonThroughItsCode()
    {
        for (final DeadLetterReason reason : DeadLetterReason.values())
        {
            assertEquals(reason, DeadLetterReason.fromCode(reason.code()));
        }
        assertEquals("max_retries_exceeded", DeadLetterReason.MAX_RETRIES_EXCEEDED.code());
        assertEquals("endpoint_gone", DeadLetterReason.ENDPOINT_GONE.code());
    }

    @Test
    void shouldNameValidCodesWhenCodeIsUnknown()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> DeadLetterReason.fromCode("MAX_RETRIES"));
        assertEquals("unknown dead-letter reason 'MAX_RETRIES'; valid codes: max_retries_exceeded, circuit_open, " +
            "non_retryable, slow_consumer, timeout, endpoint_gone, user_offline, hold_capacity", ex.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeadLetterReason.fromCode(null));
    }

    @Test
    void shouldRejectInvalidQueries()
    {
        assertEquals("pageSize must be 1..1000: 0",
            assertThrows(IllegalArgumentException.class, () -> DeadLetterQuery.all().withPage(0, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeadLetterQuery.all().withPage(0, 1001));
        assertEquals("page must be 0 or more: -1",
            assertThrows(IllegalArgumentException.class, () -> DeadLetterQuery.all().withPage(-1, 10)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeadLetterQuery.all().withClientId(" "));
        assertThrows(IllegalArgumentException.class, () -> DeadLetterQuery.all().withSubscriptionId(""));
        assertEquals(50, DeadLetterQuery.all().pageSize());
    }

    @Test
    void shouldMatchOnEveryGivenFilter()
    {
        final DeadLetter letter = new DeadLetter(1, "sub-1", "client-a", 7, DeadLetterReason.TIMEOUT, 3, 10, 20,
            "read timed out", 0);
        assertTrue(DeadLetterQuery.all().matches(letter));
        assertTrue(DeadLetterQuery.all().withReason(DeadLetterReason.TIMEOUT).withClientId("client-a")
            .withSubscriptionId("sub-1").matches(letter));
        assertFalse(DeadLetterQuery.all().withReason(DeadLetterReason.CIRCUIT_OPEN).matches(letter));
        assertFalse(DeadLetterQuery.all().withClientId("client-b").matches(letter));
        assertFalse(DeadLetterQuery.all().withSubscriptionId("sub-2").matches(letter));
    }

    @Test
    void shouldRejectLetterWhoseLastFailureIsBeforeItsFirst()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new DeadLetter(1, "s", "c", 1, DeadLetterReason.TIMEOUT, 1, 20, 10, "", 0));
        assertFalse(new DeadLetter(1, "s", "c", 1, DeadLetterReason.TIMEOUT, 1, 10, 10, "", 0).redriven());
    }

    @Test
    void shouldTellWhetherAnotherPageFollows()
    {
        assertTrue(new DeadLetterPage(List.of(), 11, 0, 10).hasNext());
        assertFalse(new DeadLetterPage(List.of(), 10, 0, 10).hasNext());
    }
}
