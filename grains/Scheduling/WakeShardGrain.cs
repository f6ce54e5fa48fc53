using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Journey.Grains.Scheduling;

/// <summary>
/// Holds which minutes have customers due; the customers themselves sit in bucket grains per minute
/// (in parts of at most <see cref="WakeSchedule.PartSize"/>), so a write stays small however many
/// wake-ups are pending. Registrations arriving together are committed together: one bucket write
/// per minute and one index write per round. On the system clock a timer checks every few seconds
/// and a reminder keeps the shard alive; on the simulated clock only advanceClock drives it.
/// </summary>
[Reentrant]
public sealed class WakeShardGrain(
    [PersistentState("wake-index", StorageNames.Journey)] IPersistentState<WakeIndex> index,
    Storage.ICustomerStore store,
    BusinessClock clock,
    ILogger<WakeShardGrain> logger) : Grain, IWakeShardGrain, IRemindable
{
    /// <summary>Customers woken at once, from a schedule the customer store keeps.</summary>
    private const int WakeBatch = 1_000;

    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);

    // Index writes never overlap; wake rounds run one at a time, in time order.
    private readonly SemaphoreSlim _indexWrite = new(1, 1);
    private readonly SemaphoreSlim _waking = new(1, 1);
    private GroupCommit<(string Customer, long Minute)>? _registrations;
    private WakeIndex _index = new();
    private IGrainTimer? _timer;

    private int Shard => (int)this.GetPrimaryKeyLong();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _index = index.State;
        return Task.CompletedTask;
    }

    // Where the customer store keeps the schedule, the customers write their own place in it (with their steps); the shard reads it.
    private Storage.ICustomerIndexes? Indexes => store as Storage.ICustomerIndexes;

    public async Task Register(string customerKey, DateTimeOffset dueAt)
    {
        if (Indexes is { } indexes)
        {
            await indexes.RescheduleAsync(customerKey, WakeSchedule.MinuteOf(dueAt));
            await Start();
            return;
        }

        await (_registrations ??= new GroupCommit<(string Customer, long Minute)>(CommitRegistrationsAsync)).Enqueue((customerKey, WakeSchedule.MinuteOf(dueAt)));
        await Start();
    }

    public async Task RegisterMany(ImmutableArray<WakeRegistration> registrations)
    {
        if (Indexes is { } indexes)
        {
            await Task.WhenAll(registrations.Select(r => indexes.RescheduleAsync(r.CustomerKey, WakeSchedule.MinuteOf(r.DueAt))));
            await Start();
            return;
        }

        _registrations ??= new GroupCommit<(string Customer, long Minute)>(CommitRegistrationsAsync);
        await Task.WhenAll(registrations.Select(r => _registrations.Enqueue((r.CustomerKey, WakeSchedule.MinuteOf(r.DueAt)))));
        await Start();
    }

    public async Task<DateTimeOffset?> NextDue()
    {
        if (Indexes is { } indexes)
        {
            return await indexes.NextDueAsync(Shard) is { } minute ? WakeSchedule.StartOf(minute) : null;
        }

        return _index.Minutes.IsEmpty ? null : WakeSchedule.StartOf(_index.Minutes.Min);
    }

    public async Task<int> WakeDue(DateTimeOffset until)
    {
        await _waking.WaitAsync();
        try
        {
            if (Indexes is { } indexes)
            {
                return await WakeFromStoreAsync(indexes, until);
            }

            var woken = 0;
            while (!_index.Minutes.IsEmpty && _index.Minutes.Min * 60_000 <= until.ToUnixTimeMilliseconds())
            {
                var minute = _index.Minutes.Min;
                var parts = _index.Parts.GetValueOrDefault(minute);

                // Out of the index before the buckets are taken: a customer added to a bucket after its
                // take finds it empty and puts the minute back.
                _index = new WakeIndex { Minutes = _index.Minutes.Remove(minute), Parts = _index.Parts.Remove(minute) };
                await PersistIndexAsync();
                ImmutableArray<string>[] taken;
                try
                {
                    taken = await Task.WhenAll(Enumerable.Range(0, parts + 1)
                        .Select(part => GrainFactory.GetGrain<IWakeBucketGrain>(WakeSchedule.BucketKey(Shard, minute, part)).Take()));
                }
                catch
                {
                    // The buckets still hold whatever was not taken: keep the minute in the index.
                    _index = new WakeIndex { Minutes = _index.Minutes.Add(minute), Parts = _index.Parts.SetItem(minute, Math.Max(parts, _index.Parts.GetValueOrDefault(minute))) };
                    await PersistIndexAsync();
                    throw;
                }

                var customers = taken.SelectMany(c => c).Distinct().Order(StringComparer.Ordinal).ToArray();
                var answers = await Task.WhenAll(customers.Select(Wake));
                await Task.WhenAll(answers.Where(a => a.Next is not null).Select(a => Register(a.Customer, a.Next!.Value)));
                woken += customers.Length;
            }

            return woken;
        }
        finally
        {
            _waking.Release();
        }
    }

    /// <summary>
    /// Wakes the customers due by <paramref name="until"/>, minute by minute. Each customer moves its
    /// own place in the schedule as it answers; one that fails is tried again a minute later. A
    /// customer that stays due at the same minute after being woken is not woken again in this round.
    /// </summary>
    private async Task<int> WakeFromStoreAsync(Storage.ICustomerIndexes indexes, DateTimeOffset until)
    {
        var through = until.ToUnixTimeMilliseconds() / 60_000;
        var woken = new HashSet<(string, long)>();
        while (true)
        {
            var due = (await indexes.DueAsync(Shard, through, WakeBatch)).Where(d => !woken.Contains(d)).ToList();
            if (due.Count == 0)
            {
                return woken.Count;
            }

            foreach (var minute in due.GroupBy(d => d.Minute).OrderBy(g => g.Key))
            {
                await Task.WhenAll(minute.Select(async d =>
                {
                    woken.Add(d);
                    try
                    {
                        await GrainFactory.Customer(d.CustomerKey).Wake();
                    }
                    catch (Exception exception)
                    {
                        logger.LogWarning(exception, "Waking {Customer} failed; retrying in a minute", d.CustomerKey);
                        await indexes.RescheduleAsync(d.CustomerKey, WakeSchedule.MinuteOf(clock.Now.AddMinutes(1)));
                    }
                }));
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

    // One bucket write per minute and at most one index write for everything registered meanwhile.
    private async Task CommitRegistrationsAsync(IReadOnlyList<(string Customer, long Minute)> batch)
    {
        var minutes = batch.GroupBy(r => r.Minute).Select(g => (Minute: g.Key, Part: _index.Parts.GetValueOrDefault(g.Key), Customers: g.Select(r => r.Customer).Distinct().ToImmutableArray())).ToList();
        var added = await Task.WhenAll(minutes.Select(m => GrainFactory.GetGrain<IWakeBucketGrain>(WakeSchedule.BucketKey(Shard, m.Minute, m.Part)).Add(m.Customers)));
        var before = _index;
        for (var i = 0; i < minutes.Count; i++)
        {
            var (minute, part, _) = minutes[i];
            var newest = Math.Max(part, _index.Parts.GetValueOrDefault(minute)) + (added[i].Count >= WakeSchedule.PartSize ? 1 : 0);
            _index = new WakeIndex
            {
                Minutes = _index.Minutes.Add(minute),
                Parts = newest == 0 ? _index.Parts : _index.Parts.SetItem(minute, newest),
            };
        }

        if (before.Minutes.Count != _index.Minutes.Count || !before.Parts.SequenceEqual(_index.Parts))
        {
            await PersistIndexAsync();
        }
    }

    private async Task PersistIndexAsync()
    {
        await _indexWrite.WaitAsync();
        try
        {
            index.State = _index;
            await index.WriteStateAsync();
        }
        finally
        {
            _indexWrite.Release();
        }
    }

    // The customer answers when it wants to be woken next; the shard registers that itself.
    private async Task<(string Customer, DateTimeOffset? Next)> Wake(string customerKey)
    {
        try
        {
            return (customerKey, await GrainFactory.Customer(customerKey).Wake());
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Waking {Customer} failed; retrying in a minute", customerKey);
            return (customerKey, clock.Now.AddMinutes(1));
        }
    }
}
