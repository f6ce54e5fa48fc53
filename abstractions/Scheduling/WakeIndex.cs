using System.Collections.Immutable;

namespace Journey.Abstractions.Scheduling;

/// <summary>The minutes of one shard whose buckets earlier versions filled (drained, never added to now).</summary>
[GenerateSerializer, Alias("journey.WakeIndex")]
public sealed record WakeIndex
{
    [Id(0)]
    public ImmutableSortedSet<long> Minutes { get; init; } = [];

    /// <summary>A minute with many customers due spreads them over parts of at most <see cref="WakeSchedule.PartSize"/>: the newest part per minute (absent: 0).</summary>
    [Id(1)]
    public ImmutableDictionary<long, int> Parts { get; init; } = ImmutableDictionary<long, int>.Empty;
}
