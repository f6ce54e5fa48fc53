using System.Collections.Immutable;

namespace Journey.Domain;

/// <summary>What an erasure removed from a customer's own state.</summary>
public sealed record ErasureSummary(long Touchpoints, int Cases, int Actions, int ArchivePages, ImmutableArray<string> CaseIds);

/// <summary>GDPR erasure: the customer's state becomes a tombstone that holds nothing but its key, the moment, the version and the number of its last batch of (anonymous) statistics.</summary>
public static class Erasure
{
    public static (CustomerState Tombstone, ErasureSummary Erased) Erase(CustomerState state, DateTimeOffset now) =>
        (CustomerJourney.Empty(state.Tenant, state.CustomerId) with { Version = state.Version + 1, ErasedAt = now, StatisticsSequence = state.StatisticsSequence + (Withdrawal(state, now) is null ? 0 : 1) },
         new ErasureSummary(state.TimelineCount, state.Cases.Length, state.Actions.Length + state.Suppressed.Length + state.RetiredDecisions.Length + state.DecisionPages.Sum(p => p.Count), state.ArchivedPages, [.. state.Cases.Select(c => c.CaseId)]));

    /// <summary>
    /// The batches the tenant's statistics must count before they forget the customer: those not yet
    /// counted and, last, one that withdraws what the customer contributed to the receivables (an
    /// erased customer owes nothing the figures can name); numbered on, so a retried erasure counts once.
    /// </summary>
    public static ImmutableArray<Rules.StatisticsBatch> FinalStatistics(CustomerState state, DateTimeOffset now) =>
        Withdrawal(state, now) is { } withdrawal ? state.PendingStatistics.Add(withdrawal) : state.PendingStatistics;

    private static Rules.StatisticsBatch? Withdrawal(CustomerState state, DateTimeOffset now)
    {
        if (!state.ReceivablesCounted)
        {
            return null;
        }

        var facts = new List<Rules.StatisticsFact>();
        Rules.ReceivablesFacts.Add(state, CustomerJourney.Empty(state.Tenant, state.CustomerId), facts, DateOnly.FromDateTime(now.UtcDateTime));
        return facts.Count == 0 ? null : new Rules.StatisticsBatch(state.StatisticsSequence + 1, [.. facts]);
    }

    /// <summary>The state a touchpoint for an erased customer starts from (policy <c>privacy.afterErasure: FRESH</c>); versions keep rising.</summary>
    public static CustomerState Fresh(CustomerState tombstone) =>
        CustomerJourney.Empty(tombstone.Tenant, tombstone.CustomerId) with { Version = tombstone.Version, StatisticsSequence = tombstone.StatisticsSequence };
}
