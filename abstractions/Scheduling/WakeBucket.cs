using System.Collections.Immutable;

namespace Journey.Abstractions.Scheduling;

/// <summary>Customers due in one minute of one shard, as earlier versions kept the schedule (drained, never written now).</summary>
[GenerateSerializer, Alias("journey.WakeBucket")]
public sealed record WakeBucket
{
    [Id(0)]
    public ImmutableHashSet<string> Customers { get; init; } = [];
}
