using System.Collections.Immutable;

namespace Journey.Abstractions.Segments;

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
