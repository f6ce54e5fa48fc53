using System.Collections.Immutable;
using Journey.Domain.Policies;

namespace Journey.Domain.Rules;

/// <summary>Which of the policy's segments a customer belongs to now: pure, from state, policy and now.</summary>
public static class Segments
{
    public static ImmutableArray<string> Of(CustomerState state, Policy policy, DateTimeOffset now)
    {
        return policy.Segments.IsEmpty || state.Erased ? [] : Assess(state, policy, now);
    }

    // Apart from Of: the rules below capture its locals, and a closure is made on entry to the method that holds them.
    private static ImmutableArray<string> Assess(CustomerState state, Policy policy, DateTimeOffset now)
    {
        var zone = policy.Zone;
        var latePayments = state.Cases.Count(c => CaseStatus.PaidLateAt(c, zone) is not null);
        var overdue = state.Cases.Any(c => c.IsOpen && now >= CaseStatus.OverdueFrom(c, zone));
        var risk = policy.Segments.Any(s => s.RiskAtLeast is not null) ? RiskAssessment.Assess(state, policy, now).Level : RiskLevel.NONE;

        bool Holds(SegmentRule rule) =>
            (rule.DebtorType is not { } debtor || state.Cases.Any(c => c.DebtorType == debtor))
            && (rule.LatePaymentsAtLeast is not { } least || latePayments >= least)
            && (rule.LatePaymentsAtMost is not { } most || latePayments <= most)
            && (rule.PaysAfter is not { } channel || state.PaidAfter.Any(o => o.Channel == channel))
            && (rule.Overdue is not { } wanted || overdue == wanted)
            && (rule.RiskAtLeast is not { } level || risk >= level);

        return [.. policy.Segments.Where(Holds).Select(s => s.Id).Order(StringComparer.Ordinal)];
    }
}
