using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Worklists;

public static class WorklistIndex
{
    public const int Shards = 32;

    public static int ShardOf(string customerId) => GrainKeys.ShardOf(customerId, Shards);

    public static string ShardKey(string tenant, string customerId) => $"{tenant}/{ShardOf(customerId)}";

    public static IEnumerable<string> AllShardKeys(string tenant) => Enumerable.Range(0, Shards).Select(shard => $"{tenant}/{shard}");
}
