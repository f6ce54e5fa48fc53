using System.Collections.Immutable;
using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

public static partial class Engine
{
    /// <summary>Sending a planned step, or deferring it when quiet hours or the contact budget say so.</summary>
    private sealed partial class Run
    {
        /// <summary>
        /// Sends a planned ladder step for the cases it speaks for (one, or a bundle's members, earliest
        /// first), unless the budget defers it: each case's ladder moves on as if its own step went out.
        /// </summary>
        private bool Dispatch(OutboundAction planned, IReadOnlyList<CaseState> cases)
        {
            // Other teams may have used the budget since the step was planned.
            var (at, deferral) = ContactBudgetRules.Schedule(_state, policy, planned.Kind, planned.Channel, now);
            if (at > now)
            {
                var deferred = planned with { At = at, Reasons = [.. planned.Reasons, .. deferral.Where(r => !planned.Reasons.Contains(r))] };
                _state = _state with { Actions = _state.Actions.Replace(planned, deferred) };
                return false;
            }

            var notices = planned.Kind == ActionKind.REMINDER && PaymentWithin(policy.CrossedPayments.Window)
                ? ImmutableArray.Create(Notices.MayHaveCrossed)
                : ImmutableArray<string>.Empty;
            var reasons = notices.IsEmpty ? planned.Reasons : planned.Reasons.Add(Reasons.MayHaveCrossed);
            var dispatched = planned with { Status = ActionStatus.DISPATCHED, At = now, Notices = notices, Reasons = reasons };
            if (planned.IsBundle)
            {
                // What each case owes as the contact goes out.
                dispatched = dispatched with { Cases = [.. planned.Cases.Select((m, i) => m with { AmountDue = cases[i].AmountDue })] };
            }

            var evidence = new StatutoryNotice?[cases.Count];
            var debtor = cases[0].DebtorType;
            if (planned.Kind == ActionKind.FINAL_NOTICE && (debtor == DebtorType.CONSUMER || policy.Wik.BusinessCosts.Rule != BusinessCostKind.NONE))
            {
                var posted = Instant.FromDateTimeOffset(now).InZone(policy.Zone).Date;
                if (debtor == DebtorType.CONSUMER)
                {
                    // The 14-day letter: one receipt and one deadline for every claim it names.
                    var receivedOn = StatutoryCollection.ReceivedOn(posted, policy.Wik.ReceiptDays).ToDateOnly();
                    var deadline = StatutoryCollection.Deadline(LocalDate.FromDateOnly(receivedOn), policy.Wik.TermDays).ToDateOnly();
                    var letter = StatutoryCollection.ConsumerCosts(_state, cases, policy.Wik, posted);
                    dispatched = dispatched with { CollectionCosts = letter.Costs, ReceivedOn = receivedOn, Deadline = deadline, Reasons = dispatched.Reasons.Add(Reasons.FourteenDayLetter) };
                    for (var i = 0; i < cases.Count; i++)
                    {
                        evidence[i] = new StatutoryNotice(dispatched.ActionId, posted.ToDateOnly(), receivedOn, deadline, letter.Principals[i], letter.Shares[i], policy.Version, letter.Bases[i], cases[i].AmountDue);
                    }
                }
                else
                {
                    var letter = StatutoryCollection.BusinessCosts(cases, policy.Wik.BusinessCosts);
                    dispatched = dispatched with { CollectionCosts = letter.Costs, Reasons = dispatched.Reasons.Add(Reasons.BusinessCosts(policy.Wik.BusinessCosts.Rule)) };
                    for (var i = 0; i < cases.Count; i++)
                    {
                        evidence[i] = new StatutoryNotice(dispatched.ActionId, posted.ToDateOnly(), null, null, letter.Principals[i], letter.Shares[i], policy.Version, letter.Bases[i], cases[i].AmountDue);
                    }
                }
            }

            _state = _state with
            {
                Actions = _state.Actions.Replace(planned, dispatched),
                Contacts = AddContact(_state.Contacts, dispatched),
            };
            (_dispatched ??= ImmutableArray.CreateBuilder<OutboundAction>()).Add(dispatched);

            for (var i = 0; i < cases.Count; i++)
            {
                var @case = _state.FindCase(cases[i].CaseId)!;
                Update(@case with
                {
                    FinalNotice = evidence[i] ?? @case.FinalNotice,
                    Ladder = @case.Ladder with { PlannedActionId = null, NextStep = @case.Ladder.NextStep + 1, Anchor = now, Stage = StageAfter(planned.Kind, @case.Ladder.Stage) },
                });
            }

            return true;
        }
    }
}
