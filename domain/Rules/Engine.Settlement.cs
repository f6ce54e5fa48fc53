using System.Collections.Immutable;
using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

public static partial class Engine
{
    /// <summary>What a payment settles: a settled or closed case cancels what is pending on it, and the payment remembers which contact it followed.</summary>
    private sealed partial class Run
    {
        /// <summary>
        /// A settled case cancels what is pending: once a case is no longer open — paid (reason
        /// <c>payment.cancels-pending</c>) or closed otherwise, written off (<c>case.closed</c>) — every
        /// step planned for it is cancelled, and one already dispatched reaches the connectors as a
        /// cancellation. A bundle that spoke for it goes on for its other cases.
        /// </summary>
        private void SettledCaseCancelsPending(CaseState @case) =>
            CancelPending(@case, @case.IsClosed ? Reasons.CaseClosed : Reasons.PaymentCancels);

        /// <summary>Remembers which ladder contact on each case this payment settled came after.</summary>
        private void RecordPaymentOrigin(Touchpoint payment)
        {
            foreach (var known in _state.PaidAfter)
            {
                if (known.PaymentEventId == payment.EventId)
                {
                    return;
                }
            }

            // Every step of every payment passes here: loops, not queries.
            ImmutableArray<PaymentOrigin>.Builder? origins = null;
            foreach (var @case in _state.Cases)
            {
                if (!SettledBy(@case, payment.EventId))
                {
                    continue;
                }

                var contact = LastLadderContact(@case.CaseId, payment.OccurredAt);
                (origins ??= ImmutableArray.CreateBuilder<PaymentOrigin>()).Add(
                    new PaymentOrigin(payment.EventId, @case.CaseId, payment.OccurredAt, contact?.ActionId, contact?.Kind, contact?.Channel, contact?.StepFor(@case.CaseId), contact?.At));
            }

            if (origins is not null)
            {
                var all = _state.PaidAfter.AddRange(origins);
                _state = _state with { PaidAfter = all.Length > ChannelLearningRules.Kept ? all[^ChannelLearningRules.Kept..] : all };
            }
        }

        private static bool SettledBy(CaseState @case, string paymentEventId)
        {
            foreach (var allocation in @case.Payments)
            {
                if (allocation.PaymentEventId == paymentEventId)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The latest ladder contact on the case that went out by <paramref name="by"/>.</summary>
        private OutboundAction? LastLadderContact(string caseId, DateTimeOffset by)
        {
            for (var i = _state.Actions.Length - 1; i >= 0; i--)
            {
                var action = _state.Actions[i];
                if (action.StepId is not null && action.Status is ActionStatus.DISPATCHED or ActionStatus.SENT && action.At <= by && action.Names(caseId))
                {
                    return action;
                }
            }

            return null;
        }

        private void CancelPending(CaseState @case, string why)
        {
            foreach (var action in _state.Actions.Where(a => a.Status is ActionStatus.PLANNED or ActionStatus.DISPATCHED && a.Names(@case.CaseId)).ToList())
            {
                if (action.IsBundle && action.Status == ActionStatus.PLANNED)
                {
                    Leave(action, @case.CaseId, why);
                    continue;
                }

                // A bundle already out is called back only when none of its cases is open any more.
                if (action.IsBundle && action.Cases.Any(m => _state.FindCase(m.CaseId)?.IsOpen == true))
                {
                    continue;
                }

                var cancelled = action with { Status = ActionStatus.CANCELLED, Reasons = action.Reasons.Add(why) };
                _state = _state with { Actions = _state.Actions.Replace(action, cancelled), Suppressed = _state.Suppressed.Add(cancelled) };
                if (action.Status == ActionStatus.DISPATCHED)
                {
                    (_cancelled ??= ImmutableArray.CreateBuilder<OutboundAction>()).Add(cancelled);
                }
            }

            if (@case.Ladder.PlannedActionId is not null)
            {
                Update(@case with { Ladder = @case.Ladder with { PlannedActionId = null } });
            }
        }

        private void Suppress(string actionId, string caseId, string why)
        {
            var action = _state.FindAction(actionId);
            if (action is null)
            {
                return;
            }

            if (action.IsBundle)
            {
                Leave(action, caseId, why);
                return;
            }

            var cancelled = action with { Status = ActionStatus.CANCELLED, Reasons = action.Reasons.Add(why) };
            _state = _state with { Actions = _state.Actions.Remove(action), Suppressed = _state.Suppressed.Add(cancelled) };
        }
    }
}
