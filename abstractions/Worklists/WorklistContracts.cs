using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Worklists;

/// <summary>A customer's worklist items as of one version of its state.</summary>
[GenerateSerializer, Immutable, Alias("journey.WorklistUpdate")]
public sealed record WorklistUpdate([property: Id(0)] string CustomerId, [property: Id(1)] long Version, [property: Id(2)] ImmutableArray<WorklistItem> Items);

/// <summary>Who took an item, when, and until when it is theirs.</summary>
[GenerateSerializer, Immutable, Alias("journey.WorklistLease")]
public sealed record WorklistLease([property: Id(0)] string Agent, [property: Id(1)] DateTimeOffset TakenAt, [property: Id(2)] DateTimeOffset Until)
{
    public bool HeldAt(DateTimeOffset now) => Until > now;
}

/// <summary>An item as the worklist shows it at a moment: its kind then, and its lease (the last one, held or run out).</summary>
[GenerateSerializer, Immutable, Alias("journey.WorklistEntry")]
public sealed record WorklistEntry([property: Id(0)] WorklistItem Item, [property: Id(1)] WorklistKind Kind, [property: Id(2)] WorklistLease? Lease);

/// <summary>The answer to taking an item: taken (the lease is the caller's), or held by someone else (their lease), or gone.</summary>
[GenerateSerializer, Immutable, Alias("journey.WorklistTake")]
public sealed record WorklistTake([property: Id(0)] bool Taken, [property: Id(1)] WorklistEntry? Entry);

[GenerateSerializer, Immutable, Alias("journey.WorklistCustomer")]
public sealed record WorklistCustomer([property: Id(0)] long Version, [property: Id(1)] ImmutableArray<WorklistItem> Items);

/// <summary>An item an agent marked done: it stays off the list while the customer's state still gives it.</summary>
[GenerateSerializer, Immutable, Alias("journey.WorklistDone")]
public sealed record WorklistDone([property: Id(0)] string Agent, [property: Id(1)] DateTimeOffset At);

[GenerateSerializer, Alias("journey.WorklistShard")]
public sealed record WorklistShardState
{
    [Id(0)]
    public ImmutableDictionary<string, WorklistCustomer> Customers { get; init; } = ImmutableDictionary<string, WorklistCustomer>.Empty;

    [Id(1)]
    public ImmutableDictionary<string, WorklistLease> Leases { get; init; } = ImmutableDictionary<string, WorklistLease>.Empty;

    [Id(2)]
    public ImmutableDictionary<string, WorklistDone> Done { get; init; } = ImmutableDictionary<string, WorklistDone>.Empty;

    /// <summary>Items taken and completed, by "{team}|{agent}" (the item's team): what each collector worked.</summary>
    [Id(3)]
    public ImmutableDictionary<string, WorklistWork> Work { get; init; } = ImmutableDictionary<string, WorklistWork>.Empty;
}

/// <summary>How many items an agent took (a new lease, not a renewal) and completed.</summary>
[GenerateSerializer, Immutable, Alias("journey.WorklistWork")]
public sealed record WorklistWork([property: Id(0)] long Taken, [property: Id(1)] long Completed);

/// <summary>What one agent of one team worked, summed over the tenant's worklist shards.</summary>
public sealed record AgentWork(Team Team, string Agent, long Taken, long Completed);

/// <summary>
/// One of <see cref="WorklistIndex.Shards"/> shards of a tenant's worklists (key "{tenant}/{shard}"), fed from
/// the customers' effects after their writes, versioned per customer; it also keeps the leases and what was done.
/// </summary>
[Alias("journey.IWorklistShardGrain")]
public interface IWorklistShardGrain : IGrainWithStringKey
{
    [Alias("UpdateMany")]
    Task UpdateMany(ImmutableArray<WorklistUpdate> updates);

    /// <summary>The team's items on the list at <paramref name="now"/> (<paramref name="today"/> in the tenant's zone), not done, with their leases.</summary>
    [Alias("Items"), Orleans.Concurrency.AlwaysInterleave]
    Task<ImmutableArray<WorklistEntry>> Items(Team team, DateTimeOffset now, DateOnly today);

    /// <summary>Leases the item to <paramref name="agent"/> until <paramref name="now"/> + <paramref name="leaseFor"/>, unless someone else holds it.</summary>
    [Alias("Take")]
    Task<WorklistTake> Take(string itemId, string agent, DateTimeOffset now, DateOnly today, TimeSpan leaseFor);

    /// <summary>The agent is done with the item: the lease ends and the item leaves the list. False when there is no such item.</summary>
    [Alias("Complete")]
    Task<bool> Complete(string itemId, string agent, DateTimeOffset now);

    [Alias("Work"), Orleans.Concurrency.AlwaysInterleave]
    Task<ImmutableDictionary<string, WorklistWork>> Work();
}

public static class WorklistIndex
{
    public const int Shards = 32;

    public static int ShardOf(string customerId) => GrainKeys.ShardOf(customerId, Shards);

    public static string ShardKey(string tenant, string customerId) => $"{tenant}/{ShardOf(customerId)}";

    public static IEnumerable<string> AllShardKeys(string tenant) => Enumerable.Range(0, Shards).Select(shard => $"{tenant}/{shard}");
}

/// <summary>A tenant's worklist for a team, read from its shards alone (no customer is called), in the worklist's order.</summary>
public static class WorklistQuery
{
    public static async Task<ImmutableArray<WorklistEntry>> ReadAsync(IGrainFactory grains, string tenant, Team team, DateTimeOffset now, DateOnly today)
    {
        var shards = await Task.WhenAll(WorklistIndex.AllShardKeys(tenant).Select(key => grains.GetGrain<IWorklistShardGrain>(key).Items(team, now, today)));
        return [.. WorklistRules.Ordered(shards.SelectMany(entries => entries), e => e.Item, today)];
    }

    /// <summary>Items taken and completed per team and agent, from the shards alone; most completed first.</summary>
    public static async Task<ImmutableArray<AgentWork>> WorkAsync(IGrainFactory grains, string tenant)
    {
        var shards = await Task.WhenAll(WorklistIndex.AllShardKeys(tenant).Select(key => grains.GetGrain<IWorklistShardGrain>(key).Work()));
        return [.. shards.SelectMany(work => work)
            .GroupBy(w => w.Key, StringComparer.Ordinal)
            .Select(g => (Key: g.Key.Split('|', 2), Taken: g.Sum(w => w.Value.Taken), Completed: g.Sum(w => w.Value.Completed)))
            .Where(w => w.Key.Length == 2 && Enum.TryParse<Team>(w.Key[0], out _))
            .Select(w => new AgentWork(Enum.Parse<Team>(w.Key[0]), w.Key[1], w.Taken, w.Completed))
            .OrderBy(w => w.Team).ThenByDescending(w => w.Completed).ThenBy(w => w.Agent, StringComparer.Ordinal)];
    }

    public static string WorkKey(WorklistItem item, string agent) => $"{(item.Team is { } team ? team : WorklistRules.TeamsOf(item.Kind)[0])}|{agent}";

    public static IWorklistShardGrain ShardOf(IGrainFactory grains, string tenant, string itemId) =>
        grains.GetGrain<IWorklistShardGrain>(WorklistIndex.ShardKey(tenant, WorklistRules.CustomerOf(itemId) ?? throw new ArgumentException($"'{itemId}' is not a worklist item id", nameof(itemId))));
}
