using System.Collections.Immutable;
using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

public static partial class Engine
{
    /// <summary>What a touchpoint triggers at once (the policy's triggered actions), and triggered actions that waited for their moment.</summary>
    private sealed partial class Run
    {
        public void ApplyTrigger(Touchpoint trigger)
        {
            switch (trigger.Type)
            {
                case TouchpointType.APP_OPENED when policy.Triggers.AppOpenedWhileOverdue is { } rule:
                    var overdue = _state.Cases.FirstOrDefault(c => c.IsOpen && c.Ladder.Started);
                    if (overdue is not null)
                    {
                        Immediate(rule, overdue, Reasons.AppOpenedWhileOverdue);
                    }

                    break;
                case TouchpointType.PAYMENT_ARRANGEMENT_AGREED when policy.Triggers.ArrangementAgreed is { } rule:
                    Immediate(rule, trigger.CaseId is null ? null : _state.FindCase(trigger.CaseId), Reasons.ArrangementAgreed);
                    PausePromised(trigger);
                    break;
                case TouchpointType.PROMISE_TO_PAY:
                    PausePromised(trigger);
                    break;
                case TouchpointType.DISPUTE_OPENED:
                    OwnDispute(trigger);
                    break;
                case TouchpointType.PAYMENT_RECEIVED:
                    RecordPaymentOrigin(trigger);
                    break;
            }
        }

        /// <summary>Triggered actions that had to wait for quiet hours or the budget go out when their moment comes.</summary>
        public void DispatchDueTriggered()
        {
            List<OutboundAction>? due = null;
            foreach (var action in _state.Actions)
            {
                if (action.Status == ActionStatus.PLANNED && action.StepId is null && action.At <= now)
                {
                    (due ??= []).Add(action);
                }
            }

            foreach (var action in due ?? [])
            {
                var (at, deferral) = ContactBudgetRules.Schedule(_state, policy, action.Kind, action.Channel, now);
                if (at > now)
                {
                    _state = _state with { Actions = _state.Actions.Replace(action, action with { At = at, Reasons = [.. action.Reasons, .. deferral.Where(r => !action.Reasons.Contains(r))] }) };
                    continue;
                }

                var dispatched = action with { Status = ActionStatus.DISPATCHED, At = now };
                _state = _state with { Actions = _state.Actions.Replace(action, dispatched), Contacts = AddContact(_state.Contacts, dispatched) };
                (_dispatched ??= ImmutableArray.CreateBuilder<OutboundAction>()).Add(dispatched);
            }
        }

        private void Immediate(TriggeredAction rule, CaseState? @case, string why, ImmutableArray<string> because = default)
        {
            var (channel, channelReasons) = Channels.Resolve(_state, policy, rule.Channel);
            var (sender, name, wki) = Channels.Identity(policy, Channels.SenderFor(@case));
            ImmutableArray<string> reasons = [why, .. because.IsDefault ? [] : because, .. channelReasons, sender == Sender.AGENCY ? Reasons.SenderAgency : Reasons.SenderClient];
            if (channel is null)
            {
                var refused = NewAction(@case?.CaseId, rule.Kind, rule.Channel, sender, name, wki, rule.Template, null, now, now, reasons, ActionStatus.CANCELLED);
                _state = _state with { Suppressed = _state.Suppressed.Add(refused) };
                return;
            }

            var (at, deferral) = ContactBudgetRules.Schedule(_state, policy, rule.Kind, channel.Value, now);
            var action = NewAction(@case?.CaseId, rule.Kind, channel.Value, sender, name, wki, rule.Template, null, at, now, [.. reasons, .. deferral], at > now ? ActionStatus.PLANNED : ActionStatus.DISPATCHED);
            _state = _state with { Actions = _state.Actions.Add(action) };
            if (action.Status == ActionStatus.DISPATCHED)
            {
                _state = _state with { Contacts = AddContact(_state.Contacts, action) };
                (_dispatched ??= ImmutableArray.CreateBuilder<OutboundAction>()).Add(action);
            }
        }
    }
}
