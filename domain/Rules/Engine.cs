using System.Collections.Immutable;
using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

/// <summary>What the engine decided: the new state, actions to hand to channel connectors, and when to look again.</summary>
public sealed record EngineResult(
    CustomerState State,
    ImmutableArray<OutboundAction> Dispatched,
    ImmutableArray<OutboundAction> CancelledAfterDispatch,
    DateTimeOffset? NextWake)
{
    public bool Changed { get; init; }
}

/// <summary>
/// The communication rules, as a pure function of (customer state, policy, now, trigger). Runs after
/// every touchpoint and whenever a scheduled moment arrives. Every action it plans, dispatches or
/// suppresses records the rule ids that decided it and the policy version.
/// </summary>
public static partial class Engine
{
    public const int ActionHistoryBound = 200;

    public static EngineResult Decide(CustomerState state, Policy policy, DateTimeOffset now, Touchpoint? trigger = null)
    {
        // Decisions carry the tenant's local offset, like every time the engine plans.
        now = NodaTime.Instant.FromDateTimeOffset(now).InZone(policy.Zone).ToDateTimeOffset();
        var run = new Run(state, policy, now);
        if (trigger is not null)
        {
            run.ApplyTrigger(trigger);
        }

        run.AssessSegments();

        foreach (var @case in state.Cases)
        {
            run.Advance(@case.CaseId);
        }

        run.RemindInstalments();
        run.Bundle();
        run.AssessRisk();
        run.AssessSegments();

        run.DispatchDueTriggered();
        return run.Result();
    }

    private sealed partial class Run(CustomerState state, Policy policy, DateTimeOffset now)
    {
        // Made when the first action is dispatched or cancelled: most runs do neither.
        private ImmutableArray<OutboundAction>.Builder? _dispatched;
        private ImmutableArray<OutboundAction>.Builder? _cancelled;
        private readonly CustomerState _before = state;
        private CustomerState _state = state;
        private DateTimeOffset? _retainedFrom;

        public EngineResult Result()
        {
            var (actions, retiredActions) = Bound(Retained(_state.Actions));
            var (suppressed, retiredSuppressed) = Bound(Retained(_state.Suppressed));
            var retired = Retained(_state.RetiredDecisions.AddRange(retiredActions).AddRange(retiredSuppressed));
            var state = actions == _state.Actions && suppressed == _state.Suppressed && retired == _state.RetiredDecisions
                ? _state
                : _state with { Actions = actions, Suppressed = suppressed, RetiredDecisions = retired };
            return new EngineResult(state, _dispatched?.ToImmutable() ?? [], _cancelled?.ToImmutable() ?? [], NextWake(state)) { Changed = !ReferenceEquals(state, _before) && state != _before };
        }

        private string NewActionId()
        {
            var sequence = _state.ActionSequence + 1;
            _state = _state with { ActionSequence = sequence };
            return Contacts.ActionId(_state.CustomerId, sequence);
        }

        private OutboundAction NewAction(
            string? caseId, ActionKind kind, Channel channel, Sender sender, string senderName, string? wki, string? template, string? stepId,
            DateTimeOffset at, DateTimeOffset plannedAt, ImmutableArray<string> reasons, ActionStatus status)
        {
            return new OutboundAction
            {
                ActionId = NewActionId(),
                CaseId = caseId,
                Kind = kind,
                Channel = channel,
                Sender = sender,
                SenderName = senderName,
                WkiNumber = wki,
                Template = template,
                StepId = stepId,
                Status = status,
                At = at,
                PlannedAt = plannedAt,
                Reasons = reasons,
                PolicyVersion = policy.Version,
            };
        }

        private bool PaymentWithin(NodaTime.Period window)
        {
            var since = ZonedTime.Subtract(now, window, policy.Zone);
            return _state.Cases.SelectMany(c => c.Payments).Any(p => p.ReceivedAt > since && p.ReceivedAt <= now)
                || _state.Credits.Any(c => c.ReceivedAt > since && c.ReceivedAt <= now);
        }

        private CaseState Update(CaseState @case)
        {
            var current = _state.FindCase(@case.CaseId)!;
            _state = _state with { Cases = _state.Cases.Replace(current, @case) };
            return @case;
        }

        private static CaseStage StageAfter(ActionKind kind, CaseStage stage) => kind switch
        {
            ActionKind.REMINDER when stage is CaseStage.OVERDUE => CaseStage.REMINDED,
            ActionKind.FINAL_NOTICE when stage is CaseStage.OVERDUE or CaseStage.REMINDED => CaseStage.FINAL_NOTICE,
            ActionKind.HANDOVER_TO_COLLECTION when stage is not CaseStage.LEGAL => CaseStage.HANDED_OVER,
            ActionKind.LEGAL_REVIEW => CaseStage.LEGAL,
            _ => stage,
        };

        private static ImmutableArray<ContactEntry> AddContact(ImmutableArray<ContactEntry> contacts, OutboundAction action) =>
            Contacts.Record(contacts, action);
    }
}
