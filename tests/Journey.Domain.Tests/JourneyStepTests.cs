using Journey.Domain.Policies;
using Journey.Domain.Rules;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

/// <summary>The one step function: versions, outcomes and effects, whatever the batching.</summary>
public class JourneyStepTests
{
    private static readonly Policy Webshop = PolicyParser.Parse("webshop", PolicyParserTests.RepoFile("policies/webshop.yaml")).Policy! with { Version = 1 };
    private static readonly DateTimeOffset Now = Start.AddHours(1);

    [Fact]
    public void Versions_rise_by_one_per_accepted_touchpoint_however_the_stream_is_batched()
    {
        Touchpoint[] stream =
        [
            Invoice("order-1", 100m, eventId: "inv-1"),
            Invoice("order-1", 100m, eventId: "inv-1"),
            Make(TouchpointType.APP_OPENED, channel: Channel.APP, eventId: "app-1"),
            Invoice("order-1", 80m, eventId: "bad-1"),
            Payment(40m, "order-1", eventId: "pay-1"),
        ];

        // Hand table: accepted 1, duplicate sees 1, accepted 2, rejected 0, accepted 3.
        (string, ApplyStatus, long)[] expected =
        [
            ("inv-1", ApplyStatus.Accepted, 1), ("inv-1", ApplyStatus.Duplicate, 1), ("app-1", ApplyStatus.Accepted, 2),
            ("bad-1", ApplyStatus.Rejected, 0), ("pay-1", ApplyStatus.Accepted, 3),
        ];

        var whole = JourneyStep.Touchpoints(Empty, stream, Webshop, Now, JourneySettings.Default);
        Assert.Equal(expected, whole.Outcomes.Select(o => (o.EventId, o.Status, o.Version)));

        var state = Empty;
        var singles = new List<(string, ApplyStatus, long)>();
        foreach (var touchpoint in stream)
        {
            var step = JourneyStep.Touchpoints(state, [touchpoint], Webshop, Now, JourneySettings.Default);
            singles.Add((step.Outcomes[0].EventId, step.Outcomes[0].Status, step.Outcomes[0].Version));
            state = step.State;
        }

        Assert.Equal(expected, singles);
        Assert.Equal((3L, 3L, 60m), (state.Version, state.TimelineCount, state.FindCase("order-1")!.AmountDue));
        Assert.Equal((3L, 3L, 60m), (whole.State.Version, whole.State.TimelineCount, whole.State.FindCase("order-1")!.AmountDue));
        Assert.All(whole.State.Timeline, t => Assert.Equal(Now, t.ReceivedAt));
        Assert.Equal([2L, 1L, 0L], whole.State.Timeline.Select(t => t.Arrival!.Value).OrderDescending());
    }

    [Fact]
    public void A_batch_of_duplicates_and_rejections_changes_nothing()
    {
        var state = JourneyStep.Touchpoints(Empty, [Invoice("order-1", 100m, eventId: "inv-1")], Webshop, Now, JourneySettings.Default).State;

        var step = JourneyStep.Touchpoints(state, [Invoice("order-1", 100m, eventId: "inv-1"), Invoice("order-1", 80m, eventId: "inv-again")], Webshop, Now.AddHours(1), JourneySettings.Default);

        Assert.False(step.Changed);
        Assert.Same(state, step.State);
        Assert.False(step.Effects.Decided);
        Assert.Equal([ApplyStatus.Duplicate, ApplyStatus.Rejected], step.Outcomes.Select(o => o.Status));
    }

    [Fact]
    public void A_case_another_customer_owns_is_refused_for_its_touchpoints_only()
    {
        var step = JourneyStep.Touchpoints(Empty, [Invoice("theirs", 10m, eventId: "inv-theirs"), Invoice("mine", 20m, eventId: "inv-mine")],
            Webshop, Now, JourneySettings.Default, new HashSet<string> { "theirs" });

        Assert.Equal([(ApplyStatus.Rejected, "caseId"), (ApplyStatus.Accepted, (string?)null)],
            step.Outcomes.Select(o => (o.Status, o.Errors.IsEmpty ? null : (string?)o.Errors[0].Field)));
        Assert.Equal(["mine"], step.State.Cases.Select(c => c.CaseId));
        Assert.Equal(1, step.State.Version);
    }

    [Fact]
    public void An_erased_customer_is_refused_or_started_afresh_as_the_policy_says()
    {
        var stored = JourneyStep.Touchpoints(Empty, [Invoice("order-1", 100m, eventId: "inv-1")], Webshop, Now, JourneySettings.Default).State;
        var (tombstone, _) = Erasure.Erase(stored, Now.AddHours(1));
        Touchpoint[] again = [Invoice("order-1", 100m, eventId: "inv-1")];

        var refused = JourneyStep.Touchpoints(tombstone, again, Webshop with { Privacy = new PrivacyRules { AfterErasure = AfterErasure.REFUSE } }, Now.AddHours(2), JourneySettings.Default);
        Assert.Same(tombstone, refused.State);
        Assert.Equal(("customerId", ApplyStatus.Rejected), (refused.Outcomes[0].Errors[0].Field, refused.Outcomes[0].Status));

        var fresh = JourneyStep.Touchpoints(tombstone, again, Webshop with { Privacy = new PrivacyRules { AfterErasure = AfterErasure.FRESH } }, Now.AddHours(2), JourneySettings.Default);
        Assert.Equal((ApplyStatus.Accepted, 3L), (fresh.Outcomes[0].Status, fresh.State.Version));
        Assert.Null(fresh.State.ErasedAt);
    }

