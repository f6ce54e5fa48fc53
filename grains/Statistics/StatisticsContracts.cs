using System.Collections.Immutable;
using Journey.Domain.Rules;

namespace Journey.Grains.Statistics;

/// <summary>How often something was counted, and the sum of the amounts counted with it (days to pay, NPS scores).</summary>
[GenerateSerializer, Immutable, Alias("journey.StatisticsCounter")]
public sealed record StatisticsCounter([property: Id(0)] long Count, [property: Id(1)] double Sum);

/// <summary>A customer's batch of statistics facts, identified by customer and sequence.</summary>
[GenerateSerializer, Immutable, Alias("journey.StatisticsDelivery")]
public sealed record StatisticsDelivery([property: Id(0)] string CustomerId, [property: Id(1)] StatisticsBatch Batch)
{
    public string Id => $"{CustomerId}#{Batch.Sequence}";
}

[GenerateSerializer, Alias("journey.StatisticsShard")]
public sealed record StatisticsShardState
{
    [Id(0)]
    public ImmutableDictionary<string, StatisticsCounter> Counters { get; init; } = ImmutableDictionary<string, StatisticsCounter>.Empty;

    /// <summary>Ids of the newest deliveries counted, oldest first, so a batch resent after a crash is not counted twice.</summary>
    [Id(1)]
    public ImmutableArray<string> Recent { get; init; } = [];
}

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

    [Alias("Counters"), Orleans.Concurrency.AlwaysInterleave]
    Task<ImmutableDictionary<string, StatisticsCounter>> Counters();
}

public static class TenantStatistics
{
    public const int Shards = 16;

    /// <summary>How many delivery ids a shard remembers to recognise a resent batch.</summary>
    public const int RememberedDeliveries = 512;

    public static string ShardKey(string tenant, string customerId) => $"{tenant}/{GrainKeys.ShardOf(customerId, Shards)}";

    public static IEnumerable<string> AllShardKeys(string tenant) => Enumerable.Range(0, Shards).Select(shard => $"{tenant}/{shard}");
}
