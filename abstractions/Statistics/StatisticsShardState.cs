using System.Collections.Immutable;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Statistics;

[GenerateSerializer, Alias("journey.StatisticsShard")]
public sealed record StatisticsShardState
{
    [Id(0)]
    public ImmutableDictionary<string, StatisticsCounter> Counters { get; init; } = ImmutableDictionary<string, StatisticsCounter>.Empty;

    /// <summary>Per customer, the number of the last batch counted: a resent batch at or below it is skipped.</summary>
    /// <remarks>Changed in place by the shard grain, between its writes (stored as the same JSON object as the immutable map before it).</remarks>
    [Id(2)]
    public Dictionary<string, long> CountedThrough { get; init; } = new(StringComparer.Ordinal);
}
