using System.Collections.Immutable;

namespace Journey.Abstractions.Segments;

/// <summary>A customer's segments, and its contribution to experiment results (labels counted, measures summed), as of one version of its state.</summary>
[GenerateSerializer, Immutable, Alias("journey.SegmentMembership")]
public sealed record SegmentMembership(
    [property: Id(0)] long Version,
    [property: Id(1)] ImmutableArray<string> Segments,
    [property: Id(2)] ImmutableArray<string> Facts,
    [property: Id(3)] ImmutableDictionary<string, double>? Measures);
