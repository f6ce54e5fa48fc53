using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Journey.Domain.Policies;

namespace Journey.Domain.Rules;

/// <summary>What a worklist item asks a person to do. The order here is the worklist's priority.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WorklistKind>))]
public enum WorklistKind
{
    /// <summary>A promised date passed and the case is still open (collection; oldest first).</summary>
    BROKEN_PROMISE,

    /// <summary>A call the ladder or the risk rules handed to a person, not yet reported done (collection; oldest first).</summary>
    CALL_TASK,

    /// <summary>A promise to pay whose date has come: check that the money arrived (collection; soonest first).</summary>
    PROMISE_DUE,

    /// <summary>A dispute past its deadline, not yet decided (its owning team, policy <c>disputes.owner</c>; longest overdue first).</summary>
    DISPUTE_OVERDUE,

    /// <summary>An open complaint or dispute holding collection (service; waiting longest first).</summary>
    HOLD_WAITING,

    /// <summary>A customer at high risk before or in arrears (billing and sales; largest open amount first).</summary>
    HIGH_RISK,
}

/// <summary>
/// One thing a person should look at, derived from a customer's state alone (so a recount of the customer
/// gives the same items). <see cref="Since"/> is when it became due; a promise carries its date instead:
/// it is <see cref="WorklistKind.PROMISE_DUE"/> on that day (tenant time) and a
/// <see cref="WorklistKind.BROKEN_PROMISE"/> after it, which the worklist works out when it is read.
/// </summary>
/// <param name="Team">The team the item is for when it names one (an overdue dispute's owner); otherwise the kind's teams.</param>
public sealed record WorklistItem(string ItemId, WorklistKind Kind, string CustomerId, string? CaseId, DateTimeOffset? Since, DateOnly? PromisedFor, decimal AmountDue, string Detail, Team? Team = null);

/// <summary>Team worklists: which items a customer's state gives, which team works each kind, and the order they are worked in.</summary>
public static class WorklistRules
{
    public static ImmutableArray<Team> TeamsOf(WorklistKind kind) => kind switch
    {
        WorklistKind.BROKEN_PROMISE or WorklistKind.CALL_TASK or WorklistKind.PROMISE_DUE => [Team.COLLECTION],
        WorklistKind.HOLD_WAITING or WorklistKind.DISPUTE_OVERDUE => [Team.SERVICE],
        _ => [Team.BILLING, Team.SALES],
    };

    /// <summary>The teams whose list shows the item on <paramref name="today"/>: its own team when it names one.</summary>
    public static ImmutableArray<Team> TeamsOf(WorklistItem item, DateOnly today) => item.Team is { } team ? [team] : TeamsOf(KindAt(item, today));

    /// <summary>The kind an item has on <paramref name="today"/> (tenant time): a promise whose day has passed is broken.</summary>
    public static WorklistKind KindAt(WorklistItem item, DateOnly today) =>
        item.Kind == WorklistKind.PROMISE_DUE && item.PromisedFor is { } day && today > day ? WorklistKind.BROKEN_PROMISE : item.Kind;

    /// <summary>Whether the item is on the list at <paramref name="now"/> (a promise from its day on).</summary>
    public static bool Due(WorklistItem item, DateTimeOffset now, DateOnly today) =>
        (item.Since is not { } since || since <= now) && (item.PromisedFor is not { } day || day <= today);

    /// <summary>
    /// The worklist's order on <paramref name="today"/>: by kind (the order of <see cref="WorklistKind"/>), then
    /// broken promises (by promised date), call tasks and waiting holds oldest first, due promises by date,
    /// high risk by the largest open amount; ties by item id, so every reader sees one order.
    /// </summary>
    public static IEnumerable<T> Ordered<T>(IEnumerable<T> entries, Func<T, WorklistItem> item, DateOnly today) =>
        entries.OrderBy(e => KindAt(item(e), today))
            .ThenBy(e => KindAt(item(e), today) == WorklistKind.HIGH_RISK ? -item(e).AmountDue : 0m)
            .ThenBy(e => item(e).PromisedFor ?? DateOnly.MinValue)
            .ThenBy(e => item(e).Since ?? DateTimeOffset.MinValue)
            .ThenBy(e => item(e).ItemId, StringComparer.Ordinal);

