using System.Collections.Immutable;

namespace Journey.Abstractions.Scheduling;

/// <summary>Customers due in one minute of one shard, as earlier versions kept the schedule (drained, never written now).</summary>
[GenerateSerializer, Alias("journey.WakeBucket")]
public sealed record WakeBucket
{
    [Id(0)]
    public ImmutableHashSet<string> Customers { get; init; } = [];
}

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

/// <summary>
/// One of <see cref="WakeSchedule.Shards"/> shards of the durable schedule of customer wake-ups.
/// A customer puts the moment it next needs to look at its cases in the schedule with its own write;
/// the shard wakes it then.
/// </summary>
[Alias("journey.IWakeShardGrain")]
public interface IWakeShardGrain : IGrainWithIntegerKey
{
    /// <summary>The earliest minute with customers due, or null.</summary>
    [Alias("NextDue")]
    Task<DateTimeOffset?> NextDue();

    /// <summary>Wakes every customer due up to <paramref name="until"/>, in time order; returns how many were woken.</summary>
    [Alias("WakeDue")]
    Task<int> WakeDue(DateTimeOffset until);

    /// <summary>Starts the shard's periodic check (system clock only); idempotent.</summary>
    [Alias("Start")]
    Task Start();
}

/// <summary>The customers of one shard due in one minute, as earlier versions scheduled them: taken once, when due.</summary>
[Alias("journey.IWakeBucketGrain")]
public interface IWakeBucketGrain : IGrainWithStringKey
{
    [Alias("Take")]
    Task<ImmutableArray<string>> Take();
}

public static class WakeSchedule
{
    public const int Shards = 16;

    public const int PartSize = 1_000;

    public static int ShardOf(string customerKey) => GrainKeys.ShardOf(customerKey, Shards);

    public static long MinuteOf(DateTimeOffset at) => (long)Math.Ceiling(at.ToUnixTimeMilliseconds() / 60_000.0);

    public static DateTimeOffset StartOf(long minute) => DateTimeOffset.FromUnixTimeMilliseconds(minute * 60_000);

    public static string BucketKey(int shard, long minute, int part = 0) => part == 0 ? $"{shard}/{minute}" : $"{shard}/{minute}/{part}";
}
