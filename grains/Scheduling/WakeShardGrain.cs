using Microsoft.Extensions.Logging;

namespace Journey.Grains.Scheduling;

/// <summary>
/// Holds which minutes have customers due; the customers themselves sit in one bucket grain per
/// minute, so registering is a small write however many wake-ups are pending. On the system clock
/// a timer checks every few seconds and a reminder keeps the shard alive; on the simulated clock
/// only advanceClock drives it.
/// </summary>
public sealed class WakeShardGrain(
    [PersistentState("wake-index", StorageNames.Journey)] IPersistentState<WakeIndex> index,
    BusinessClock clock,
    ILogger<WakeShardGrain> logger) : Grain, IWakeShardGrain, IRemindable
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);
    private IGrainTimer? _timer;

    private int Shard => (int)this.GetPrimaryKeyLong();

    public async Task Register(string customerKey, DateTimeOffset dueAt)
    {
        var minute = WakeSchedule.MinuteOf(dueAt);
        var firstInBucket = await GrainFactory.GetGrain<IWakeBucketGrain>(WakeSchedule.BucketKey(Shard, minute)).Add(customerKey);
        if (firstInBucket || !index.State.Minutes.Contains(minute))
        {
            index.State = new WakeIndex { Minutes = index.State.Minutes.Add(minute) };
            await index.WriteStateAsync();
        }

        await Start();
    }

    public Task<DateTimeOffset?> NextDue() =>
        Task.FromResult(index.State.Minutes.IsEmpty ? (DateTimeOffset?)null : WakeSchedule.StartOf(index.State.Minutes.Min));

    public async Task<int> WakeDue(DateTimeOffset until)
    {
        var woken = 0;
        while (!index.State.Minutes.IsEmpty && index.State.Minutes.Min * 60_000 <= until.ToUnixTimeMilliseconds())
        {
            var minute = index.State.Minutes.Min;
            var customers = await GrainFactory.GetGrain<IWakeBucketGrain>(WakeSchedule.BucketKey(Shard, minute)).Take();
            index.State = new WakeIndex { Minutes = index.State.Minutes.Remove(minute) };
            await index.WriteStateAsync();
            foreach (var (customer, next) in await Task.WhenAll(customers.Select(Wake)))
            {
                if (next is { } due)
                {
                    await Register(customer, due);
                }
            }

            woken += customers.Length;
        }

        return woken;
    }

    public async Task Start()
    {
        if (clock.Mode != ClockMode.SYSTEM || _timer is not null)
        {
            return;
        }

        _timer = this.RegisterGrainTimer(async () => await WakeDue(clock.Now), new GrainTimerCreationOptions(CheckEvery, CheckEvery) { Interleave = false });
        await this.RegisterOrUpdateReminder("wake-shard", TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Start();

    // The customer answers when it wants to be woken next; the shard registers that itself, after all
    // wakes of the minute, so there is no call back into this shard and no concurrent index write.
    private async Task<(string Customer, DateTimeOffset? Next)> Wake(string customerKey)
    {
        try
        {
            return (customerKey, await GrainFactory.GetGrain<ICustomerGrain>(customerKey).Wake());
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Waking {Customer} failed; retrying in a minute", customerKey);
            return (customerKey, clock.Now.AddMinutes(1));
        }
    }
}
