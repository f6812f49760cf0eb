package io.ringcast.journal.deadletter;

/**
 * What {@link DeadLetterStore#list} returns: letters matching every given filter, paged.
 * <p>
 * Immutable value; any thread. A {@code null} filter matches everything. Build one with
 * {@link #all()} and the {@code with...} methods, each of which allocates a new query.
 *
 * @param reason         only letters with this reason, or {@code null} for any.
 * @param subscriptionId only letters of this subscription, or {@code null} for any; never blank.
 * @param clientId       only letters of this client, or {@code null} for any; never blank.
 * @param page           0-based page number.
 * @param pageSize       letters per page, 1 to {@link #MAX_PAGE_SIZE}.
 */
public record DeadLetterQuery(
    DeadLetterReason reason,
    String subscriptionId,
    String clientId,
    int page,
    int pageSize)
{
    /** Page size of {@link #all()}. */
    public static final int DEFAULT_PAGE_SIZE = 50;

    /** Largest page size accepted. */
    public static final int MAX_PAGE_SIZE = 1000;

    /**
     * Validates the components.
     *
     * @throws IllegalArgumentException naming the offending component and its value.
     */
    public DeadLetterQuery
    {
        if (page < 0)
        {
            throw new IllegalArgumentException("page must be 0 or more: " + page);
        }
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE)
        {
            throw new IllegalArgumentException("pageSize must be 1.." + MAX_PAGE_SIZE + ": " + pageSize);
        }
        if (subscriptionId != null && subscriptionId.isBlank())
        {
            throw new IllegalArgumentException("subscriptionId filter must be null (any) or non-blank");
        }
        if (clientId != null && clientId.isBlank())
        {
            throw new IllegalArgumentException("clientId filter must be null (any) or non-blank");
        }
    }

    /**
     * The first page of {@link #DEFAULT_PAGE_SIZE} letters, unfiltered.
     *
     * @return a new query.
     */
    public static DeadLetterQuery all()
    {
        return new DeadLetterQuery(null, null, null, 0, DEFAULT_PAGE_SIZE);
    }

    /**
     * This query restricted to {@code reason}.
     *
     * @param reason the reason to match, or {@code null} for any.
     * @return a new query.
     */
    public DeadLetterQuery withReason(final DeadLetterReason reason)
    {
        return new DeadLetterQuery(reason, subscriptionId, clientId, page, pageSize);
    }

    /**
     * This query restricted to one subscription.
     *
     * @param subscriptionId the subscription to match, or {@code null} for any.
     * @return a new query.
     */
    public DeadLetterQuery withSubscriptionId(final String subscriptionId)
    {
        return new DeadLetterQuery(reason, subscriptionId, clientId, page, pageSize);
    }

    /**
     * This query restricted to one client.
     *
     * @param clientId the client to match, or {@code null} for any.
     * @return a new query.
     */
    public DeadLetterQuery withClientId(final String clientId)
    {
        return new DeadLetterQuery(reason, subscriptionId, clientId, page, pageSize);
    }

    /**
     * This query for another page.
     *
     * @param page     0-based page number.
     * @param pageSize letters per page, 1 to {@link #MAX_PAGE_SIZE}.
     * @return a new query.
     */
    public DeadLetterQuery withPage(final int page, final int pageSize)
    {
        return new DeadLetterQuery(reason, subscriptionId, clientId, page, pageSize);
    }

    /**
     * Whether {@code letter} passes every filter of this query (paging aside). Allocates nothing.
     *
     * @param letter the letter to test.
     * @return {@code true} if it matches.
     */
    public boolean matches(final DeadLetter letter)
    {
        return (reason == null || reason == letter.reason()) &&
            (subscriptionId == null || subscriptionId.equals(letter.subscriptionId())) &&
            (clientId == null || clientId.equals(letter.clientId()));
    }
}
