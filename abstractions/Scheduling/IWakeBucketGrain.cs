using System.Collections.Immutable;

namespace Journey.Abstractions.Scheduling;

/// <summary>The customers of one shard due in one minute, as earlier versions scheduled them: taken once, when due.</summary>
[Alias("journey.IWakeBucketGrain")]
public interface IWakeBucketGrain : IGrainWithStringKey
{
    [Alias("Take")]
    Task<ImmutableArray<string>> Take();
}
