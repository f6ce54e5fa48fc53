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

    public static string ContactKey(ActionKind? kind, Channel? channel, string? step) => Keys.Of(ContactPrefix, kind, channel, step);

    public static string PaidKey(ActionKind? kind, Channel? channel, string? step) => Keys.Of(PaidPrefix, kind, channel, step);

    public static string NpsPrefix(string dimension) => $"nps|{dimension}|";

    public static string NpsKey(string dimension, string value) => NpsPrefix(dimension) + value;

    public static string PromoterKey(string dimension, string value) => $"nps-promoter|{dimension}|{value}";

    public static string DetractorKey(string dimension, string value) => $"nps-detractor|{dimension}|{value}";

    public static string OutcomeKey(string outcome) => OutcomePrefix + outcome;

    public static string ReasonKey(string code) => ReasonPrefix + code;

    public const string DisputeOpenedPrefix = "dispute-opened|";

    public const string DisputeDecidedPrefix = "dispute-decided|";

    public static string DisputeOpenedKey(string reason) => DisputeOpenedPrefix + reason;

    /// <summary>A decided dispute, by reason and outcome; its value is the days it took.</summary>
    public static string DisputeDecidedKey(string reason, string outcome) => $"{DisputeDecidedPrefix}{reason}|{outcome}";

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

    /// <summary>
    /// The customer's state after a run of the rules, at <paramref name="version"/>, with that run's
    /// facts added as its next batch and the batches through <paramref name="countedThrough"/> (counted
    /// by the tenant's statistics) gone — all in one copy of the state.
    /// </summary>
    /// <param name="today">The step's day, for the receivables' history (see <see cref="ReceivablesFacts.HistoryDays"/>).</param>
    public static CustomerState Record(CustomerState before, EngineResult decided, long version, long countedThrough = 0, DateOnly? today = null)
    {
        var facts = Facts(before, decided.State, decided.Dispatched, today);
        var pending = Uncounted(decided.State.PendingStatistics, countedThrough);
        if (facts.IsEmpty)
        {
            return decided.State with { Version = version, PendingStatistics = pending, ReceivablesCounted = true };
        }

        var sequence = decided.State.StatisticsSequence + 1;
        return decided.State with { Version = version, StatisticsSequence = sequence, PendingStatistics = pending.Add(new StatisticsBatch(sequence, facts)), ReceivablesCounted = true };
    }

    /// <summary>The batches numbered after <paramref name="countedThrough"/>: the same array when there is nothing to drop.</summary>
    public static ImmutableArray<StatisticsBatch> Uncounted(ImmutableArray<StatisticsBatch> pending, long countedThrough)
    {
        var first = 0;
        while (first < pending.Length && pending[first].Sequence <= countedThrough)
        {
            first++;
        }

        return first == 0 ? pending : pending[first..];
    }

    public static ImmutableArray<StatisticsFact> Facts(CustomerState before, CustomerState after, IEnumerable<OutboundAction> dispatched, DateOnly? today = null)
    {
        var facts = ImmutableArray.CreateBuilder<StatisticsFact>();
        foreach (var action in dispatched)
        {
            if (!action.IsBundle)
            {
                facts.Add(new(ContactKey(action.Kind, action.Channel, action.StepId), 0));
                continue;
            }

            // A bundle is one contact for the budget and one per case here, each at its own step.
            foreach (var member in action.Cases)
            {
                facts.Add(new(ContactKey(action.Kind, action.Channel, member.StepId), 0));
            }
        }

        // Most runs touch neither list. The lists are short (bounded), so they are searched rather than indexed.
        if (before.PaidAfter != after.PaidAfter)
        {
            var paidBefore = before.PaidAfter.AsSpan();
            var paidAfter = after.PaidAfter.AsSpan();
            for (var i = 0; i < paidAfter.Length; i++)
            {
                var origin = paidAfter[i];
                if (IndexOfPayment(paidBefore, origin.PaymentEventId) >= 0)
                {
                    continue;
                }

                // A contact's payment counts once: not when the contact had one before, nor when an earlier new payment named it.
                if (origin.ActionId is { } actionId && (IndexOfContact(paidBefore, actionId) >= 0 || NewFor(paidBefore, paidAfter[..i], actionId)))
                {
                    continue;
                }

                var days = origin.ContactedAt is { } contacted ? Math.Max(0, (origin.PaidAt - contacted).TotalDays) : 0;
                facts.Add(new(PaidKey(origin.Kind, origin.Channel, origin.StepId), days));
            }
        }

        // A customer stored before it counted its receivables contributes all of them once, as if from nothing.
        ReceivablesFacts.Add(Unseen(before), after, facts, today);
        if (before.Holds != after.Holds || before.DisputeDecisions != after.DisputeDecisions)
        {
            DisputeFacts(before, after, facts);
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

    /// <summary>Disputes opened (by reason) and decided (by reason and outcome, with the days each took).</summary>
    private static void DisputeFacts(CustomerState before, CustomerState after, ImmutableArray<StatisticsFact>.Builder facts)
    {
        foreach (var hold in after.Holds)
        {
            if (hold.Kind == HoldKind.DISPUTE && !before.Holds.Any(h => h.HoldId == hold.HoldId) && !before.DisputeDecisions.Any(d => d.HoldId == hold.HoldId))
            {
                facts.Add(new(DisputeOpenedKey(hold.Reason), 0));
            }
        }

        foreach (var decision in after.DisputeDecisions)
        {
            if (!before.DisputeDecisions.Any(d => d.HoldId == decision.HoldId))
            {
                facts.Add(new(DisputeDecidedKey(decision.Reason, decision.Outcome), Math.Max(0, (decision.DecidedAt - decision.OpenedAt).TotalDays)));
            }
        }
    }

    /// <summary>The state whose receivables the tenant's figures hold: nothing, for a customer that never counted them.</summary>
    private static CustomerState Unseen(CustomerState state) =>
        state.ReceivablesCounted || (state.Cases.IsEmpty && state.Promises.IsEmpty && state.Credits.IsEmpty) ? state : CustomerJourney.Empty(state.Tenant, state.CustomerId);

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

    private static int IndexOfPayment(ReadOnlySpan<PaymentOrigin> origins, string paymentEventId)
    {
        for (var i = 0; i < origins.Length; i++)
        {
            if (origins[i].PaymentEventId == paymentEventId)
            {
                return i;
            }
        }

        return -1;
    }

    private static int IndexOfContact(ReadOnlySpan<PaymentOrigin> origins, string actionId)
    {
        for (var i = 0; i < origins.Length; i++)
        {
            if (origins[i].ActionId == actionId)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool NewFor(ReadOnlySpan<PaymentOrigin> before, ReadOnlySpan<PaymentOrigin> earlier, string actionId)
    {
        foreach (var origin in earlier)
        {
            if (origin.ActionId == actionId && IndexOfPayment(before, origin.PaymentEventId) < 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Contact and payment keys, made once per (kind, channel, step): every payment and contact of every
    /// customer names one, and each is kept in the customer's pending batch until counted. Steps come
    /// from policies, so the set is small; past a bound, keys are made afresh rather than kept.
    /// </summary>
    private static class Keys
    {
        private const int Bound = 4096;
        private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Prefix, ActionKind? Kind, Channel? Channel, string? Step), string> Made = new();

        public static string Of(string prefix, ActionKind? kind, Channel? channel, string? step)
        {
            if (Made.TryGetValue((prefix, kind, channel, step), out var key))
            {
                return key;
            }

            key = $"{prefix}{Part(kind)}|{Part(channel)}|{step ?? None}";
            if (Made.Count < Bound)
            {
                Made.TryAdd((prefix, kind, channel, step), key);
            }

            return key;
        }
    }
}
