using Journey.Domain.Policies;
using Journey.Domain.Rules;
using static Journey.Domain.Tests.Touchpoints;

namespace Journey.Domain.Tests;

public class RiskTests
{
    private const string RiskPolicy = """
        timeZone: Europe/Amsterdam
        risk:
          signals:
            advanceBelowExpected: { ratio: 0.7, weight: 3 }
            withholdingAnnounced: { weight: 3 }
            latePayments: { count: 2, window: P365D, weight: 2 }
            brokenPromises: { count: 1, weight: 2 }
            openComplaints: { count: 2, weight: 1 }
            failedPayments: { count: 2, window: P90D, weight: 2 }
          levels: { low: 1, medium: 3, high: 5 }
          onRise: { atLeast: MEDIUM, kind: ADVICE, channel: EMAIL, template: preventive-advice }
        """;

    private static readonly Policy Policy = PolicyParser.Parse("t", RiskPolicy).Policy! with { Version = 1 };
    private static readonly DateTimeOffset Monday = new(2026, 3, 2, 10, 0, 0, TimeSpan.FromHours(1));

    private static Touchpoint AdvanceCut(decimal amount, decimal expected, DateTimeOffset? at = null) =>
        Make(TouchpointType.ADVANCE_AMOUNT_CHANGED, amount: amount, at: at ?? Start, attributes: ("expectedAmount", expected.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void An_advance_far_below_expected_usage_raises_risk_and_plans_advice_once_with_its_signal()
    {
        var cut = AdvanceCut(45m, 120m);
        var state = Empty.Apply(cut);

        var first = Engine.Decide(state, Policy, Monday, cut);
        var again = Engine.Decide(first.State, Policy, Monday.AddHours(1));

        Assert.Equal(new[] { RiskAssessment.AdvanceBelowExpected }, RiskAssessment.Assess(first.State, Policy, Monday).Signals.AsEnumerable());
        Assert.Equal(RiskLevel.MEDIUM, first.State.RiskLevel);
        var advice = Assert.Single(first.Dispatched);
        Assert.Equal((ActionKind.ADVICE, Channel.EMAIL, "preventive-advice"), (advice.Kind, advice.Channel, advice.Template));
        Assert.Equal(Reasons.RiskRose(RiskLevel.MEDIUM), advice.Reasons[0]);
        Assert.Contains(Reasons.RiskSignal(RiskAssessment.AdvanceBelowExpected), advice.Reasons);
        Assert.Empty(again.Dispatched);
    }

    [Fact]
    public void An_advance_close_to_expected_usage_is_no_signal()
    {
        var state = Empty.Apply(AdvanceCut(100m, 120m));

        Assert.Equal(Risk.None.Level, RiskAssessment.Assess(state, Policy, Monday).Level);
    }

    [Fact]
    public void Withholding_announced_with_a_complaint_counts_while_the_complaint_is_open()
    {
        var state = Empty.Apply(
            Invoice("rent-03", 850m),
            Make(TouchpointType.COMPLAINT_OPENED, "rent-03", eventId: "leak", attributes: [("reason", "leak"), ("withholding", "true")]));
        var resolved = state.Apply(Make(TouchpointType.COMPLAINT_RESOLVED, "rent-03", at: Start.AddDays(1), attributes: ("reference", "leak")));

        Assert.Contains(RiskAssessment.WithholdingAnnounced, RiskAssessment.Assess(state, Policy, Monday).Signals);
        Assert.DoesNotContain(RiskAssessment.WithholdingAnnounced, RiskAssessment.Assess(resolved, Policy, Monday).Signals);
    }

    [Fact]
    public void Two_cases_paid_after_they_became_overdue_are_repeated_late_payment()
    {
        var due = new DateOnly(2026, 1, 15);
        var state = Empty.Apply(
            Invoice("a", 50m, due, at: Start.AddDays(-60)),
            Make(TouchpointType.PAYMENT_RECEIVED, "a", 50m, at: Start.AddDays(-20)),
            Invoice("b", 50m, due, at: Start.AddDays(-60)),
            Make(TouchpointType.PAYMENT_RECEIVED, "b", 50m, at: Start.AddDays(-10)));
        var onTime = Empty.Apply(
            Invoice("c", 50m, new DateOnly(2026, 3, 20)),
            Make(TouchpointType.PAYMENT_RECEIVED, "c", 50m, at: Start.AddDays(1)));

        Assert.Contains(RiskAssessment.LatePayments, RiskAssessment.Assess(state, Policy, Monday).Signals);
        Assert.Empty(RiskAssessment.Assess(onTime, Policy, Monday).Signals);
    }

    [Fact]
    public void A_promise_whose_date_passed_with_the_case_open_is_broken()
    {
        var state = Empty.Apply(
            Invoice("a", 50m, new DateOnly(2026, 2, 1), at: Start.AddDays(-40)),
            Make(TouchpointType.PROMISE_TO_PAY, "a", 50m, dueDate: new DateOnly(2026, 3, 1), at: Start.AddDays(-5)));

        Assert.DoesNotContain(RiskAssessment.BrokenPromises, RiskAssessment.Assess(state, Policy, Start).Signals);
        Assert.Contains(RiskAssessment.BrokenPromises, RiskAssessment.Assess(state, Policy, Monday).Signals);
    }

    [Fact]
    public void Failed_payments_count_within_their_window_and_levels_add_up()
    {
        var state = Empty.Apply(
            Invoice("a", 50m),
            Make(TouchpointType.PAYMENT_FAILED, "a", 50m, at: Start.AddDays(-100)),
            Make(TouchpointType.PAYMENT_FAILED, "a", 50m, at: Start.AddDays(-1)),
            Make(TouchpointType.PAYMENT_FAILED, "a", 50m, at: Start));
        var withCut = state.Apply(AdvanceCut(10m, 120m));

        Assert.Equal(new Risk(RiskLevel.LOW, [RiskAssessment.FailedPayments]).Level, RiskAssessment.Assess(state, Policy, Monday).Level);
        Assert.Equal(RiskLevel.HIGH, RiskAssessment.Assess(withCut, Policy, Monday).Level);
    }

    [Fact]
    public void Without_risk_rules_there_is_no_risk()
    {
        var webshop = PolicyParser.Parse("webshop", PolicyParserTests.RepoFile("policies/webshop.yaml")).Policy!;

        Assert.Equal(RiskLevel.NONE, RiskAssessment.Assess(Empty.Apply(AdvanceCut(1m, 120m)), webshop, Monday).Level);
    }

    [Theory]
    [InlineData("risk:\n  onRise: { kind: REMINDER }\n", 2, "$.risk.onRise.kind")]
    [InlineData("risk:\n  onRise: { kind: HANDOVER_TO_COLLECTION }\n", 2, "$.risk.onRise.kind")]
    [InlineData("risk:\n  levels: { low: 4, medium: 2, high: 5 }\n", 2, "$.risk.levels")]
    [InlineData("risk:\n  signals:\n    moonPhase: { weight: 1 }\n", 3, "$.risk.signals.moonPhase")]
    public void Risk_never_plans_a_dunning_step_and_errors_name_line_and_path(string document, int line, string path)
    {
        var result = PolicyParser.Parse("t", document);

        Assert.Contains(result.Errors, e => e.Line == line && e.Path == path);
    }
}
