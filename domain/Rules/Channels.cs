using System.Collections.Immutable;
using Journey.Domain.Policies;

namespace Journey.Domain.Rules;

/// <summary>Which channel a contact may use: consent first, then the policy's fallback order; human channels for vulnerable customers.</summary>
public static class Channels
{
    /// <summary>A channel without a recorded consent change is usable; an explicit withdrawal is not.</summary>
    public static bool MayUse(CustomerState state, Channel channel) => state.Consent(channel) != false;

    public static (Channel? Channel, ImmutableArray<string> Reasons) Resolve(CustomerState state, Policy policy, Channel wanted)
    {
        var reasons = ImmutableArray.CreateBuilder<string>();
        IEnumerable<Channel> candidates = [wanted, .. policy.ChannelFallback.Where(c => c != wanted)];
        if (state.Flags.Contains(CustomerFlag.VULNERABLE))
        {
            var human = policy.Holds.VulnerableChannels;
            if (!human.Contains(wanted))
            {
                reasons.Add(Rules.Reasons.VulnerableHumanChannel);
            }

            candidates = candidates.Where(human.Contains).Concat(human.Where(c => !candidates.Contains(c)));
        }

        foreach (var candidate in candidates)
        {
            if (MayUse(state, candidate))
            {
                if (candidate != wanted && !reasons.Contains(Rules.Reasons.VulnerableHumanChannel))
                {
                    reasons.Add(Rules.Reasons.NoConsent(wanted));
                    reasons.Add(Rules.Reasons.ConsentFallback(wanted));
                }

                return (candidate, reasons.ToImmutable());
            }
        }

        reasons.Add(Rules.Reasons.NoConsent(wanted));
        return (null, reasons.ToImmutable());
    }

    public static (Sender Sender, string Name, string? Wki) Identity(Policy policy, Sender sender) =>
        sender == Sender.AGENCY ? (Sender.AGENCY, policy.Agency.Name, policy.Agency.WkiNumber) : (Sender.CLIENT, policy.Client.Name, null);

    /// <summary>Before handover the client's brand speaks; after it, the agency names itself.</summary>
    public static Sender SenderFor(CaseState? @case) =>
        @case is { Ladder.Stage: CaseStage.HANDED_OVER or CaseStage.LEGAL } ? Sender.AGENCY : Sender.CLIENT;
}
