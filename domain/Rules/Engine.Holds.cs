using System.Collections.Immutable;
using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

public static partial class Engine
{
    /// <summary>What pauses a ladder (a hold, a promise) and how it resumes after the pause.</summary>
    private sealed partial class Run
    {
        // The next step planned after a pause says why the ladder moved again.
        private CaseState Resume(CaseState @case, string why) =>
            Update(@case with { Ladder = @case.Ladder with { PausedBy = null, Anchor = now, PromisedUntil = null, ResumedBy = why } });

        private string? PauseReason(CaseState @case)
        {
            var nextKind = NextStep(@case)?.Step.Kind;
            foreach (var hold in _state.HoldsCovering(@case.CaseId, policy.Holds.Scope).OrderBy(h => h.OpenedAt))
            {
                if (nextKind is null || policy.Holds.Pauses.Contains(nextKind.Value))
                {
                    return Reasons.Hold(hold.Kind);
                }
            }

            foreach (var flag in policy.Holds.StopCollection.Where(_state.Flags.Contains))
            {
                return Reasons.Flag(flag);
            }

            return @case.Ladder.PromisedUntil is { } until && now < until ? Reasons.PromisePaused : null;
        }

        /// <summary>A dispute just opened gets its owning team and its deadline from the policy.</summary>
        private void OwnDispute(Touchpoint trigger)
        {
            if (_state.Holds.FirstOrDefault(h => h.HoldId == trigger.EventId && h.Kind == HoldKind.DISPUTE) is { } dispute)
            {
                _state = _state with { Holds = _state.Holds.Replace(dispute, dispute with { Owner = policy.Disputes.Owner, Deadline = Disputes.DeadlineOf(dispute, policy) }) };
            }
        }

        private void PausePromised(Touchpoint trigger)
        {
            if (!policy.Triggers.PromisePausesLadder || trigger.DueDate is not { } date)
            {
                return;
            }

            // An arrangement with instalments pauses to the end of the first one's grace; a new one starts its plan afresh.
            var plan = trigger.Type == TouchpointType.PAYMENT_ARRANGEMENT_AGREED && trigger.Amount is > 0m;
            var until = ZonedTime.EndOfDay(plan ? date.AddDays(policy.Plans.GraceDays) : date, policy.Zone);
            foreach (var @case in _state.Cases.Where(c => c.IsOpen && (trigger.CaseId is null || c.CaseId == trigger.CaseId)))
            {
                Update(plan
                    ? @case with { Ladder = @case.Ladder with { PromisedUntil = until }, PlanMissed = null, InstalmentReminded = null }
                    : @case with { Ladder = @case.Ladder with { PromisedUntil = until } });
            }
        }
    }
}