    [Fact]
    public void The_timeline_leaves_in_the_same_archive_pages_whether_it_came_in_one_batch_or_one_by_one()
    {
        var settings = JourneySettings.Default with { TimelineBound = 4, ArchiveChunk = 2 };
        var visits = Enumerable.Range(1, 7).Select(i => Make(TouchpointType.WEB_VISIT, channel: Channel.WEB, at: Start.AddMinutes(i), eventId: $"visit-{i}")).ToArray();

        var whole = JourneyStep.Touchpoints(Empty, visits, Webshop, Now, settings);
        var pages = new List<ArchivePage>();
        var state = Empty;
        foreach (var visit in visits)
        {
            var step = JourneyStep.Touchpoints(state, [visit], Webshop, Now, settings);
            pages.AddRange(step.Effects.ArchivePages);
            state = step.State;
        }

        // The 7th touchpoint takes the timeline past 4 + 2: the oldest three leave as page 0, oldest first.
        foreach (var (archive, kept) in new[] { (whole.Effects.ArchivePages.ToList(), whole.State), (pages, state) })
        {
            var page = Assert.Single(archive);
            Assert.Equal(0, page.Page);
            Assert.Equal(["visit-1", "visit-2", "visit-3"], page.Touchpoints.Select(t => t.EventId));
            Assert.Equal(["visit-7", "visit-6", "visit-5", "visit-4"], kept.Timeline.Select(t => t.EventId));
            Assert.Equal((1, 7L, 7L), (kept.ArchivedPages, kept.TimelineCount, kept.Version));
        }
    }

    [Fact]
    public void A_wake_that_changes_nothing_keeps_the_version_and_one_that_dispatches_raises_it_once()
    {
        // Webshop: due 2026-03-02, overdue from 03-03 00:00, first reminder one day later (P1D), during office hours.
        var state = JourneyStep.Touchpoints(Empty, [Invoice("order-1", 100m, new DateOnly(2026, 3, 2), eventId: "inv-1")], Webshop, Now, JourneySettings.Default).State;

        var early = JourneyStep.Wake(state, Webshop, new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.FromHours(1)), JourneySettings.Default);
        Assert.False(early.Changed);
        Assert.True(early.Effects.Decided);
        Assert.Equal(1, early.State.Version);

        var due = JourneyStep.Wake(state, Webshop, new DateTimeOffset(2026, 3, 10, 12, 0, 0, TimeSpan.FromHours(1)), JourneySettings.Default);
        Assert.True(due.Changed);
        Assert.Equal(2, due.State.Version);
        var reminder = Assert.Single(due.Effects.Dispatched);
        Assert.Equal((ActionKind.REMINDER, ActionStatus.DISPATCHED), (reminder.Kind, reminder.Status));
        // The invoice's batch (its receivables) and the reminder's (one contact, receivables unchanged).
        Assert.Equal([1L, 2L], due.State.PendingStatistics.Select(b => b.Sequence));
        Assert.Equal(Statistics.ContactKey(ActionKind.REMINDER, Channel.EMAIL, reminder.StepId), Assert.Single(due.State.PendingStatistics[1].Facts).Key);
    }

    [Fact]
    public void Statistics_the_tenant_counted_leave_the_state_with_the_next_step_that_changes_it()
    {
        var state = JourneyStep.Touchpoints(Empty, [Invoice("order-1", 100m, eventId: "inv-1")], Webshop, Now, JourneySettings.Default).State;
        foreach (var payment in new[] { "pay-1", "pay-2", "pay-3" })
        {
            state = JourneyStep.Touchpoints(state, [Payment(10m, "order-1", eventId: payment)], Webshop, Now, JourneySettings.Default).State;
        }

        // Hand table: the invoice and each payment one batch (the receivables they change), numbered 1 to 4; versions 1 to 4.
        Assert.Equal([1L, 2L, 3L, 4L], state.PendingStatistics.Select(b => b.Sequence));
        Assert.Equal(4, state.Version);

        var paid = JourneyStep.Touchpoints(state, [Payment(10m, "order-1", eventId: "pay-4")], Webshop, Now, JourneySettings.Default, statisticsCountedThrough: 2);
        Assert.Equal([3L, 4L, 5L], paid.State.PendingStatistics.Select(b => b.Sequence));
        Assert.Equal(5, paid.State.Version);

        // A step that changes nothing forgets nothing either: there is nothing to write.
        var again = JourneyStep.Touchpoints(paid.State, [Payment(10m, "order-1", eventId: "pay-4")], Webshop, Now, JourneySettings.Default, statisticsCountedThrough: 5);
        Assert.Same(paid.State, again.State);

        // A contact booked on Monday morning changes the state: batches through 4 go, the last payment's of 5 stays.
        var (booked, decision) = JourneyStep.RequestContact(paid.State, Webshop, Team.SERVICE, Channel.EMAIL, "question", Now.AddDays(1), JourneySettings.Default, statisticsCountedThrough: 4);
        Assert.Equal(ContactOutcome.ALLOWED, decision.Outcome);
        Assert.Equal([5L], booked.State.PendingStatistics.Select(b => b.Sequence));
        Assert.Equal(6, booked.State.Version);
    }
}
