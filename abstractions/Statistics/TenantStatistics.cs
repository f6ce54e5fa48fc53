using Journey.Domain.Rules;

namespace Journey.Abstractions.Statistics;

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
