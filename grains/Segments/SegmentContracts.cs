using System.Collections.Immutable;

namespace Journey.Grains.Segments;

/// <summary>A customer's segments as of one version of its state.</summary>
[GenerateSerializer, Immutable, Alias("journey.SegmentMembership")]
public sealed record SegmentMembership([property: Id(0)] long Version, [property: Id(1)] ImmutableArray<string> Segments);

/// <summary>The members of one shard of a tenant's segment index.</summary>
[GenerateSerializer, Alias("journey.SegmentShard")]
public sealed record SegmentShardState
{
    [Id(0)]
    public ImmutableDictionary<string, SegmentMembership> Members { get; init; } = ImmutableDictionary<string, SegmentMembership>.Empty;
}

/// <summary>
/// One of <see cref="SegmentIndex.Shards"/> shards of a tenant's segment index (key "{tenant}/{shard}"),
/// kept current by the customer grains: counts per segment maintained as memberships change.
/// </summary>
[Alias("journey.ISegmentShardGrain")]
public interface ISegmentShardGrain : IGrainWithStringKey
{
    /// <summary>Records a customer's segments as of <paramref name="version"/>; an older version than the one held changes nothing.</summary>
    [Alias("Update")]
    Task Update(string customerId, long version, ImmutableArray<string> segments);

    [Alias("Counts"), Orleans.Concurrency.AlwaysInterleave]
    Task<ImmutableDictionary<string, int>> Counts();

    /// <summary>The members of a segment, sorted by customer id.</summary>
    [Alias("Members"), Orleans.Concurrency.AlwaysInterleave]
    Task<ImmutableArray<string>> Members(string segment);
}

public static class SegmentIndex
{
    public const int Shards = 64;

    public static string ShardKey(string tenant, string customerId) => $"{tenant}/{GrainKeys.ShardOf(customerId, Shards)}";

    public static IEnumerable<string> AllShardKeys(string tenant) => Enumerable.Range(0, Shards).Select(shard => $"{tenant}/{shard}");
}
