using System.Collections.Immutable;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Statistics;

/// <summary>How often something was counted, and the sum of the amounts counted with it (days to pay, NPS scores).</summary>
[GenerateSerializer, Immutable, Alias("journey.StatisticsCounter")]
public sealed record StatisticsCounter([property: Id(0)] long Count, [property: Id(1)] double Sum);

/// <summary>A customer's batch of statistics facts, numbered per customer.</summary>
[GenerateSerializer, Immutable, Alias("journey.StatisticsDelivery")]
public sealed record StatisticsDelivery([property: Id(0)] string CustomerId, [property: Id(1)] StatisticsBatch Batch);

[GenerateSerializer, Alias("journey.StatisticsShard")]
public sealed record StatisticsShardState
{
    [Id(0)]
    public ImmutableDictionary<string, StatisticsCounter> Counters { get; init; } = ImmutableDictionary<string, StatisticsCounter>.Empty;

    /// <summary>Per customer, the number of the last batch counted: a resent batch at or below it is skipped.</summary>
    /// <remarks>Changed in place by the shard grain, between its writes (stored as the same JSON object as the immutable map before it).</remarks>
    [Id(2)]
    public Dictionary<string, long> CountedThrough { get; init; } = new(StringComparer.Ordinal);
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

    /// <summary>Drops what the shard remembers of a customer (erasure); its counted sums stay, they name no one.</summary>
    [Alias("Forget")]
    Task Forget(string customerId);

    [Alias("Counters"), Orleans.Concurrency.AlwaysInterleave]
    Task<ImmutableDictionary<string, StatisticsCounter>> Counters();
}

public static class TenantStatistics
{
    /// <summary>Many small shards: each write carries the shard's per-customer batch numbers (about 400 customers a shard at 100,000 customers).</summary>
    public const int Shards = 256;

    public static int ShardOf(string customerId) => GrainKeys.ShardOf(customerId, Shards);

    public static string ShardKey(string tenant, string customerId) => $"{tenant}/{ShardOf(customerId)}";

    public static IEnumerable<string> AllShardKeys(string tenant) => Enumerable.Range(0, Shards).Select(shard => $"{tenant}/{shard}");

    /// <summary>The tenant's counters, added up over its shards: the shards only, no customer is called.</summary>
    public static async Task<Dictionary<string, StatisticsCounter>> ReadAsync(IGrainFactory grains, string tenant)
    {
        var shards = await Task.WhenAll(AllShardKeys(tenant).Select(key => grains.GetGrain<IStatisticsShardGrain>(key).Counters()));
        var totals = new Dictionary<string, StatisticsCounter>(StringComparer.Ordinal);
        foreach (var (key, counter) in shards.SelectMany(s => s))
        {
            var held = totals.GetValueOrDefault(key);
            totals[key] = new StatisticsCounter((held?.Count ?? 0) + counter.Count, (held?.Sum ?? 0) + counter.Sum);
        }

        return totals;
    }
}
