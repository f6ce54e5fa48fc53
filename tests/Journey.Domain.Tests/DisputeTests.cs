using Journey.Domain.Policies;
using Journey.Domain.Rules;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

/// <summary>
/// Disputes as a workflow, through the step function: a reason from the catalogue, the owning team's
/// worklist once the deadline passes, an outcome with who decided, the settlement, and the statistics.
/// </summary>
public class DisputeTests
{
    private static readonly Policy Policy = PolicyParser.Parse("webshop", """
        timeZone: Europe/Amsterdam
        ladder:
          - { id: reminder, after: P1D, kind: REMINDER, channel: EMAIL }
          - { id: second, after: P7D, kind: REMINDER, channel: EMAIL }
        disputes:
          owner: BILLING
          deadlineDays: 10
          reasons:
            - { code: WRONG_AMOUNT, label: Bedrag klopt niet }
            - { code: NOT_DELIVERED, label: Niet geleverd }
        """).Policy! with { Version = 1 };

    private static DateTimeOffset At(int month, int day, int hour = 10) => new(2026, month, day, hour, 0, 0, TimeSpan.FromHours(1));

    private static Touchpoint Dispute(string reason, DateTimeOffset at) =>
        Make(TouchpointType.DISPUTE_OPENED, "inv", at: at, eventId: $"dispute-{reason}", attributes: (AttributeKeys.Reason, reason));

    private static Touchpoint Decision(string outcome, DateTimeOffset at, string by, string? settlement = null, decimal? amount = null) =>
        Make(TouchpointType.DISPUTE_RESOLVED, "inv", amount, at: at, attributes:
            [(AttributeKeys.Outcome, outcome), (AttributeKeys.DecidedBy, by), .. settlement is null ? Array.Empty<(string, string)>() : [(AttributeKeys.Settlement, settlement)]]);

    private static List<(WorklistKind Kind, Team Team)> Worklist(CustomerState state, DateTimeOffset now) =>
        [.. WorklistRules.Of(state)
            .Where(i => WorklistRules.Due(i, now, DateOnly.FromDateTime(now.DateTime)))
            .SelectMany(i => WorklistRules.TeamsOf(i, DateOnly.FromDateTime(now.DateTime)).Select(team => (WorklistRules.KindAt(i, DateOnly.FromDateTime(now.DateTime)), team)))
            .Order()];

    private static Dictionary<string, (int Count, double Sum)> Facts(CustomerState state) =>
        state.PendingStatistics.SelectMany(b => b.Facts).Where(f => f.Key.StartsWith("dispute", StringComparison.Ordinal))
            .GroupBy(f => f.Key).ToDictionary(g => g.Key, g => (g.Count(), g.Sum(f => f.Value)));

    [Fact]
    public void An_upheld_dispute_is_settled_with_a_credit_note_after_its_deadline_passed_on_the_owners_worklist()
    {
        var driver = new JourneyDriver(Policy, At(3, 1));
        driver.Push(Invoice("inv", 200m, new DateOnly(2026, 3, 15), At(3, 1)));
        driver.Push(Dispute("WRONG_AMOUNT", At(3, 2)));

        // Owned by billing, due for a decision by the end of 12 March (opened 2 March, ten days).
        var hold = Assert.Single(driver.State.Holds);
        Assert.Equal((Team.BILLING, At(3, 13, 0)), (hold.Owner!.Value, hold.Deadline!.Value));
        Assert.Equal([(WorklistKind.HOLD_WAITING, Team.SERVICE)], Worklist(driver.State, At(3, 12, 23)));
        Assert.Equal([(WorklistKind.DISPUTE_OVERDUE, Team.BILLING), (WorklistKind.HOLD_WAITING, Team.SERVICE)], Worklist(driver.State, At(3, 13, 1)));

        driver.Push(Decision(DisputeOutcomes.Upheld, At(3, 20), "billing-lead", DisputeOutcomes.CreditNote, 50m));
        var @case = driver.State.FindCase("inv")!;
        Assert.Equal((50m, 150m), (@case.AmountCredited, @case.AmountDue));
        Assert.Equal(new DisputeDecision("dispute-WRONG_AMOUNT", "inv", "WRONG_AMOUNT", At(3, 2), At(3, 20), "UPHELD", "billing-lead", "CREDIT_NOTE"), Assert.Single(driver.State.DisputeDecisions));
        Assert.Empty(driver.State.Holds);
        Assert.Empty(Worklist(driver.State, At(3, 20, 11)));

        // Statistics: one opened, one upheld after 18 days.
        Assert.Equal(new Dictionary<string, (int, double)> { ["dispute-opened|WRONG_AMOUNT"] = (1, 0), ["dispute-decided|WRONG_AMOUNT|UPHELD"] = (1, 18) }, Facts(driver.State));
    }

    [Fact]
    public void A_rejected_dispute_lets_the_ladder_resume_counting_from_the_decision()
    {
        var driver = new JourneyDriver(Policy, At(3, 1));
        driver.Push(Invoice("inv", 100m, new DateOnly(2026, 3, 10), At(3, 1)));
        driver.Push(Dispute("NOT_DELIVERED", At(3, 5)));
        driver.AdvanceTo(At(3, 24));
        Assert.DoesNotContain(driver.Dispatched, a => a.StepId is not null);
        Assert.Contains((WorklistKind.DISPUTE_OVERDUE, Team.BILLING), Worklist(driver.State, At(3, 24)));

        driver.Push(Decision(DisputeOutcomes.Rejected, At(3, 25), "service-lead"));
        var @case = driver.State.FindCase("inv")!;
        Assert.Equal(100m, @case.AmountDue);
        var decision = Assert.Single(driver.State.DisputeDecisions);
        Assert.Equal(("REJECTED", "service-lead", (string?)null), (decision.Outcome, decision.DecidedBy, decision.Settlement));

        // The first reminder's wait (P1D) counts from the decision: the time on hold is added.
        var next = driver.State.FindAction(@case.Ladder.PlannedActionId!)!;
        Assert.Equal(("reminder", At(3, 26)), (next.StepId, next.PlannedAt));
        Assert.Contains(Reasons.HoldEnded, next.Reasons);
        Assert.Equal((1, 20d), Facts(driver.State)["dispute-decided|NOT_DELIVERED|REJECTED"]);
    }

    [Fact]
    public void A_dispute_with_a_reason_outside_the_catalogue_is_refused_by_its_field()
    {
        var step = JourneyStep.Touchpoints(Empty.Apply(Invoice("inv", 100m)), [Dispute("BAD_LUCK", At(3, 2))], Policy, At(3, 2), JourneySettings.Default);
        var outcome = Assert.Single(step.Outcomes);
        Assert.Equal(ApplyStatus.Rejected, outcome.Status);
        Assert.Equal("attributes.reason", Assert.Single(outcome.Errors).Field);
        Assert.Contains("WRONG_AMOUNT, NOT_DELIVERED", outcome.Errors[0].Message);

        var writtenOff = new JourneyDriver(Policy, At(3, 1));
        writtenOff.Push(Invoice("inv", 100m, new DateOnly(2026, 3, 15), At(3, 1)));
        writtenOff.Push(Dispute("NOT_DELIVERED", At(3, 2)));
        writtenOff.Push(Decision(DisputeOutcomes.Upheld, At(3, 4), "billing-lead", DisputeOutcomes.WriteOff));
        Assert.True(writtenOff.State.FindCase("inv")!.IsClosed);
    }
}
