using System.Collections.Immutable;

namespace Journey.Abstractions.Segments;

/// <summary>What one shard adds up: members per segment, cases per experiment label, sums of experiment measures.</summary>
[GenerateSerializer, Immutable, Alias("journey.IndexTotals")]
public sealed record IndexTotals(
    [property: Id(0)] ImmutableDictionary<string, int> Segments,
    [property: Id(1)] ImmutableDictionary<string, int> Facts,
    [property: Id(2)] ImmutableDictionary<string, double> Measures);