    /// <summary>The items the customer's state gives, in a stable order (by item id).</summary>
    public static ImmutableArray<WorklistItem> Of(CustomerState state)
    {
        if (!state.Exists || state.Erased)
        {
            return [];
        }

        List<WorklistItem>? items = null;
        void Add(WorklistKind kind, string reference, string? caseId, DateTimeOffset? since, DateOnly? promisedFor, decimal amount, string detail) =>
            (items ??= []).Add(new WorklistItem(ItemId(state.CustomerId, kind, reference), kind, state.CustomerId, caseId, since, promisedFor, amount, detail));

        // The latest promise per case (or for the customer) while what it covers is open. Loops, not a
        // GroupBy: this runs twice for every step that changes a case, and most customers have no promise.
        var promises = state.Promises;
        for (var first = 0; first < promises.Length; first++)
        {
            if (!FirstFor(promises, first))
            {
                continue;
            }

            var promise = LatestFor(promises, first);
            List<CaseState> open = promise.CaseId is { } caseId
                ? state.FindCase(caseId) is { IsOpen: true } promised ? [promised] : []
                : [.. state.Cases.Where(c => c.IsOpen)];
            if (open.Count == 0)
            {
                continue;
            }

            Add(WorklistKind.PROMISE_DUE, promise.EventId, promise.CaseId, null, promise.PromisedFor,
                open.Sum(c => c.AmountDue), $"{promise.Amount?.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {promise.Currency ?? ""} on {promise.PromisedFor:yyyy-MM-dd}".Trim());
        }

        foreach (var action in state.Actions)
        {
            if (action.Kind == ActionKind.CALL_TASK && action.Status == ActionStatus.DISPATCHED && !action.BookedByTeam())
            {
                var amount = action.PerCase().Sum(a => a.CaseId is { } caseId ? state.FindCase(caseId)?.AmountDue ?? 0m : 0m);
                Add(WorklistKind.CALL_TASK, action.ActionId, action.CaseId, action.At, null, amount, action.StepId ?? action.Reasons.FirstOrDefault() ?? "");
            }
        }

        // A broken instalment plan is a broken promise to the collector: the customer agreed a schedule and missed it.
        foreach (var @case in state.Cases)
        {
            if (@case.IsOpen && @case.PlanMissed is { } missed)
            {
                var day = missed.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
                Add(WorklistKind.BROKEN_PROMISE, $"plan:{@case.CaseId}:{day}", @case.CaseId, null, missed, @case.AmountDue, $"instalment due {day} missed");
            }
        }

        foreach (var hold in state.Holds)
        {
            var covered = hold.CaseId is { } caseId ? state.FindCase(caseId)?.AmountDue ?? 0m : state.Cases.Where(c => c.IsOpen).Sum(c => c.AmountDue);
            Add(WorklistKind.HOLD_WAITING, hold.HoldId, hold.CaseId, hold.OpenedAt, null, covered, hold.Reason);
            if (hold is { Kind: HoldKind.DISPUTE, Deadline: { } deadline })
            {
                (items ??= []).Add(new WorklistItem(ItemId(state.CustomerId, WorklistKind.DISPUTE_OVERDUE, hold.HoldId), WorklistKind.DISPUTE_OVERDUE, state.CustomerId, hold.CaseId,
                    deadline, null, covered, hold.Reason, hold.Owner));
            }
        }

        if (state.RiskLevel == RiskLevel.HIGH)
        {
            Add(WorklistKind.HIGH_RISK, "risk", null, null, null, state.Cases.Where(c => c.IsOpen).Sum(c => c.AmountDue), state.RiskLevel.ToString());
        }

        return items is null ? [] : [.. items.OrderBy(i => i.ItemId, StringComparer.Ordinal)];
    }

    /// <summary>Whether the promise at <paramref name="index"/> is the first of its case (or the first customer-wide one).</summary>
    private static bool FirstFor(ImmutableArray<PromiseToPay> promises, int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (promises[i].CaseId == promises[index].CaseId)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The latest promise of the case the promise at <paramref name="index"/> is for.</summary>
    private static PromiseToPay LatestFor(ImmutableArray<PromiseToPay> promises, int index)
    {
        var latest = promises[index];
        for (var i = index + 1; i < promises.Length; i++)
        {
            if (promises[i].CaseId == latest.CaseId)
            {
                latest = promises[i];
            }
        }

        return latest;
    }

    /// <summary>An item's id: the customer, the kind and what it is about, each escaped so the id splits back into them.</summary>
    public static string ItemId(string customerId, WorklistKind kind, string reference) =>
        $"{Uri.EscapeDataString(customerId)}/{kind}/{Uri.EscapeDataString(reference)}";

    /// <summary>The customer an item id names, or null when it is not an item id.</summary>
    public static string? CustomerOf(string itemId)
    {
        var parts = itemId.Split('/');
        return parts.Length == 3 && Enum.TryParse<WorklistKind>(parts[1], out _) && parts[0].Length > 0 ? Uri.UnescapeDataString(parts[0]) : null;
    }
}
