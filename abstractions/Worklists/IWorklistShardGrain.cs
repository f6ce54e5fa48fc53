using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Worklists;

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
