namespace Journey.Abstractions.Scheduling;

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
