using System.Collections.Immutable;

namespace Journey.Abstractions.Segments;

/// <summary>The members of one shard of a tenant's segment index.</summary>
[GenerateSerializer, Alias("journey.SegmentShard")]
public sealed record SegmentShardState
{
    [Id(0)]
    public ImmutableDictionary<string, SegmentMembership> Members { get; init; } = ImmutableDictionary<string, SegmentMembership>.Empty;
}
