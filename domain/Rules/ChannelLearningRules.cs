using Journey.Domain.Policies;

namespace Journey.Domain.Rules;

/// <summary>Which channel a customer pays after, learned from the contacts that preceded their payments.</summary>
public static class ChannelLearningRules
{
    /// <summary>Payment origins kept per customer.</summary>
    public const int Kept = 50;

    /// <summary>The channel with the most payments after it, when that is at least the policy's minimum; ties go to the cheaper-to-reach earlier ladder channel.</summary>
    public static Channel? Learned(CustomerState state, Policy policy)
    {
        if (policy.ChannelLearning is not { } learning || state.PaidAfter.IsEmpty)
        {
            return null;
        }

        var best = state.PaidAfter
            .Where(o => o.Channel is not null && o.StepId is not null)
            .GroupBy(o => o.Channel!.Value)
            .Select(g => (Channel: g.Key, Payments: g.Count(), Position: policy.Ladder.IndexOf(policy.Ladder.FirstOrDefault(s => s.Channel == g.Key)!)))
            .Where(c => c.Payments >= learning.MinPayments && c.Position >= 0)
            .OrderByDescending(c => c.Payments)
            .ThenBy(c => c.Position)
            .FirstOrDefault();
        return best.Payments > 0 ? best.Channel : null;
    }
}
