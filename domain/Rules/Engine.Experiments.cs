using System.Collections.Immutable;
using Journey.Domain.Policies;
using NodaTime;

namespace Journey.Domain.Rules;

public static partial class Engine
{
    /// <summary>Experiments on ladder steps: which variant a case gets, recorded once.</summary>
    private sealed partial class Run
    {
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
    }
}
