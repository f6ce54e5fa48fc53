using System.Collections.Immutable;
using Journey.Domain.Policies;

namespace Journey.Domain.Rules;

/// <summary>Which variant of a step's experiment a case got, and when (the step's moment).</summary>
public sealed record ExperimentAssignment(string CaseId, string ExperimentId, string Variant, DateTimeOffset At, DateTimeOffset PaidBy);

/// <summary>One case's outcome in an experiment.</summary>
public sealed record ExperimentOutcome(string ExperimentId, string Variant, bool PaidWithin, double? DaysToPay, int ContactsAfter, int? NpsScore = null);

/// <summary>Deterministic assignment (the same customer always gets the same variant) and outcomes, all pure.</summary>
public static class Experiments
{
    public static ExperimentRule? ForStep(Policy policy, string stepId) =>
        policy.Experiments.FirstOrDefault(e => e.Step == stepId && (!e.Stopped || e.Promote is not null));

    public static ExperimentVariant VariantFor(ExperimentRule experiment, string tenant, string customerId) =>
        experiment.Stopped && experiment.Promote is { } promoted
            ? experiment.Variants.First(v => v.Id == promoted)
            : experiment.Variants[StableHash.Bucket($"{tenant}/{experiment.Id}/{customerId}", experiment.Variants.Length)];

    public static LadderStep Apply(LadderStep step, ExperimentVariant variant) =>
        step with { Kind = variant.Kind ?? step.Kind, Channel = variant.Channel ?? step.Channel, Template = variant.Template ?? step.Template };

    /// <summary>The prefix of a variant's labels and measures in the tenant's index.</summary>
    public static string Key(string experimentId, string variant) => $"experiment/{experimentId}/{variant}";

    public static string Reason(ExperimentRule experiment, ExperimentVariant variant) => $"experiment:{experiment.Id}:{variant.Id}";

    /// <summary>Every assigned case's outcome so far: paid by the end of the experiment's period after its moment, days to pay, ladder contacts after it.</summary>
    public static ImmutableArray<ExperimentOutcome> Outcomes(CustomerState state)
    {
        var outcomes = ImmutableArray.CreateBuilder<ExperimentOutcome>();
        foreach (var assignment in state.ExperimentAssignments)
        {
            if (state.FindCase(assignment.CaseId) is not { } @case)
            {
                continue;
            }

            var paid = !@case.IsOpen && !@case.IsClosed && @case.Payments.Length > 0 ? @case.Payments.Max(p => p.ReceivedAt) : (DateTimeOffset?)null;
            var contacts = state.Actions.Count(a => a.StepId is not null && a.Names(@case.CaseId) && a.At >= assignment.At
                && a.Status is ActionStatus.DISPATCHED or ActionStatus.SENT);
            outcomes.Add(new ExperimentOutcome(
                assignment.ExperimentId,
                assignment.Variant,
                paid is { } at && at <= assignment.PaidBy,
                paid is { } when ? Math.Max(0, (when - assignment.At).TotalDays) : null,
                contacts,
                FirstScoreSince(state, assignment.At)));
        }

        return outcomes.ToImmutable();
    }

    // The customer's first NPS answer after the variant's moment: what the variant left them feeling.
    private static int? FirstScoreSince(CustomerState state, DateTimeOffset since)
    {
        foreach (var feedback in state.Feedback)
        {
            if (feedback.Score is { } score && feedback.At >= since)
            {
                return score;
            }
        }

        return null;
    }

    /// <summary>A customer's contribution to the tenant's experiment results: labels counted, and measures summed, per experiment and variant.</summary>
    public static (ImmutableArray<string> Facts, ImmutableDictionary<string, double> Measures) Contribution(CustomerState state)
    {
        var facts = ImmutableArray.CreateBuilder<string>();
        var measures = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var outcome in Outcomes(state))
        {
            var key = Key(outcome.ExperimentId, outcome.Variant);
            facts.Add($"{key}/assigned");
            if (outcome.PaidWithin)
            {
                facts.Add($"{key}/paid");
            }

            if (outcome.DaysToPay is { } days)
            {
                facts.Add($"{key}/paid-ever");
                measures[$"{key}/days"] = measures.GetValueOrDefault($"{key}/days") + days;
            }

            measures[$"{key}/contacts"] = measures.GetValueOrDefault($"{key}/contacts") + outcome.ContactsAfter;
            if (outcome.NpsScore is { } score)
            {
                facts.Add($"{key}/nps-responses");
                measures[$"{key}/nps"] = measures.GetValueOrDefault($"{key}/nps") + score;
            }
        }

        return (facts.ToImmutable(), measures.ToImmutableDictionary(StringComparer.Ordinal));
    }
}

/// <summary>How sure a measured rate is.</summary>
public static class Proportions
{
    /// <summary>
    /// The 95 % Wilson score interval of <paramref name="successes"/> in <paramref name="trials"/>: sound for
    /// small counts and for rates near 0 or 1, where the normal approximation gives bounds outside [0, 1].
    /// No trials: nothing is known, (0, 1).
    /// </summary>
    public static (double Low, double High) Wilson95(int successes, int trials)
    {
        if (trials == 0)
        {
            return (0, 1);
        }

        const double z = 1.96;
        var p = (double)successes / trials;
        var denominator = 1 + (z * z / trials);
        var centre = (p + (z * z / (2 * trials))) / denominator;
        var half = z * Math.Sqrt((p * (1 - p) / trials) + (z * z / (4.0 * trials * trials))) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>
    /// The share of <paramref name="contacts"/> a payment followed; null without contacts. At most 1: a
    /// payment counted for a contact whose count was since forgotten (an erased customer) cannot lift it above.
    /// </summary>
    public static double? PaymentRate(long paid, long contacts) => contacts == 0 ? null : Math.Min(1.0, (double)paid / contacts);

    /// <summary>Net Promoter Score: % promoters (9–10) − % detractors (0–6) of all responses, −100…100; null without responses.</summary>
    public static double? NetPromoterScore(long promoters, long detractors, long responses) =>
        responses == 0 ? null : 100.0 * (promoters - detractors) / responses;
}
