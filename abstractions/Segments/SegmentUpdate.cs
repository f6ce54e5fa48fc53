namespace Journey.Abstractions.Segments;

/// <summary>One customer's membership for its shard.</summary>
[GenerateSerializer, Immutable, Alias("journey.SegmentUpdate")]
public sealed record SegmentUpdate([property: Id(0)] string CustomerId, [property: Id(1)] SegmentMembership Membership);
