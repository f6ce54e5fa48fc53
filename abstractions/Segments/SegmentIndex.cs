namespace Journey.Abstractions.Segments;

public static class SegmentIndex
{
    public const int Shards = 64;

    public static int ShardOf(string customerId) => GrainKeys.ShardOf(customerId, Shards);

    public static string ShardKey(string tenant, string customerId) => $"{tenant}/{ShardOf(customerId)}";

    public static IEnumerable<string> AllShardKeys(string tenant) => Enumerable.Range(0, Shards).Select(shard => $"{tenant}/{shard}");
}
