using System.Collections.Immutable;
using Journey.Domain.Policies;

namespace Journey.Domain.Rules;

/// <summary>One count (and optional amount summed with it) that a customer's change adds to the tenant's statistics.</summary>
public sealed record StatisticsFact(string Key, double Value);

/// <summary>Facts from one write of one customer, numbered per customer so the tenant's statistics count each batch once.</summary>
public sealed record StatisticsBatch(long Sequence, ImmutableArray<StatisticsFact> Facts);

/// <summary>
/// What a change to a customer adds to the tenant's statistics: contacts by action kind, channel and
/// ladder step; the first payment after each contact with the days it took; NPS per team and step;
/// call outcomes and reasons for non-payment. Facts are increments, so the statistics are sums that
/// never need a recount; a contact's payment counts once however many payments follow it.
/// </summary>
public static class Statistics
{
    public const string None = "-";

    public const string OutcomePrefix = "call-outcome|";

    public const string ReasonPrefix = "non-payment|";

    private const string ContactPrefix = "contact|";
    private const string PaidPrefix = "paid|";

    public static string ContactKey(ActionKind? kind, Channel? channel, string? step) => $"{ContactPrefix}{Part(kind)}|{Part(channel)}|{step ?? None}";

    public static string PaidKey(ActionKind? kind, Channel? channel, string? step) => $"{PaidPrefix}{Part(kind)}|{Part(channel)}|{step ?? None}";

    public static string NpsPrefix(string dimension) => $"nps|{dimension}|";

    public static string NpsKey(string dimension, string value) => NpsPrefix(dimension) + value;

    public static string PromoterKey(string dimension, string value) => $"nps-promoter|{dimension}|{value}";

    public static string DetractorKey(string dimension, string value) => $"nps-detractor|{dimension}|{value}";

    public static string OutcomeKey(string outcome) => OutcomePrefix + outcome;

    public static string ReasonKey(string code) => ReasonPrefix + code;

    /// <summary>The kind, channel and step a contact or payment key counts (null parts: none, e.g. a payment no contact preceded); null for other keys.</summary>
    public static (ActionKind? Kind, Channel? Channel, string? Step)? ContactOf(string key)
    {
        if (!key.StartsWith(ContactPrefix, StringComparison.Ordinal) && !key.StartsWith(PaidPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var parts = key.Split('|');
        return (Enum.TryParse<ActionKind>(parts[1], out var kind) ? kind : null,
                Enum.TryParse<Channel>(parts[2], out var channel) ? channel : null,
                parts[3] == None ? null : parts[3]);
    }

    /// <summary>The customer's state after a run of the rules, with that run's facts added as its next batch.</summary>
    public static CustomerState Record(CustomerState before, EngineResult decided) =>
        Pending(decided.State, Facts(before, decided.State, decided.Dispatched));

    public static ImmutableArray<StatisticsFact> Facts(CustomerState before, CustomerState after, IEnumerable<OutboundAction> dispatched)
    {
        var facts = ImmutableArray.CreateBuilder<StatisticsFact>();
        foreach (var action in dispatched)
        {
            facts.Add(new(ContactKey(action.Kind, action.Channel, action.StepId), 0));
        }

        // Most runs touch neither list: the sets below are built only when one changed.
        if (before.PaidAfter != after.PaidAfter)
        {
            var paidBefore = before.PaidAfter.Select(o => o.PaymentEventId).ToHashSet(StringComparer.Ordinal);
            var contactsPaidBefore = before.PaidAfter.Where(o => o.ActionId is not null).Select(o => o.ActionId!).ToHashSet(StringComparer.Ordinal);
            foreach (var origin in after.PaidAfter.Where(o => !paidBefore.Contains(o.PaymentEventId)))
            {
                if (origin.ActionId is { } actionId && !contactsPaidBefore.Add(actionId))
                {
                    continue;
                }

                var days = origin.ContactedAt is { } contacted ? Math.Max(0, (origin.PaidAt - contacted).TotalDays) : 0;
                facts.Add(new(PaidKey(origin.Kind, origin.Channel, origin.StepId), days));
            }
        }

        if (before.Feedback == after.Feedback)
        {
            return facts.ToImmutable();
        }

        var known = before.Feedback.Select(f => f.EventId).ToHashSet(StringComparer.Ordinal);
        foreach (var feedback in after.Feedback.Where(f => !known.Contains(f.EventId)))
        {
            if (feedback.Score is { } score)
            {
                Nps(facts, "all", None, score);
                Nps(facts, "team", feedback.ContactTeam?.ToString() ?? None, score);
                Nps(facts, "step", feedback.ContactStepId ?? None, score);
                Nps(facts, "channel", feedback.ContactChannel?.ToString() ?? None, score);
            }

            if (feedback.Outcome is { } outcome)
            {
                facts.Add(new(OutcomeKey(outcome), 0));
            }

            if (feedback.NonPaymentReason is { } reason)
            {
                facts.Add(new(ReasonKey(reason), 0));
            }
        }

        return facts.ToImmutable();
    }

    /// <summary>Adds this change's facts to the customer's unsent batches under the next sequence number.</summary>
    public static CustomerState Pending(CustomerState state, ImmutableArray<StatisticsFact> facts)
    {
        if (facts.IsEmpty)
        {
            return state;
        }

        var sequence = state.StatisticsSequence + 1;
        return state with { StatisticsSequence = sequence, PendingStatistics = state.PendingStatistics.Add(new StatisticsBatch(sequence, facts)) };
    }

    private static void Nps(ImmutableArray<StatisticsFact>.Builder facts, string dimension, string value, int score)
    {
        facts.Add(new(NpsKey(dimension, value), score));
        if (FeedbackLog.IsPromoter(score))
        {
            facts.Add(new(PromoterKey(dimension, value), 0));
        }
        else if (FeedbackLog.IsDetractor(score))
        {
            facts.Add(new(DetractorKey(dimension, value), 0));
        }
    }

    private static string Part<T>(T? value) where T : struct, Enum => value?.ToString() ?? None;
}
