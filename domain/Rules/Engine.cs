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
public static class Engine
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

        foreach (var caseId in state.Cases.Select(c => c.CaseId))
        {
            run.Advance(caseId);
        }

        run.Bundle();
        run.AssessRisk();
        run.AssessSegments();

        run.DispatchDueTriggered();
        return run.Result();
    }

    private sealed class Run(CustomerState state, Policy policy, DateTimeOffset now)
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
                case TouchpointType.PAYMENT_RECEIVED:
                    RecordPaymentOrigin(trigger);
                    break;
            }
        }

        /// <summary>Moves one case along its ladder as far as <c>now</c> allows.</summary>
        public void Advance(string caseId)
        {
            var @case = _state.FindCase(caseId)!;
            if (!@case.IsOpen)
            {
                CancelPending(@case, @case.IsClosed ? Reasons.CaseClosed : Reasons.PaymentCancels);
                return;
            }

            var ladder = @case.Ladder;
            if (!ladder.Started)
            {
                var overdueFrom = CaseStatus.OverdueFrom(@case, policy.Zone);
                if (now < overdueFrom)
                {
                    return;
                }

                ladder = ladder with { Started = true, Stage = CaseStage.OVERDUE, OverdueSince = overdueFrom, Anchor = overdueFrom };
                @case = Update(@case with { Ladder = ladder });
            }

            if (ladder.PromisedUntil is { } promised && now >= promised)
            {
                // The promised date passed and the case is still open: the promise is broken.
                @case = Update(@case with { Ladder = ladder with { PromisedUntil = null } });
                ladder = @case.Ladder;
                if (ladder.PausedBy == Reasons.PromisePaused)
                {
                    @case = Resume(@case, Reasons.PromiseBroken);
                    ladder = @case.Ladder;
                }
            }

            var pause = PauseReason(@case);
            if (pause is not null)
            {
                if (ladder.PlannedActionId is { } plannedId)
                {
                    Suppress(plannedId, @case.CaseId, pause);
                    @case = Update(@case with { Ladder = @case.Ladder with { PlannedActionId = null } });
                }
                else if (ladder.PausedBy != pause && NextStep(@case) is { } held)
                {
                    // Nothing was planned yet: record once which step the pause holds back, and why.
                    SuppressStep(@case, held.Step, pause);
                }

                if (@case.Ladder.PausedBy != pause)
                {
                    Update(@case with { Ladder = @case.Ladder with { PausedBy = pause } });
                }

                return;
            }

            if (ladder.PausedBy is not null)
            {
                @case = Resume(@case, ladder.PausedBy == Reasons.PromisePaused ? Reasons.PromiseBroken : Reasons.HoldEnded);
            }

            // At most one step per case fires per run: missed steps never fire in a burst.
            @case = PlanOrDispatch(@case);
            if (@case.Ladder.PlannedActionId is null)
            {
                PlanOrDispatch(@case, planOnly: true);
            }
        }

        /// <summary>
        /// Bundled contacts (policy <c>bundling</c>): every case has planned its own next step; steps that
        /// bundle are grouped — same kind, channel, sender and debtor type, due within the window of the
        /// earliest — and each group goes out as one contact at the earliest one's moment. A case on hold,
        /// paid or closed has no planned step, so it is in no group. The members' next steps, counted from
        /// the bundle's moment, are grouped again for their turn.
        /// </summary>
        public void Bundle()
        {
            if (policy.Bundling is not { } rule)
            {
                return;
            }

            Group(rule);
            List<OutboundAction>? due = null;
            foreach (var action in _state.Actions)
            {
                if (action.Status == ActionStatus.PLANNED && action.StepId is not null && action.At <= now && rule.Bundles(action.Kind))
                {
                    (due ??= []).Add(action);
                }
            }

            if (due is null)
            {
                return;
            }

            foreach (var action in due.OrderBy(a => a.At))
            {
                var cases = action.IsBundle
                    ? [.. action.Cases.Select(m => _state.FindCase(m.CaseId)!)]
                    : new[] { _state.FindCase(action.CaseId!)! };
                if (Dispatch(action, cases))
                {
                    foreach (var @case in cases)
                    {
                        PlanOrDispatch(_state.FindCase(@case.CaseId)!, planOnly: true);
                    }
                }
            }

            Group(rule);
        }

        /// <summary>One case's planned step as a candidate for a bundle: the action it is in now, and the step as the case's own.</summary>
        private readonly record struct Candidate(CaseState Case, int Order, OutboundAction Source, BundledCase Member);

        private OutboundAction? PlannedToBundle(CaseState @case, BundlingRule rule) =>
            @case.IsOpen && @case.Ladder.PlannedActionId is { } id && _state.FindAction(id) is { Status: ActionStatus.PLANNED, StepId: not null } action && rule.Bundles(action.Kind)
                ? action
                : null;

        private void Group(BundlingRule rule)
        {
            // Most customers have one case, or one with a step that bundles: nothing to group, nothing to allocate.
            var planned = 0;
            var bundled = false;
            foreach (var @case in _state.Cases)
            {
                if (PlannedToBundle(@case, rule) is { } action)
                {
                    (planned, bundled) = (planned + 1, bundled || action.IsBundle);
                }
            }

            if (planned == 0 || (planned == 1 && !bundled))
            {
                return;
            }

            var candidates = new List<Candidate>(planned);
            for (var i = 0; i < _state.Cases.Length; i++)
            {
                var @case = _state.Cases[i];
                if (PlannedToBundle(@case, rule) is not { } action)
                {
                    continue;
                }

                var member = action.IsBundle
                    ? action.Cases.FirstOrDefault(m => m.CaseId == @case.CaseId)
                    : new BundledCase(@case.CaseId, action.StepId!, @case.AmountDue, action.At, action.PlannedAt);
                if (member is not null)
                {
                    candidates.Add(new Candidate(@case, i, action, member));
                }
            }

            candidates.Sort((a, b) => a.Member.At != b.Member.At ? a.Member.At.CompareTo(b.Member.At) : a.Order.CompareTo(b.Order));
            var groups = new List<List<Candidate>>();
            var taken = new bool[candidates.Count];
            for (var i = 0; i < candidates.Count; i++)
            {
                if (taken[i])
                {
                    continue;
                }

                var first = candidates[i];
                var until = ZonedTime.Add(first.Member.At, rule.Within, policy.Zone);
                var group = new List<Candidate> { first };
                for (var j = i + 1; j < candidates.Count; j++)
                {
                    var other = candidates[j];
                    if (!taken[j] && other.Member.At <= until && other.Source.Kind == first.Source.Kind && other.Source.Channel == first.Source.Channel
                        && other.Source.Sender == first.Source.Sender && other.Case.DebtorType == first.Case.DebtorType)
                    {
                        group.Add(other);
                        taken[j] = true;
                    }
                }

                groups.Add(group);
            }

            // A group that is what its action already says stays as it is (same id, same reasons, no new version).
            var changed = groups.Where(g => !Unchanged(g)).ToList();
            if (changed.Count == 0)
            {
                return;
            }

            var claimed = groups.Except(changed).Select(g => g[0].Source.ActionId).ToHashSet(StringComparer.Ordinal);
            var built = new Dictionary<string, OutboundAction>(StringComparer.Ordinal);
            var retired = new HashSet<string>(StringComparer.Ordinal);
            foreach (var group in changed)
            {
                // The bundle keeps the id of an action it grew from: an earlier bundle's first, or the earliest step's.
                var id = group.Select(c => c.Source).Where(a => a.IsBundle).Concat(group.Select(c => c.Source)).Select(a => a.ActionId).FirstOrDefault(claimed.Add)
                    ?? NewActionId();
                retired.UnionWith(group.Select(c => c.Source.ActionId));
                built[id] = Compose(group[0].Source with { ActionId = id }, [.. group.Select(c => c.Member with { AmountDue = c.Case.AmountDue })]);
            }

            var actions = ImmutableArray.CreateBuilder<OutboundAction>(_state.Actions.Length);
            foreach (var action in _state.Actions)
            {
                if (built.Remove(action.ActionId, out var replacement))
                {
                    actions.Add(replacement);
                }
                else if (!retired.Contains(action.ActionId))
                {
                    actions.Add(action);
                }
            }

            foreach (var (_, added) in built)
            {
                actions.Add(added);
            }

            _state = _state with { Actions = actions.ToImmutable() };
            foreach (var action in actions)
            {
                foreach (var member in action.Status == ActionStatus.PLANNED ? action.Cases : [])
                {
                    if (_state.FindCase(member.CaseId) is { } @case && @case.Ladder.PlannedActionId != action.ActionId)
                    {
                        Update(@case with { Ladder = @case.Ladder with { PlannedActionId = action.ActionId } });
                    }
                }
            }

            bool Unchanged(List<Candidate> group)
            {
                var source = group[0].Source;
                if (!source.IsBundle)
                {
                    return group.Count == 1;
                }

                if (source.Cases.Length != group.Count)
                {
                    return false;
                }

                for (var i = 0; i < group.Count; i++)
                {
                    if (!ReferenceEquals(group[i].Source, source) || source.Cases[i].CaseId != group[i].Case.CaseId || source.Cases[i].AmountDue != group[i].Case.AmountDue)
                    {
                        return false;
                    }
                }

                return true;
            }
        }

        /// <summary>
        /// The bundle over <paramref name="members"/> (earliest first), from an action it grew from: the first
        /// member's case and step, the earliest moment, and reasons naming every member's step and case.
        /// </summary>
        private static OutboundAction Compose(OutboundAction source, ImmutableArray<BundledCase> members)
        {
            var reasons = ImmutableArray.CreateBuilder<string>();
            foreach (var step in members.Select(m => m.StepId).Distinct())
            {
                reasons.Add(Reasons.Step(step));
            }

            reasons.AddRange(source.Reasons.Where(r => !r.StartsWith("ladder.step:", StringComparison.Ordinal) && !r.StartsWith(Reasons.BundlePrefix, StringComparison.Ordinal)));
            reasons.Add(Reasons.Bundled);
            reasons.AddRange(members.Select(m => Reasons.BundledCase(m.CaseId)));
            return source with
            {
                CaseId = members[0].CaseId,
                StepId = members[0].StepId,
                At = members[0].At,
                PlannedAt = members.Min(m => m.PlannedAt),
                Cases = members,
                Reasons = reasons.ToImmutable(),
            };
        }

        /// <summary>A planned bundle loses a case (paid, closed, on hold): the rest still go; with none left the bundle is cancelled.</summary>
        private void Leave(OutboundAction bundle, string caseId, string why)
        {
            var member = bundle.Cases.First(m => m.CaseId == caseId);
            var rest = bundle.Cases.Remove(member);
            if (rest.IsEmpty)
            {
                var cancelled = bundle with { Status = ActionStatus.CANCELLED, Reasons = bundle.Reasons.Add(why) };
                _state = _state with { Actions = _state.Actions.Remove(bundle), Suppressed = _state.Suppressed.Add(cancelled) };
                return;
            }

            // What the case would have had, withheld, beside the bundle that goes on without it.
            var withheld = bundle with { CaseId = caseId, StepId = member.StepId, Cases = [], At = member.At, PlannedAt = member.PlannedAt, Status = ActionStatus.CANCELLED, Reasons = [Reasons.Step(member.StepId), Reasons.Bundled, why] };
            _state = _state with { Actions = _state.Actions.Replace(bundle, Compose(bundle, rest)), Suppressed = _state.Suppressed.Add(withheld) };
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

        private CaseState PlanOrDispatch(CaseState @case, bool planOnly = false)
        {
            var plannedId = @case.Ladder.PlannedActionId;
            var planned = plannedId is null ? null : _state.FindAction(plannedId);
            var replanned = planned is not null && planned.PolicyVersion != policy.Version;
            if (replanned)
            {
                // Rules changed since the step was planned: plan it again under the current version.
                _state = _state with { Actions = _state.Actions.Remove(planned!) };
                @case = Update(@case with { Ladder = @case.Ladder with { PlannedActionId = null } });
                planned = null;
            }

            if (planned is null)
            {
                var next = NextStep(@case);
                if (next is null)
                {
                    return @case;
                }

                planned = Plan(@case, next.Value.Step, next.Value.Index, next.Value.Skipped, replanned);
                if (planned is null)
                {
                    return _state.FindCase(@case.CaseId)!;
                }

                @case = _state.FindCase(@case.CaseId)!;
            }

            if (planOnly || planned.At > now || WaitsForBundling(planned))
            {
                return @case;
            }

            Dispatch(planned, [@case]);
            return _state.FindCase(@case.CaseId)!;
        }

        /// <summary>A ladder step of a kind that bundles goes out from <see cref="Bundle"/>, once every case has planned its own.</summary>
        private bool WaitsForBundling(OutboundAction planned) =>
            policy.Bundling is { } bundling && planned.StepId is not null && bundling.Bundles(planned.Kind);

        private (LadderStep Step, int Index, ImmutableArray<(LadderStep Step, string Reason)> Skipped)? NextStep(CaseState @case)
        {
            var skipped = ImmutableArray.CreateBuilder<(LadderStep, string)>();
            var learned = ChannelLearningRules.Learned(_state, policy);
            var learnedStep = learned is { } channel ? policy.Ladder.IndexOf(policy.Ladder.Skip(@case.Ladder.NextStep).FirstOrDefault(s => s.Channel == channel)!) : -1;
            for (var index = @case.Ladder.NextStep; index < policy.Ladder.Length; index++)
            {
                var step = policy.Ladder[index];
                if (index < learnedStep)
                {
                    skipped.Add((step, Reasons.PaysAfter(learned!.Value)));
                    continue;
                }

                if (step.When.DebtorType is { } debtor && debtor != @case.DebtorType)
                {
                    skipped.Add((step, Reasons.ConditionDebtorType));
                    continue;
                }

                if (step.When.MinAmount is { } minimum && @case.AmountDue < minimum)
                {
                    skipped.Add((step, Reasons.ConditionMinAmount));
                    continue;
                }

                if (step.When.Segment is { } segment && !_state.Segments.Contains(segment))
                {
                    skipped.Add((step, Reasons.ConditionSegment));
                    continue;
                }

                if (TestedVariant(step) is { Experiment: var experiment, Variant: var variant })
                {
                    if (variant.Skip)
                    {
                        skipped.Add((step, Experiments.Reason(experiment, variant)));
                        continue;
                    }

                    step = Experiments.Apply(step, variant);
                }

                return (step, index, skipped.ToImmutable());
            }

            return null;
        }

        private OutboundAction? Plan(CaseState @case, LadderStep step, int index, ImmutableArray<(LadderStep Step, string Reason)> skipped, bool replanned)
        {
            foreach (var (skippedStep, reason) in skipped)
            {
                SuppressStep(@case, skippedStep, reason);
                Assign(@case, skippedStep);
            }

            var anchor = step.From == OffsetFrom.OVERDUE ? @case.Ladder.OverdueSince!.Value : @case.Ladder.Anchor ?? now;
            var due = ZonedTime.Add(anchor, step.After, policy.Zone);
            var reasons = ImmutableArray.CreateBuilder<string>();
            reasons.Add(Reasons.Step(step.Id));
            if (TestedVariant(step) is { Experiment: var experiment, Variant: var variant })
            {
                reasons.Add(Experiments.Reason(experiment, variant));
                Assign(@case, step);
            }

            if (@case.Ladder.ResumedBy is { } resumed)
            {
                reasons.Add(resumed);
            }

            if (replanned)
            {
                reasons.Add(Reasons.Replanned);
            }

            var (channel, channelReasons) = Channels.Resolve(_state, policy, step.Channel);
            reasons.AddRange(channelReasons);
            var (sender, senderName, wki) = Channels.Identity(policy, step.Sender);
            reasons.Add(sender == Sender.AGENCY ? Reasons.SenderAgency : Reasons.SenderClient);
            if (channel is null)
            {
                SuppressStep(@case, step, Reasons.NoConsent(step.Channel), reasons.ToImmutable());
                Update(@case with { Ladder = @case.Ladder with { NextStep = index + 1 } });
                return null;
            }

            var earliest = due < now ? now : due;
            if (step.Kind is ActionKind.HANDOVER_TO_COLLECTION or ActionKind.LEGAL_REVIEW && @case.DebtorType == DebtorType.CONSUMER && @case.FinalNotice is { Deadline: { } deadline })
            {
                // No step that charges costs or hands over before the 14 days of the letter have run.
                var chargeable = LocalDate.FromDateOnly(deadline).PlusDays(1).AtStartOfDayInZone(policy.Zone).ToDateTimeOffset();
                if (chargeable > earliest)
                {
                    earliest = chargeable;
                    reasons.Add(Reasons.FourteenDayTerm);
                }
            }

            var (at, deferral) = ContactBudgetRules.Schedule(_state, policy, step.Kind, channel.Value, earliest);
            reasons.AddRange(deferral);
            if (due < now)
            {
                reasons.Add(Reasons.MissedWhileDown);
            }

            var action = NewAction(@case.CaseId, step.Kind, channel.Value, sender, senderName, wki, step.Template, step.Id, at, due, reasons.ToImmutable(), ActionStatus.PLANNED);
            _state = _state with { Actions = _state.Actions.Add(action) };
            Update(@case with { Ladder = @case.Ladder with { PlannedActionId = action.ActionId, NextStep = index, ResumedBy = null } });
            return action;
        }

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

        /// <summary>Keeps the customer's segments current, so that ladder steps and the segment index see them.</summary>
        public void AssessSegments()
        {
            var segments = Segments.Of(_state, policy, now);
            if (!segments.SequenceEqual(_state.Segments))
            {
                _state = _state with { Segments = segments };
            }
        }

        /// <summary>A rise of the early-warning level plans the policy's preventive contact (advice or a person), never a dunning step.</summary>
        public void AssessRisk()
        {
            var risk = RiskAssessment.Assess(_state, policy, now);
            if (risk.Level == _state.RiskLevel)
            {
                return;
            }

            var rose = risk.Level > _state.RiskLevel;
            _state = _state with { RiskLevel = risk.Level };
            if (rose && policy.Risk.OnRise is { } rise && risk.Level >= rise.AtLeast)
            {
                Immediate(rise.Action, null, Reasons.RiskRose(risk.Level), [.. risk.Signals.Select(Reasons.RiskSignal)]);
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

        private void PausePromised(Touchpoint trigger)
        {
            if (!policy.Triggers.PromisePausesLadder || trigger.DueDate is not { } date)
            {
                return;
            }

            var until = ZonedTime.EndOfDay(date, policy.Zone);
            foreach (var @case in _state.Cases.Where(c => c.IsOpen && (trigger.CaseId is null || c.CaseId == trigger.CaseId)))
            {
                Update(@case with { Ladder = @case.Ladder with { PromisedUntil = until } });
            }
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

        /// <summary>The experiment on this step, if any, and this customer's variant of it.</summary>
        private (ExperimentRule Experiment, ExperimentVariant Variant)? TestedVariant(LadderStep step) =>
            Experiments.ForStep(policy, step.Id) is { } experiment ? (experiment, Experiments.VariantFor(experiment, _state.Tenant, _state.CustomerId)) : null;

        /// <summary>Records once per case which variant of the step's experiment it got, and the moment (now, when the step is planned or skipped).</summary>
        private void Assign(CaseState @case, LadderStep step)
        {
            if (TestedVariant(step) is not { Experiment: var experiment, Variant: var variant } || _state.ExperimentAssignments.Any(a => a.CaseId == @case.CaseId && a.ExperimentId == experiment.Id))
            {
                return;
            }

            var assignment = new ExperimentAssignment(@case.CaseId, experiment.Id, variant.Id, now, ZonedTime.Add(now, experiment.PaidWithin, policy.Zone));
            _state = _state with { ExperimentAssignments = _state.ExperimentAssignments.Add(assignment) };
        }

        private void SuppressStep(CaseState @case, LadderStep step, string why, ImmutableArray<string>? more = null)
        {
            var (sender, name, wki) = Channels.Identity(policy, step.Sender);
            ImmutableArray<string> reasons = [Reasons.Step(step.Id), .. more ?? [], why];
            var action = NewAction(@case.CaseId, step.Kind, step.Channel, sender, name, wki, step.Template, step.Id, now, now, [.. reasons.Distinct()], ActionStatus.CANCELLED);
            _state = _state with { Suppressed = _state.Suppressed.Add(action) };
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
            }

            foreach (var action in state.Actions.Where(a => a.Status == ActionStatus.PLANNED))
            {
                Consider(action.At);
            }

            return next;
        }
    }
}

public static class Contacts
{
    /// <summary>Action ids number a customer's actions, so they are stable and replay gives the same ids.</summary>
    public static string ActionId(string customerId, long sequence) => $"{customerId}/a{sequence}";

    /// <summary>Enters a contact the engine dispatched or a team booked in the log the budget counts; newest first, bounded.</summary>
    public static ImmutableArray<ContactEntry> Record(ImmutableArray<ContactEntry> contacts, OutboundAction action)
    {
        var entry = FromAction(action);
        var index = 0;
        while (index < contacts.Length && contacts[index].At > entry.At)
        {
            index++;
        }

        var recorded = contacts.Insert(index, entry);
        return recorded.Length > JourneySettings.Default.ContactLogBound ? recorded[..JourneySettings.Default.ContactLogBound] : recorded;
    }

    public static ContactEntry FromAction(OutboundAction action) => new(
        $"action:{action.ActionId}",
        action.At,
        action.Channel == Channel.PHONE ? TouchpointType.CALL_COMPLETED : TouchpointType.MESSAGE_SENT,
        action.Team ?? Team.COLLECTION,
        action.Channel,
        action.ActionId,
        null,
        action.Kind,
        ByRules: action.Team is null);

    /// <summary>The kind of action a logged contact was: recorded on the entry, or looked up for entries stored before kinds were.</summary>
    public static ActionKind? KindOf(CustomerState state, ContactEntry contact) =>
        contact.Kind ?? (contact.ActionId is { } actionId ? state.FindAction(actionId)?.Kind : null);
}
