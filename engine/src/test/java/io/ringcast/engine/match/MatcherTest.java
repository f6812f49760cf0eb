package io.ringcast.engine.match;

import org.agrona.collections.IntArrayList;
import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.CodecLimits;
import io.ringcast.engine.filter.FieldTable;
import io.ringcast.engine.subscription.Subscription;

import static io.ringcast.engine.match.MatchFixtures.match;
import static io.ringcast.engine.match.MatchFixtures.subscription;
import static io.ringcast.engine.match.MatchFixtures.view;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MatcherTest
{
    private final Matcher matcher = new Matcher(new FieldTable(), CodecLimits.DEFAULT);

    private Subscription add(final int handle, final String pattern)
    {
        final Subscription s = subscription(handle, pattern, null);
        matcher.add(s);
        return s;
    }

    @Test
    void shouldMatchLiteralPatternOnlyOnTheSameTopic()
    {
        add(0, "models.openai.gpt");

        assertArrayEquals(new int[]{ 0 }, match(matcher, view("models.openai.gpt")));
        assertArrayEquals(new int[0], match(matcher, view("models.openai")));
        assertArrayEquals(new int[0], match(matcher, view("models.openai.gpt.x")));
        assertArrayEquals(new int[0], match(matcher, view("models.anthropic.gpt")));
    }

    @Test
    void shouldMatchExactlyOneSegmentWithStar()
    {
        add(0, "models.*.gpt");
        add(1, "*");

        assertArrayEquals(new int[]{ 0 }, match(matcher, view("models.openai.gpt")));
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("models.never-named.gpt")));
        assertArrayEquals(new int[0], match(matcher, view("models.gpt")));
        assertArrayEquals(new int[0], match(matcher, view("models.a.b.gpt")));
        assertArrayEquals(new int[]{ 1 }, match(matcher, view("models")));
    }

    @Test
    void shouldMatchOneOrMoreTrailingSegmentsWithTail()
    {
        add(0, "models.>");

        assertArrayEquals(new int[0], match(matcher, view("models")));
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("models.openai")));
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("models.openai.gpt-x.v2")));
        assertArrayEquals(new int[0], match(matcher, view("users.42")));
    }

    @Test
    void shouldMatchEveryTopicWithRootTail()
    {
        add(0, ">");

        assertArrayEquals(new int[]{ 0 }, match(matcher, view("a")));
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("users.42.tasks")));
    }

    @Test
    void shouldMatchTailAfterStar()
    {
        add(0, "users.*.>");

        assertArrayEquals(new int[0], match(matcher, view("users.42")));
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("users.42.tasks")));
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("users.42.tasks.today")));
    }

    @Test
    void shouldReportEachOverlappingSubscriptionOnce()
    {
        add(0, "users.42.tasks");
        add(1, "users.*.tasks");
        add(2, "users.>");
        add(3, ">");
        add(4, "*.*.*");
        add(5, "users.42.tasks");
        add(6, "users.42.*");
        add(7, "users.43.tasks");

        assertArrayEquals(new int[]{ 0, 1, 2, 3, 4, 5, 6 }, match(matcher, view("users.42.tasks")));
    }

    @Test
    void shouldAppendToOutWithoutClearingIt()
    {
        add(3, "a.b");
        final IntArrayList out = new IntArrayList();
        out.addInt(99);

        assertEquals(1, matcher.match(view("a.b"), out));
        assertEquals(2, out.size());
        assertEquals(99, out.getInt(0));
        assertEquals(3, out.getInt(1));
    }

    @Test
    void shouldSkipPausedSubscriptions()
    {
        final Subscription paused = add(0, "a.>");
        add(1, "a.b");
        paused.paused(true);

        assertArrayEquals(new int[]{ 1 }, match(matcher, view("a.b")));

        paused.paused(false);
        assertArrayEquals(new int[]{ 0, 1 }, match(matcher, view("a.b")));
    }

    @Test
    void shouldStopMatchingRemovedSubscriptionAndKeepOthers()
    {
        final Subscription first = add(0, "a.b");
        add(1, "a.b");

        matcher.remove(first);

        assertArrayEquals(new int[]{ 1 }, match(matcher, view("a.b")));
        assertEquals(1, matcher.size());
    }

    @Test
    void shouldReturnToEmptyTrieWhenEverySubscriptionIsRemoved()
    {
        final Subscription[] subs = {
            add(0, "a.b.c"), add(1, "a.*.c"), add(2, "a.>"), add(3, ">"), add(4, "a.b"), add(5, "x.y.z.w") };
        assertEquals(6, matcher.bucketCount());

        for (final Subscription s : subs)
        {
            matcher.remove(s);
        }

        assertEquals(0, matcher.size());
        assertEquals(0, matcher.bucketCount());
        assertEquals(1, matcher.nodeCount());
        assertArrayEquals(new int[0], match(matcher, view("a.b.c")));
    }

    @Test
    void shouldForgetTopicSegmentsOncePatternsUsingThemAreGone()
    {
        final java.util.List<Subscription> perUser = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++)
        {
            perUser.add(add(i, "users." + i + ".tasks"));
        }
        final Subscription shared = add(1000, "tasks.users.>");
        assertEquals(1002, matcher.segmentCount());
        for (final Subscription s : perUser)
        {
            matcher.remove(s);
        }
        assertEquals(2, matcher.segmentCount(), "only 'tasks' and 'users' remain, held by the shared pattern");
        assertArrayEquals(new int[]{ 1000 }, match(matcher, view("tasks.users.7")));
        assertArrayEquals(new int[0], match(matcher, view("users.7.tasks")));
        matcher.remove(shared);
        assertEquals(0, matcher.segmentCount());
        assertEquals(1, matcher.nodeCount());
        add(1, "users.7.tasks");
        assertArrayEquals(new int[]{ 1 }, match(matcher, view("users.7.tasks")), "a reused segment id still routes");
    }

    @Test
    void shouldKeepSharedPrefixWhenOneBranchIsPruned()
    {
        final Subscription deep = add(0, "a.b.c");
        add(1, "a");
        final int before = matcher.nodeCount();

        matcher.remove(deep);

        assertEquals(before - 2, matcher.nodeCount());
        assertArrayEquals(new int[]{ 1 }, match(matcher, view("a")));
    }

    @Test
    void shouldIgnoreRemoveOfSubscriptionNotAdded()
    {
        add(0, "a");
        final Subscription stranger = subscription(0, "a", null);

        matcher.remove(stranger);

        assertEquals(1, matcher.size());
        assertArrayEquals(new int[]{ 0 }, match(matcher, view("a")));
    }

    @Test
    void shouldRejectSecondSubscriptionWithALiveHandle()
    {
        add(0, "a");

        assertThrows(IllegalStateException.class, () -> matcher.add(subscription(0, "b", null)));
        assertThrows(IllegalArgumentException.class, () -> matcher.add(subscription(-1, "b", null)));
    }

    @Test
    void shouldReuseHandleAfterRemoval()
    {
        final Subscription old = add(5, "a");
        matcher.remove(old);
        add(5, "b");

        assertArrayEquals(new int[0], match(matcher, view("a")));
        assertArrayEquals(new int[]{ 5 }, match(matcher, view("b")));
    }

    @Test
    void shouldGrowForLargeHandles()
    {
        add(10_000, "a");
        add(3, "a");

        assertArrayEquals(new int[]{ 3, 10_000 }, match(matcher, view("a")));
    }
}
