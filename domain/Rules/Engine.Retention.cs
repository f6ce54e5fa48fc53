using System.Collections.Immutable;
using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

public static partial class Engine
{
    /// <summary>How long decisions stay in the state: the policy's retention, then the bound, then the decision archive.</summary>
    private sealed partial class Run
    {
        /// <summary>Decisions are kept for the policy's retention period after they were due; planned ones always.</summary>
        private ImmutableArray<OutboundAction> Retained(ImmutableArray<OutboundAction> actions)
        {
            if (policy.Privacy.DecisionLogRetention is not { } retention || actions.IsEmpty)
            {
                return actions;
            }

            var cutoff = _retainedFrom ??= ZonedTime.Subtract(now, retention, policy.Zone);
            foreach (var action in actions)
            {
                if (action.At < cutoff && !Open(action))
                {
                    return Within(actions, cutoff);
                }
            }

            return actions;

            static ImmutableArray<OutboundAction> Within(ImmutableArray<OutboundAction> actions, DateTimeOffset cutoff) => [.. actions.Where(a => a.At >= cutoff || Open(a))];
            static bool Open(OutboundAction a) => a.Status is ActionStatus.PLANNED;
        }

        /// <summary>The newest <see cref="ActionHistoryBound"/> stay in state; older ones retire towards the decision archive.</summary>
        private static (ImmutableArray<OutboundAction> Kept, ImmutableArray<OutboundAction> Retired) Bound(ImmutableArray<OutboundAction> actions)
        {
            if (actions.Length <= ActionHistoryBound)
            {
                return (actions, []);
            }

            var retired = actions[..^ActionHistoryBound];
            return (actions[^ActionHistoryBound..], retired);
        }
    }
}
