using System.Collections.Immutable;
using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

public static partial class Engine
{
    /// <summary>When the customer must be looked at next: the earliest planned step, start of OVERDUE or end of a promise.</summary>
    private sealed partial class Run
    {
        private DateTimeOffset? NextWake(CustomerState state)
        {
            DateTimeOffset? next = null;
            void Consider(DateTimeOffset? at)
            {
                if (at is { } value && (next is null || value < next))
                {
                    next = value;
                }
            }

            foreach (var @case in state.Cases.Where(c => c.IsOpen))
            {
                if (!@case.Ladder.Started)
                {
                    Consider(CaseStatus.OverdueFrom(@case, policy.Zone));
                }

                Consider(@case.Ladder.PromisedUntil);
                Consider(PendingReminder(@case)?.At);
            }

            foreach (var action in state.Actions.Where(a => a.Status == ActionStatus.PLANNED))
            {
                Consider(action.At);
            }

            return next;
        }
    }
}
