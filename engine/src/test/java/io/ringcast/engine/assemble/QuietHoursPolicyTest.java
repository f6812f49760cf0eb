package io.ringcast.engine.assemble;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.ringcast.engine.event.Priority;
import io.ringcast.engine.policy.QuietHours;
import io.ringcast.engine.policy.RateLimits;
import io.ringcast.engine.subscription.BatchPolicy;
import io.ringcast.engine.subscription.Subscription;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Quiet hours in the user's zone: events are held and go out together when the quiet period ends. */
class QuietHoursPolicyTest
{
    private static final QuietHours NIGHTS = QuietHours.daily(LocalTime.of(22, 0), LocalTime.of(7, 0));

    @Test
    void shouldHoldEventsAcrossMidnightAndReleaseThemMergedAtTheEnd()
    {
        // Berlin is UTC+2 in June: 22:00-07:00 local is 20:00-05:00 UTC
        final PolicyHarness h = new PolicyHarness("2026-06-01T19:59:00Z", RateLimits.NONE, 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.preferences("alice", Prefs.builder().zone("Europe/Berlin").quiet(NIGHTS).build());
        h.publish(a);
        assertEquals(List.of("a:END_OF_BATCH 1"), h.takeDelivered());
        h.advanceTo("2026-06-01T20:00:00Z");
        h.publish(a);
        h.advanceTo("2026-06-01T22:30:00Z"); // past local midnight
        h.publish(a);
        h.publish(a);
        assertEquals(List.of(), h.takeDelivered());
        assertEquals(3, h.users.stats("alice").heldQuietNow());
        h.advanceTo("2026-06-02T04:59:59Z");
        assertEquals(List.of(), h.takeDelivered());
        h.advanceTo("2026-06-02T05:00:00Z");
        assertEquals(List.of("a:QUIET_END 2 3 4"), h.takeDelivered());
        assertEquals(0, h.users.stats("alice").heldQuietNow());
        h.publish(a);
        assertEquals(List.of("a:END_OF_BATCH 5"), h.takeDelivered());
    }

    @Test
    void shouldEndTheQuietPeriodAtLocalSevenOnTheNightClocksGoForward()
    {
        // 2026-03-29 02:00 CET -> 03:00 CEST. 22:00 CET = 21:00 UTC; 07:00 CEST = 05:00 UTC: 8 hours, not 9
        final PolicyHarness h = new PolicyHarness("2026-03-28T21:30:00Z", RateLimits.NONE, 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.preferences("alice", Prefs.builder().zone("Europe/Berlin").quiet(NIGHTS).build());
        h.publish(a);
        h.advanceTo("2026-03-29T04:59:59Z");
        h.publish(a);
        assertEquals(List.of(), h.takeDelivered());
        h.advanceTo("2026-03-29T05:00:00Z");
        assertEquals(List.of("a:QUIET_END 1 2"), h.takeDelivered());
    }

    @Test
    void shouldEndTheQuietPeriodAtLocalSevenOnTheNightClocksGoBack()
    {
        // 2026-10-25 03:00 CEST -> 02:00 CET. 22:00 CEST = 20:00 UTC; 07:00 CET = 06:00 UTC: 10 hours
        final PolicyHarness h = new PolicyHarness("2026-10-24T20:30:00Z", RateLimits.NONE, 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.preferences("alice", Prefs.builder().zone("Europe/Berlin").quiet(NIGHTS).build());
        h.publish(a);
        h.advanceTo("2026-10-25T05:59:59Z");
        assertEquals(List.of(), h.takeDelivered());
        h.advanceTo("2026-10-25T06:00:00Z");
        assertEquals(List.of("a:QUIET_END 1"), h.takeDelivered());
    }

    @Test
    void shouldFollowTheWeekdaySchedule()
    {
        // 2026-06-06 is a Saturday: quiet all morning only on weekends
        final QuietHours weekends = new QuietHours(List.of(
            new QuietHours.Window(DayOfWeek.SATURDAY, LocalTime.of(0, 0), LocalTime.of(11, 0)),
            new QuietHours.Window(DayOfWeek.SUNDAY, LocalTime.of(0, 0), LocalTime.of(11, 0))));
        final PolicyHarness h = new PolicyHarness("2026-06-05T08:00:00Z", RateLimits.NONE, 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.preferences("alice", Prefs.builder().quiet(weekends).build());
        h.publish(a);
        assertEquals(List.of("a:END_OF_BATCH 1"), h.takeDelivered(), "Friday morning is not quiet");
        h.advanceTo("2026-06-06T08:00:00Z");
        h.publish(a);
        assertEquals(List.of(), h.takeDelivered());
        h.advanceTo("2026-06-06T11:00:00Z");
        assertEquals(List.of("a:QUIET_END 2"), h.takeDelivered());
    }

    @Test
    void shouldLetCriticalEventsThroughQuietHours()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T23:00:00Z", RateLimits.NONE, 1000);
        final Subscription a = h.subscribe("alice", "a", "users.>", BatchPolicy.ofMillis(100, 60_000));
        h.preferences("alice", Prefs.builder().quiet(NIGHTS).build());
        h.publish(a);
        h.publish("users.42.alarm", Priority.CRITICAL, a);
        assertEquals(List.of("a:CRITICAL 2"), h.takeDelivered(), "no linger, no quiet hold");
        h.advanceTo("2026-06-02T07:00:00Z");
        assertEquals(List.of("a:QUIET_END 1"), h.takeDelivered(), "the held batch goes at once, without its linger");
        h.publish(a);
        h.advance(60, TimeUnit.SECONDS);
        assertEquals(List.of("a:LINGER 3"), h.takeDelivered());
    }

    @Test
    void shouldStillRateLimitAfterTheQuietPeriodButSendTheHeldBatchAsOne()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T23:00:00Z", new RateLimits(1, 1, 0, 0, 0, 0), 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.preferences("alice", Prefs.builder().quiet(NIGHTS).build());
        h.publish(a);
        h.publish(a);
        h.advanceTo("2026-06-02T07:00:00Z");
        assertEquals(List.of("a:QUIET_END 1 2"), h.takeDelivered());
        h.publish(a);
        assertEquals(List.of(), h.takeDelivered(), "the morning batch was charged to the minute's budget");
        h.advance(2, TimeUnit.MINUTES);
        assertEquals(List.of("a:RATE_RELEASE 3"), h.takeDelivered());
    }

    @Test
    void shouldReleaseAtOnceWhenTheUserTurnsQuietHoursOff()
    {
        final PolicyHarness h = new PolicyHarness("2026-06-01T23:00:00Z", RateLimits.NONE, 1000);
        final Subscription a = h.subscribe("alice", "a");
        h.preferences("alice", Prefs.builder().quiet(NIGHTS).build());
        h.publish(a);
        h.preferences("alice", null);
        assertEquals(List.of("a:QUIET_END 1"), h.takeDelivered());
    }
}
