using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Journey.Grains.Scheduling;

/// <summary>
/// One shard of the wake-up schedule. Customers move their own place in it, in their writes (the
/// store keeps the schedule with them); the shard reads who is due and wakes them, minute by minute.
/// What the per-minute bucket grains of earlier versions still hold is woken first. On the system
/// clock a timer checks every few seconds and a reminder keeps the shard alive; on the simulated
/// clock only advanceClock drives it.
/// </summary>
[Reentrant]
public sealed class WakeShardGrain(
    [PersistentState("wake-index", StorageNames.Journey)] IPersistentState<WakeIndex> index,
    Storage.ICustomerStore store,
    BusinessClock clock,
    ILogger<WakeShardGrain> logger) : Grain, IWakeShardGrain, IRemindable
{
    /// <summary>Customers woken at once.</summary>
    private const int WakeBatch = 1_000;

    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);

    // Wake rounds run one at a time, in time order.
    private readonly SemaphoreSlim _waking = new(1, 1);
    private IGrainTimer? _timer;

    private int Shard => (int)this.GetPrimaryKeyLong();

    public async Task<DateTimeOffset?> NextDue()
    {
        var next = await store.NextDueAsync(Shard);
        var legacy = index.State.Minutes.IsEmpty ? (long?)null : index.State.Minutes.Min;
        return (next, legacy) switch
        {
            (null, null) => null,
            _ => WakeSchedule.StartOf(Math.Min(next ?? long.MaxValue, legacy ?? long.MaxValue)),
        };
    }

    public async Task<int> WakeDue(DateTimeOffset until)
    {
        await _waking.WaitAsync();
        try
        {
            return await WakeLegacyBucketsAsync(until) + await WakeFromStoreAsync(until);
        }
        finally
        {
            _waking.Release();
        }
    }

    /// <summary>
    /// The buckets of earlier versions, due by <paramref name="until"/>: taken out of the index, each
    /// customer woken (which puts its next wake-up in the store's schedule); one that fails is put
    /// there a minute later.
    /// </summary>
    private async Task<int> WakeLegacyBucketsAsync(DateTimeOffset until)
    {
        var woken = 0;
        while (!index.State.Minutes.IsEmpty && index.State.Minutes.Min * 60_000 <= until.ToUnixTimeMilliseconds())
        {
            var held = index.State;
            var minute = held.Minutes.Min;
            var parts = held.Parts.GetValueOrDefault(minute);
            var taken = await Task.WhenAll(Enumerable.Range(0, parts + 1)
                .Select(part => GrainFactory.GetGrain<IWakeBucketGrain>(WakeSchedule.BucketKey(Shard, minute, part)).Take()));
            index.State = new WakeIndex { Minutes = held.Minutes.Remove(minute), Parts = held.Parts.Remove(minute) };
            await index.WriteStateAsync();
            var customers = taken.SelectMany(c => c).Distinct().Order(StringComparer.Ordinal).ToArray();
            await Task.WhenAll(customers.Select(WakeAsync));
            woken += customers.Length;
        }

        return woken;
    }

    /// <summary>
    /// Wakes the customers due by <paramref name="until"/>, minute by minute. Each customer moves its
    /// own place in the schedule as it answers; one that fails is tried again a minute later. A
    /// customer that stays due at the same minute after being woken is not woken again in this round.
    /// </summary>
    private async Task<int> WakeFromStoreAsync(DateTimeOffset until)
    {
        var through = until.ToUnixTimeMilliseconds() / 60_000;
        var woken = new HashSet<(string, long)>();
        while (true)
        {
            var due = (await store.DueAsync(Shard, through, WakeBatch)).Where(d => !woken.Contains(d)).ToList();
            if (due.Count == 0)
            {
                return woken.Count;
            }

            foreach (var minute in due.GroupBy(d => d.Minute).OrderBy(g => g.Key))
            {
                foreach (var d in minute)
                {
                    woken.Add(d);
                }

                await Task.WhenAll(minute.Select(d => WakeAsync(d.CustomerKey)));
            }
        }
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

    // The customer moves its own place in the schedule as it answers; one that fails is tried again a minute later.
    private async Task WakeAsync(string customerKey)
    {
        try
        {
            await GrainFactory.Customer(customerKey).Wake();
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Waking {Customer} failed; retrying in a minute", customerKey);
            await store.RescheduleAsync(customerKey, WakeSchedule.MinuteOf(clock.Now.AddMinutes(1)));
        }
    }
}
