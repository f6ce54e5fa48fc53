using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;
using Journey.Grains.Effects;

namespace Journey.Grains;

/// <summary>
/// What a customer's step hands to targets outside the store once it is durable: connectors' actions,
/// new statistics batches, a changed segment membership, worklist items. (The listing and the wake-up
/// change in the write itself.) Decided before the write, whose effect marker depends on it;
/// delivered to the silo's effect dispatcher after it.
/// </summary>
internal sealed record EffectHandover(
    ImmutableArray<OutboundAction> Dispatched,
    ImmutableArray<OutboundAction> Cancelled,
    ImmutableArray<StatisticsBatch> Statistics,
    Journey.Abstractions.Segments.SegmentMembership? Segments,
    Journey.Abstractions.Worklists.WorklistUpdate? Worklist)
{
    public bool IsEmpty => Dispatched.IsEmpty && Cancelled.IsEmpty && Statistics.IsEmpty && Segments is null && Worklist is null;

    private static readonly EffectHandover Nothing = new([], [], [], null, null);

    public static EffectHandover Of(StepResult result)
    {
        var (before, state) = (result.Before, result.State);
        var (dispatched, cancelled) = (ForConnectors(result.Effects.Dispatched), ForConnectors(result.Effects.Cancelled));
        var statistics = state.StatisticsSequence > before.StatisticsSequence ? NewStatistics(state, before.StatisticsSequence) : [];
        var (segments, worklist) = (SegmentChange(before, state), WorklistChange(before, state));

        // Most steps of a warm customer hand over nothing: one shared empty handover, not one per step.
        return dispatched.IsEmpty && cancelled.IsEmpty && statistics.IsEmpty && segments is null && worklist is null
            ? Nothing
            : new EffectHandover(dispatched, cancelled, statistics, segments, worklist);
    }

    /// <summary>Everything the step asks of the world beyond the customer, to the silo's effect dispatcher.</summary>
    public void Deliver(EffectDispatcher effects, StepResult result, CustomerLog log)
    {
        foreach (var action in result.Effects.Dispatched)
        {
            JourneyMetrics.Action(action);
        }

        foreach (var action in result.Effects.Cancelled)
        {
            JourneyMetrics.Action(action);
        }

        var state = result.State;
        if (!Dispatched.IsEmpty || !Cancelled.IsEmpty)
        {
            effects.Outbox(log.Customer(state), Dispatched, Cancelled);
        }

        effects.Statistics(log.Customer(state), Statistics);
        if (Segments is { } membership)
        {
            effects.Segments(log.Customer(state), membership);
        }

        if (Worklist is { } worklist)
        {
            effects.Worklist(log.Customer(state), worklist);
        }
    }

    /// <summary>Actions a connector carries out: bookings by teams (requestContact) are carried out by the team itself, in-app messages shown by the app.</summary>
    public static bool ForConnectors(OutboundAction action) => !action.BookedByTeam();

    /// <summary>The customer's segment membership and experiment contribution when a step changed them; null when it did not.</summary>
    public static Journey.Abstractions.Segments.SegmentMembership? SegmentChange(CustomerState before, CustomerState after)
    {
        if (before.ExperimentAssignments.IsEmpty && after.ExperimentAssignments.IsEmpty && before.Segments.SequenceEqual(after.Segments))
        {
            return null;
        }

        var (facts, measures) = Experiments.Contribution(after);
        return before.Segments.SequenceEqual(after.Segments) && Same(Experiments.Contribution(before), (facts, measures))
            ? null
            : new Journey.Abstractions.Segments.SegmentMembership(after.Version, after.Segments, facts, measures);
    }

    /// <summary>The customer's worklist items when a step changed them; null when it did not (most steps touch nothing they come from).</summary>
    public static Journey.Abstractions.Worklists.WorklistUpdate? WorklistChange(CustomerState before, CustomerState after)
    {
        if (before.Promises == after.Promises && before.Holds == after.Holds && before.Actions == after.Actions && before.Cases == after.Cases
            && before.RiskLevel == after.RiskLevel && before.Erased == after.Erased)
        {
            return null;
        }

        var items = WorklistRules.Of(after);
        return items.SequenceEqual(WorklistRules.Of(before)) ? null : new Journey.Abstractions.Worklists.WorklistUpdate(after.CustomerId, after.Version, items);
    }

    private static ImmutableArray<OutboundAction> ForConnectors(ImmutableArray<OutboundAction> actions)
    {
        foreach (var action in actions)
        {
            if (!ForConnectors(action))
            {
                return [.. actions.Where(ForConnectors)];
            }
        }

        return actions;
    }

    /// <summary>The statistics batches numbered after <paramref name="after"/>: usually the last one alone.</summary>
    private static ImmutableArray<StatisticsBatch> NewStatistics(CustomerState state, long after)
    {
        var pending = state.PendingStatistics;
        var first = pending.Length;
        while (first > 0 && pending[first - 1].Sequence > after)
        {
            first--;
        }

        return first == 0 ? pending : pending[first..];
    }

    private static bool Same((ImmutableArray<string> Facts, ImmutableDictionary<string, double> Measures) a, (ImmutableArray<string> Facts, ImmutableDictionary<string, double> Measures) b) =>
        a.Facts.SequenceEqual(b.Facts) && a.Measures.Count == b.Measures.Count && a.Measures.All(m => b.Measures.TryGetValue(m.Key, out var v) && v == m.Value);
}
