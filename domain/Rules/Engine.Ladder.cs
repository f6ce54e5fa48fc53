using System.Collections.Immutable;
using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

public static partial class Engine
{
    /// <summary>The dunning ladder: each case moves along its steps as far as now allows, planning the next one.</summary>
    private sealed partial class Run
    {
        /// <summary>Moves one case along its ladder as far as <c>now</c> allows.</summary>
        public void Advance(string caseId)
        {
            var @case = _state.FindCase(caseId)!;
            if (!@case.IsOpen)
            {
                SettledCaseCancelsPending(@case);
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
                if (PlanPausedUntil(@case) is { } nextGraceEnds)
                {
                    // A plan on schedule: the pause runs on to the end of the next instalment's grace.
                    @case = Update(@case with { Ladder = ladder with { PromisedUntil = nextGraceEnds } });
                    ladder = @case.Ladder;
                }
                else
                {
                    // The promised date (or an instalment's grace) passed and the case is still open: the promise or the plan is broken.
                    var missed = MissedInstalment(@case);
                    @case = Update(@case with { Ladder = ladder with { PromisedUntil = null }, PlanMissed = missed ?? @case.PlanMissed });
                    ladder = @case.Ladder;
                    if (ladder.PausedBy == Reasons.PromisePaused)
                    {
                        @case = Resume(@case, missed is null ? Reasons.PromiseBroken : Reasons.PlanBroken);
                        ladder = @case.Ladder;
                    }
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
    }
}
