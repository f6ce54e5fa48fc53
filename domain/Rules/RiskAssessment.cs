using System.Collections.Immutable;
using Journey.Domain.Policies;

namespace Journey.Domain.Rules;

/// <summary>A customer's early-warning level and the signals that raised it (ids such as <c>advance-below-expected</c>).</summary>
public sealed record Risk(RiskLevel Level, ImmutableArray<string> Signals)
{
    public static readonly Risk None = new(RiskLevel.NONE, []);
}

/// <summary>Reads the signals the tenant's policy defines from the customer's state: pure, explainable, no side effects.</summary>
public static class RiskAssessment
{
    public const string AdvanceBelowExpected = "advance-below-expected";
    public const string WithholdingAnnounced = "withholding-announced";
    public const string LatePayments = "late-payments";
    public const string BrokenPromises = "broken-promises";
    public const string OpenComplaints = "open-complaints";
    public const string FailedPayments = "failed-payments";

    public static Risk Assess(CustomerState state, Policy policy, DateTimeOffset now)
    {
        var rules = policy.Risk;
        if (!rules.Any || state.Erased)
        {
            return Risk.None;
        }

        var zone = policy.Zone;
        var signals = ImmutableArray.CreateBuilder<string>();
        var weight = 0;

        void Check(RiskSignalRule? rule, string id, Func<RiskSignalRule, bool> present)
        {
            if (rule is not null && present(rule))
            {
                signals.Add(id);
                weight += rule.Weight;
            }
        }

        DateTimeOffset Since(RiskSignalRule rule) => ZonedTime.Subtract(now, rule.Window, zone);

        Check(rules.AdvanceBelowExpected, AdvanceBelowExpected, rule =>
            state.Advance is { ExpectedAmount: { } expected } advance && expected > 0m && advance.Amount < expected * rule.Ratio);

        Check(rules.WithholdingAnnounced, WithholdingAnnounced, _ =>
            state.Holds.Any(hold => state.Timeline.FirstOrDefault(t => t.EventId == hold.HoldId)?.Attribute(AttributeKeys.Withholding) == "true"));

        Check(rules.LatePayments, LatePayments, rule =>
            state.Cases.Count(c => CaseStatus.PaidLateAt(c, zone) is { } paidAt && paidAt > Since(rule)) >= rule.Count);

        var today = NodaTime.Instant.FromDateTimeOffset(now).InZone(zone).Date.ToDateOnly();
        Check(rules.BrokenPromises, BrokenPromises, rule =>
            state.Promises.Count(p => p.PromisedFor < today && p.MadeAt > Since(rule)
                && (p.CaseId is { } caseId ? state.FindCase(caseId)?.IsOpen == true : state.Cases.Any(c => c.IsOpen))) >= rule.Count);

        Check(rules.OpenComplaints, OpenComplaints, rule => state.Holds.Length >= rule.Count);

        Check(rules.FailedPayments, FailedPayments, rule =>
            state.Timeline.Count(t => t.Type == TouchpointType.PAYMENT_FAILED && t.OccurredAt > Since(rule)) >= rule.Count);

        var level = weight >= rules.High ? RiskLevel.HIGH
            : weight >= rules.Medium ? RiskLevel.MEDIUM
            : weight >= rules.Low ? RiskLevel.LOW
            : RiskLevel.NONE;
        return new Risk(level, signals.ToImmutable());
    }
}
