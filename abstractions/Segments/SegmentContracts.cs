using System.Collections.Immutable;

namespace Journey.Abstractions.Segments;

/// <summary>One customer's membership for its shard.</summary>
[GenerateSerializer, Immutable, Alias("journey.SegmentUpdate")]
public sealed record SegmentUpdate([property: Id(0)] string CustomerId, [property: Id(1)] SegmentMembership Membership);

/// <summary>A customer's segments, and its contribution to experiment results (labels counted, measures summed), as of one version of its state.</summary>
[GenerateSerializer, Immutable, Alias("journey.SegmentMembership")]
public sealed record SegmentMembership(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<string> Segments,
    [property: Id(2)] ImmutableArray<string> Facts,
    [property: Id(3)] ImmutableDictionary<string, double>? Measures);

/// <summary>What one shard adds up: members per segment, cases per experiment label, sums of experiment measures.</summary>
[GenerateSerializer, Immutable, Alias("journey.IndexTotals")]
public sealed record IndexTotals(
    [property: Id(0)] ImmutableDictionary<string, int> Segments,
    [property: Id(1)] ImmutableDictionary<string, int> Facts,
    [property: Id(2)] ImmutableDictionary<string, double> Measures);

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
    /// <summary>Records a customer's membership as of its version; an older version than the one held changes nothing.</summary>
    [Alias("Update")]
    Task Update(string customerId, SegmentMembership membership);

    /// <summary>Memberships of many customers in one commit.</summary>
    [Alias("UpdateMany")]
    Task UpdateMany(ImmutableArray<SegmentUpdate> updates);

    [Alias("Totals"), Orleans.Concurrency.AlwaysInterleave]
    Task<IndexTotals> Totals();

    /// <summary>The members of a segment, sorted by customer id.</summary>
    [Alias("Members"), Orleans.Concurrency.AlwaysInterleave]
    Task<ImmutableArray<string>> Members(string segment);
}

public static class SegmentIndex
{
    public const int Shards = 64;

    public static int ShardOf(string customerId) => GrainKeys.ShardOf(customerId, Shards);

    public static string ShardKey(string tenant, string customerId) => $"{tenant}/{ShardOf(customerId)}";

    public static IEnumerable<string> AllShardKeys(string tenant) => Enumerable.Range(0, Shards).Select(shard => $"{tenant}/{shard}");
}
