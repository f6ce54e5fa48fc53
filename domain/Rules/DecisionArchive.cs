using System.Collections.Immutable;
using Journey.Domain.Policies;

namespace Journey.Domain.Rules;

/// <summary>
/// The decision log past the in-state history: retired decisions gather in the state and leave as
/// one page when there are enough of them; pages whose newest decision is older than the policy's
/// retention expire. Pure: the caller stores the page and clears the expired ones.
/// </summary>
public static class DecisionArchive
{
    public const int PageSize = 50;

    public static (CustomerState State, DecisionPage? Page, ImmutableArray<OutboundAction> Entries, ImmutableArray<int> Expired) Roll(CustomerState state, Policy policy, DateTimeOffset now)
    {
        var cutoff = policy.Privacy.DecisionLogRetention is { } retention && !state.DecisionPages.IsEmpty ? ZonedTime.Subtract(now, retention, policy.Zone) : (DateTimeOffset?)null;
        var expired = cutoff is { } from ? state.DecisionPages.Where(p => p.Newest < from).Select(p => p.Page).ToImmutableArray() : [];
        var pages = expired.IsEmpty ? state.DecisionPages : [.. state.DecisionPages.Where(p => !expired.Contains(p.Page))];
        if (state.RetiredDecisions.Length < PageSize)
        {
            return (expired.IsEmpty ? state : state with { DecisionPages = pages }, null, [], expired);
        }

        var entries = state.RetiredDecisions;
        var page = new DecisionPage(state.DecisionPagesWritten, entries.Length, entries.Max(e => e.At));
        return (state with { RetiredDecisions = [], DecisionPages = pages.Add(page), DecisionPagesWritten = state.DecisionPagesWritten + 1 }, page, entries, expired);
    }

    /// <summary>The whole decision log, newest first: the state's actions and suppressed steps, retired ones, then archived pages (read by the caller, newest page first).</summary>
    public static IEnumerable<OutboundAction> Log(CustomerState state, IEnumerable<ImmutableArray<OutboundAction>> archivedNewestFirst) =>
        state.Actions.Concat(state.Suppressed).Concat(state.RetiredDecisions).Concat(archivedNewestFirst.SelectMany(p => p))
            .DistinctBy(a => a.ActionId)
            .OrderByDescending(a => a.At)
            .ThenByDescending(a => a.ActionId, StringComparer.Ordinal);
}
