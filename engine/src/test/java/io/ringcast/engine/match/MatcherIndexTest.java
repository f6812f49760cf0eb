package io.ringcast.engine.match;

import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.filter.FieldTable;
import io.ringcast.engine.filter.Filter;
import io.ringcast.engine.subscription.Subscription;

import static io.ringcast.engine.match.MatchFixtures.filter;
import static io.ringcast.engine.match.MatchFixtures.match;
import static io.ringcast.engine.match.MatchFixtures.subscription;
import static io.ringcast.engine.match.MatchFixtures.view;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Filters inside a bucket: which go to the equality index, which to the scan list, and what each accepts. */
class MatcherIndexTest
{
    private final Matcher matcher = new Matcher(new FieldTable(), CodecLimits.DEFAULT);

    private Subscription add(final int handle, final String pattern, final String expression)
    {
        final Subscription s = subscription(handle, pattern, expression == null ? null : filter(expression));
        matcher.add(s);
        return s;
    }

    @Test
    void shouldFindEqualityFilterThroughIndexAndTestTheRest()
    {
        add(0, "models.>", "providerName == \"openai\" && severity >= 3");

        assertEquals(1, matcher.indexListCount());
        assertEquals(0, matcher.scanListSize());
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("models.openai", "providerName", "openai", "severity", 3L)));
        assertArrayEquals(new int[0], match(matcher, view("models.openai", "providerName", "openai", "severity", 1L)));
        assertArrayEquals(new int[0], match(matcher, view("models.openai", "providerName", "anthropic", "severity", 5L)));
        assertArrayEquals(new int[0], match(matcher, view("models.openai", "severity", 5L)));
        assertArrayEquals(new int[0], match(matcher, view("users.1", "providerName", "openai", "severity", 5L)));
    }

    @Test
    void shouldIndexInListUnderEachDistinctValueAndMatchOnce()
    {
        add(0, "alerts", "severity in [\"high\", \"critical\", \"high\"]");

        assertEquals(2, matcher.indexListCount());
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("alerts", "severity", "critical")));
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("alerts", "severity", "high")));
        assertArrayEquals(new int[0], match(matcher, view("alerts", "severity", "low")));
    }

    @Test
    void shouldScanFiltersWithoutTopLevelEquality()
    {
        add(0, "alerts", "score >= 3");
        add(1, "alerts", "severity == \"high\" || score > 8");
        add(2, "alerts", "!(severity == \"low\")");

        assertEquals(0, matcher.indexListCount());
        assertEquals(3, matcher.scanListSize());
        assertArrayEquals(new int[]{ 0, 1, 2 }, match(matcher, view("alerts", "severity", "high", "score", 3L)));
        assertArrayEquals(new int[]{ 0, 1, 2 }, match(matcher, view("alerts", "score", 9.5)));
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("alerts", "severity", "low", "score", 4L)));
    }

    @Test
    void shouldCollectIndexCandidatesAndScanListOfOneBucketTogether()
    {
        add(0, "a.*", "p == \"x\"");
        add(1, "a.*", "q == 1");
        add(2, "a.*", null);
        add(3, "a.*", "q < 5");

        assertArrayEquals(new int[]{ 0, 1, 2, 3 }, match(matcher, view("a.b", "p", "x", "q", 1L)));
        assertArrayEquals(new int[]{ 0, 2 }, match(matcher, view("a.b", "p", "x", "q", 7L)));
        assertArrayEquals(new int[]{ 2 }, match(matcher, view("a.b")));
    }

    @Test
    void shouldMatchNumberEqualityAcrossLongAndDouble()
    {
        add(0, "n", "n == 3");
        add(1, "n", "n == 2.5");

        assertArrayEquals(new int[]{ 0 }, match(matcher, view("n", "n", 3.0)));
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("n", "n", 3L)));
        assertArrayEquals(new int[]{ 1 }, match(matcher, view("n", "n", 2.5)));
        assertArrayEquals(new int[0], match(matcher, view("n", "n", "3")));
    }

    @Test
    void shouldMatchUnicodeAttributeValues()
    {
        add(0, "i18n", "city == \"Zürich\"");
        add(1, "i18n", "city in [\"東京\", \"🚀\"]");
        add(2, "i18n", "city contains \"京\"");

        assertArrayEquals(new int[]{ 0 }, match(matcher, view("i18n", "city", "Zürich")));
        assertArrayEquals(new int[]{ 1, 2 }, match(matcher, view("i18n", "city", "東京")));
        assertArrayEquals(new int[]{ 1 }, match(matcher, view("i18n", "city", "🚀")));
        assertArrayEquals(new int[0], match(matcher, view("i18n", "city", "Zurich")));
    }

    @Test
    void shouldSkipPausedIndexCandidates()
    {
        final Subscription paused = add(0, "a", "p == \"x\"");
        add(1, "a", "p == \"x\"");
        paused.paused(true);

        assertArrayEquals(new int[]{ 1 }, match(matcher, view("a", "p", "x")));
    }

    @Test
    void shouldReindexWhenFilterIsUpdated()
    {
        final Subscription s = add(0, "a", "p == \"x\"");

        matcher.updateFilter(s, filter("p == \"y\""));
        assertEquals(1, matcher.indexListCount());
        assertArrayEquals(new int[0], match(matcher, view("a", "p", "x")));
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("a", "p", "y")));

        matcher.updateFilter(s, null);
        assertEquals(0, matcher.indexListCount());
        assertEquals(1, matcher.scanListSize());
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("a", "p", "x")));

        matcher.updateFilter(s, filter("q in [1, 2] && p != \"z\""));
        assertEquals(2, matcher.indexListCount());
        assertEquals(0, matcher.scanListSize());
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("a", "q", 2L)));
        assertArrayEquals(new int[0], match(matcher, view("a", "q", 2L, "p", "z")));
        assertEquals(1, matcher.size());
    }

    @Test
    void shouldOnlySetFilterWhenUpdatingSubscriptionNotAdded()
    {
        final Subscription s = subscription(0, "a", null);
        final Filter f = filter("p == \"x\"");

        matcher.updateFilter(s, f);

        assertEquals(f, s.filter());
        assertEquals(0, matcher.size());
        assertEquals(1, matcher.nodeCount());
    }

    @Test
    void shouldDropIndexListsAndNodesWhenTheirLastSubscriptionLeaves()
    {
        final Subscription a = add(0, "a.b", "p == \"x\"");
        final Subscription b = add(1, "a.b", "p in [\"x\", \"y\"]");
        assertEquals(2, matcher.indexListCount());

        matcher.remove(b);
        assertEquals(1, matcher.indexListCount());
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("a.b", "p", "x")));

        matcher.remove(a);
        assertEquals(0, matcher.indexListCount());
        assertEquals(0, matcher.bucketCount());
        assertEquals(1, matcher.nodeCount());
    }

    @Test
    void shouldAcceptEverythingWithMatchAllFilter()
    {
        matcher.add(subscription(0, "a", Filter.MATCH_ALL));

        assertArrayEquals(new int[]{ 0 }, match(matcher, view("a", "p", "x")));
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("a")));
    }
}
