package io.ringcast.journal.deadletter;

import java.util.List;
import java.util.Objects;

/**
 * One page of a {@link DeadLetterStore#list} answer, newest letter first.
 * <p>
 * Immutable value (the list is an unmodifiable copy); any thread.
 *
 * @param letters  the letters on this page, newest (highest id) first; empty past the last page.
 * @param total    how many letters match the query over all pages.
 * @param page     the 0-based page number that was asked for.
 * @param pageSize the page size that was asked for.
 */
public record DeadLetterPage(List<DeadLetter> letters, long total, int page, int pageSize)
{
    /**
     * Copies {@code letters} into an unmodifiable list.
     *
     * @throws NullPointerException if {@code letters} is null.
     */
    public DeadLetterPage
    {
        letters = List.copyOf(Objects.requireNonNull(letters, "letters"));
    }

    /**
     * Whether a page after this one holds matching letters.
     *
     * @return {@code true} if {@code (page + 1) * pageSize < total}.
     */
    public boolean hasNext()
    {
        return (page + 1L) * pageSize < total;
    }
}
