using System.Collections.Immutable;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Statistics;

/// <summary>
/// One of <see cref="TenantStatistics.Shards"/> shards of a tenant's statistics (key "{tenant}/{shard}"):
/// sums of the facts its customers send, never a per-customer record.
/// </summary>
[Alias("journey.IStatisticsShardGrain")]
public interface IStatisticsShardGrain : IGrainWithStringKey
{
    /// <summary>Counts the batches not counted before; returns once they are durable.</summary>
    [Alias("Add")]
    Task Add(ImmutableArray<StatisticsDelivery> deliveries);

    /// <summary>Drops what the shard remembers of a customer (erasure); its counted sums stay, they name no one.</summary>
    [Alias("Forget")]
    Task Forget(string customerId);

    [Alias("Counters"), Orleans.Concurrency.AlwaysInterleave]
    Task<ImmutableDictionary<string, StatisticsCounter>> Counters();
}
