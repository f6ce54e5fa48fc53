using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using Journey.Domain.Rules;
using Journey.Grains.Directory;
using Journey.Grains.Outbox;
using Journey.Grains.Scheduling;
using Journey.Grains.Segments;
using Journey.Grains.Statistics;
using Microsoft.Extensions.Logging;

namespace Journey.Grains.Effects;

/// <summary>
/// Delivers what the customers' steps ask of the world beyond themselves — wake-ups, the outbox,
/// the directory, segment and statistics shards — after their write is durable and their
/// touchpoints are acknowledged. Effects of all customers of this silo travel together: one call
/// per target grain per round, whatever arrived while the previous round was under way. Per target
/// they arrive in the order they were asked for; a target that fails keeps its effects and is
/// retried with a growing pause, and never holds up ingest or the other targets. What a customer's
/// state already says (dispatched actions, statistics batches) is offered again by its next
/// activation, and the targets deduplicate. Where the store keeps effect markers, a write whose step
/// asked for effects marks its customer, and the dispatcher clears the marker once all that customer
/// has offered is delivered; a marker that outlives its silo is found by <see cref="EffectRecovery"/>.
/// </summary>
public sealed class EffectDispatcher : IAcknowledgedEffects, IAsyncDisposable
{
    private readonly IGrainFactory _grains;
    private readonly ILogger<EffectDispatcher> _logger;
    private readonly Lane<string, Keyed<OutboxAppend>> _outbox;
    private readonly Lane<Shard, Keyed<SegmentUpdate>> _segments;
    private readonly Lane<Shard, Keyed<StatisticsDelivery>> _statistics;
    private readonly Lane<Shard, Keyed<Worklists.WorklistUpdate>> _worklists;
    private readonly ConcurrentDictionary<string, long> _statisticsCounted = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private const int SettleChunk = 500;
    private readonly Lane<int, (string CustomerKey, long MarkedAt)> _settle;

    // Per customer: effect items offered and not yet delivered, and the latest marker they answer for.
    // In stripes by customer, each under its own lock: every step of every customer of the silo passes here.
    private readonly Dictionary<string, Unsettled>[] _unsettled = [.. Enumerable.Range(0, 32).Select(_ => new Dictionary<string, Unsettled>(StringComparer.Ordinal))];

    public EffectDispatcher(IGrainFactory grains, EffectOptions options, Storage.ICustomerStore store, TimeProvider time, ILogger<EffectDispatcher> logger)
    {
        (_grains, _logger, _time) = (grains, logger, time);
        // In chunks: one script that clears a whole run's markers at once would hold Redis (and every write behind it) for its duration.
        _settle = new("settle", TimeSpan.FromSeconds(1), logger, async (_, settled) =>
        {
            foreach (var chunk in settled.Chunk(SettleChunk))
            {
                await store.SettleAsync(chunk);
            }
        });

        // Sums and indexes gather a pace's worth per call: their shards rewrite what they hold with every call.
        _outbox = new("outbox", TimeSpan.Zero, logger, async (tenant, items) =>
        {
            await _grains.GetGrain<IActionOutboxGrain>(tenant).AppendMany([.. items.Select(a => a.Item)]);
            Delivered(items, static i => i.CustomerKey);
        });
        _segments = new("segments", options.ShardPace, logger, async (shard, items) =>
        {
            await _grains.GetGrain<ISegmentShardGrain>(shard.Key).UpdateMany(
                [.. items.Select(u => u.Item).GroupBy(u => u.CustomerId, StringComparer.Ordinal).Select(g => g.MaxBy(u => u.Membership.Version)!)]);
            Delivered(items, static i => i.CustomerKey);
        });
        _statistics = new("statistics", options.ShardPace, logger, async (shard, items) =>
        {
            await _grains.GetGrain<IStatisticsShardGrain>(shard.Key).Add([.. items.Select(d => d.Item)]);
            foreach (var (key, delivery) in items)
            {
                _statisticsCounted.AddOrUpdate(key, delivery.Batch.Sequence, (_, held) => Math.Max(held, delivery.Batch.Sequence));
            }

            Delivered(items, static i => i.CustomerKey);
        });
        _worklists = new("worklists", options.ShardPace, logger, async (shard, items) =>
        {
            await _grains.GetGrain<Worklists.IWorklistShardGrain>(shard.Key).UpdateMany(
                [.. items.Select(u => u.Item).GroupBy(u => u.CustomerId, StringComparer.Ordinal).Select(g => g.MaxBy(u => u.Version)!)]);
            Delivered(items, static i => i.CustomerKey);
        });
        JourneyMetrics.ObserveEffects(() => Backlog);
    }

    /// <summary>Effects waiting to be delivered, by kind, with the age of the oldest.</summary>
    public IEnumerable<(string Kind, int Count, TimeSpan OldestAge)> Backlog => Lanes.Select(l => l.Backlog);

    private IEnumerable<ILane> Lanes => [_outbox, _segments, _statistics, _worklists, _settle];

    /// <summary>The moment a write marks its customer's effects (Unix milliseconds).</summary>
    public long MarkMoment() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// The customer's marker, set at <paramref name="markedAt"/>, may be cleared once every effect it
    /// has offered so far is delivered: at once when none is outstanding.
    /// </summary>
    public void Marked(string customerKey, long markedAt)
    {
        var stripe = Stripe(customerKey);
        lock (stripe)
        {
            if (stripe.TryGetValue(customerKey, out var unsettled))
            {
                unsettled.MarkedAt = Math.Max(unsettled.MarkedAt, markedAt);
                return;
            }
        }

        _settle.Add(0, (customerKey, markedAt));
    }

    private void Track(string key, int items)
    {
        if (_settle is null || items == 0)
        {
            return;
        }

        var stripe = Stripe(key);
        lock (stripe)
        {
            if (!stripe.TryGetValue(key, out var unsettled))
            {
                stripe[key] = unsettled = new Unsettled();
            }

            unsettled.Items += items;
        }
    }

    private void Delivered<T>(IReadOnlyList<T> items, Func<T, string> customerKey)
    {
        if (_settle is null)
        {
            return;
        }

        List<(string, long)>? settled = null;
        foreach (var item in items)
        {
            var key = customerKey(item);
            var stripe = Stripe(key);
            lock (stripe)
            {
                if (stripe.TryGetValue(key, out var unsettled) && --unsettled.Items <= 0)
                {
                    stripe.Remove(key);
                    if (unsettled.MarkedAt > 0)
                    {
                        (settled ??= []).Add((key, unsettled.MarkedAt));
                    }
                }
            }
        }

        foreach (var marker in settled ?? [])
        {
            _settle.Add(0, marker);
        }
    }

    private Dictionary<string, Unsettled> Stripe(string customerKey) => _unsettled[(int)((uint)StringComparer.Ordinal.GetHashCode(customerKey) % (uint)_unsettled.Length)];

    private sealed class Unsettled
    {
        public int Items { get; set; }
        public long MarkedAt { get; set; }
    }

    // The customer's key is the grain's own string, passed along rather than made again per effect: a
    // customer's key outlives the step in these queues and maps, and a copy per effect would too.
    public void Outbox(CustomerRef customer, ImmutableArray<OutboundAction> dispatched, ImmutableArray<OutboundAction> cancelled)
    {
        Track(customer.Key, 1);
        _outbox.Add(customer.Tenant, new(customer.Key, new OutboxAppend(customer.CustomerId, dispatched, cancelled)));
    }

    public void Segments(CustomerRef customer, SegmentMembership membership)
    {
        Track(customer.Key, 1);
        _segments.Add(new Shard(customer.Tenant, SegmentIndex.ShardOf(customer.CustomerId)), new(customer.Key, new SegmentUpdate(customer.CustomerId, membership)));
    }

    public void Worklist(CustomerRef customer, Worklists.WorklistUpdate update)
    {
        Track(customer.Key, 1);
        _worklists.Add(new Shard(customer.Tenant, Worklists.WorklistIndex.ShardOf(customer.CustomerId)), new(customer.Key, update));
    }

    public void Statistics(CustomerRef customer, IEnumerable<StatisticsBatch> batches)
    {
        foreach (var batch in batches)
        {
            Track(customer.Key, 1);
            _statistics.Add(new Shard(customer.Tenant, TenantStatistics.ShardOf(customer.CustomerId)), new(customer.Key, new StatisticsDelivery(customer.CustomerId, batch)));
        }
    }

    /// <summary>The newest statistics batch of the customer its shard has counted (0: none known here).</summary>
    public long StatisticsCountedThrough(string customerKey) => _statisticsCounted.GetValueOrDefault(customerKey);

    /// <summary>A snapshot of the customer recorded its receipts up to <paramref name="countedThrough"/>: forgotten here, unless newer ones came meanwhile.</summary>
    public void ReceiptsRecorded(string customerKey, long countedThrough) => StatisticsReceiptRecorded(customerKey, countedThrough);

    /// <summary>The customer's own write recorded which of its statistics batches were counted (through <paramref name="countedThrough"/>).</summary>
    public void StatisticsReceiptRecorded(string customerKey, long countedThrough) =>
        _statisticsCounted.TryRemove(new KeyValuePair<string, long>(customerKey, countedThrough));

    /// <summary>Erasure: what is still queued for the customer is dropped, and what was learnt of it forgotten.</summary>
    public void Forget(string tenant, string customerId)
    {
        var key = GrainKeys.Of(tenant, customerId);
        _outbox.RemoveWhere(tenant, a => a.CustomerKey == key);
        _statistics.RemoveWhere(new Shard(tenant, TenantStatistics.ShardOf(customerId)), d => d.CustomerKey == key);
        _segments.RemoveWhere(new Shard(tenant, SegmentIndex.ShardOf(customerId)), u => u.CustomerKey == key);
        _worklists.RemoveWhere(new Shard(tenant, Worklists.WorklistIndex.ShardOf(customerId)), u => u.CustomerKey == key);
        _statisticsCounted.TryRemove(key, out _);
        var stripe = Stripe(key);
        lock (stripe)
        {
            stripe.Remove(key);
        }
    }

    /// <summary>
    /// Delivers everything queued without waiting for the lanes' pace, and waits until it has been
    /// (or <paramref name="timeout"/> passed): before a clock advance, a tenant-wide read on this silo,
    /// and at shutdown.
    /// </summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var lanes = Lanes.ToArray();
        foreach (var lane in lanes)
        {
            lane.Hurry(+1);
        }

        try
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (lanes.Any(l => l.Pending > 0) && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(5);
            }
        }
        finally
        {
            foreach (var lane in lanes)
            {
                lane.Hurry(-1);
            }
        }
    }

    private interface ILane : IAsyncDisposable
    {
        int Pending { get; }

        (string Kind, int Count, TimeSpan OldestAge) Backlog { get; }

        void Hurry(int change);
    }

    public async ValueTask DisposeAsync()
    {
        await DrainAsync(TimeSpan.FromSeconds(5));
        foreach (var lane in Lanes)
        {
            await lane.DisposeAsync();
        }
    }

    /// <summary>
    /// One kind of effect: a queue per target, owned by one loop. Callers only put items in an inbox
    /// (no lock); each round the loop sorts the inbox into the targets' queues, takes in what finished
    /// deliveries report, and starts a delivery for every target that has items, is not being
    /// delivered to, and is neither pausing after a failure nor inside its pace.
    /// </summary>
    private sealed class Lane<TTarget, TItem> : IAsyncDisposable, ILane
        where TTarget : notnull
    {
        private static readonly TimeSpan FirstPause = TimeSpan.FromMilliseconds(200);
        private static readonly TimeSpan LongestPause = TimeSpan.FromSeconds(30);

        private readonly string _kind;
        private readonly long _pace;
        private readonly ILogger _logger;
        private readonly Func<TTarget, IReadOnlyList<TItem>, Task> _deliver;
        private readonly ConcurrentQueue<(TTarget Target, TItem Item)> _inbox = new();
        private readonly ConcurrentQueue<(Target Queue, List<TItem> Items, bool Delivered)> _finished = new();
        private readonly ConcurrentQueue<(TTarget Target, Predicate<TItem> Match)> _removals = new();

        // Touched by the loop only. Targets with items wait; those that just began to wait (or came back
        // from a delivery) are fresh: only they are looked at until the earliest paced target is due.
        private readonly Dictionary<TTarget, Target> _targets = [];
        private readonly HashSet<Target> _waiting = [];
        private readonly List<Target> _fresh = [];
        private long _nextDue;
        private bool _hurried;
        private long _lastFull;

        private readonly SemaphoreSlim _signal = new(0);
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _count;
        private int _hurry;
        private int _signalled;
        private long _oldestSince;

        /// <param name="pace">The least time between two deliveries to one target.</param>
        public Lane(string kind, TimeSpan pace, ILogger logger, Func<TTarget, IReadOnlyList<TItem>, Task> deliver)
        {
            (_kind, _logger, _deliver) = (kind, logger, deliver);
            _pace = (long)(pace.TotalSeconds * Stopwatch.Frequency);
            _loop = Task.Run(RunAsync);
        }

        public int Pending => Volatile.Read(ref _count);

        public (string Kind, int Count, TimeSpan OldestAge) Backlog
        {
            get
            {
                var since = Volatile.Read(ref _oldestSince);
                return (_kind, Pending, since == 0 || Pending == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(since));
            }
        }

        public void Hurry(int change)
        {
            Interlocked.Add(ref _hurry, change);
            Signal();
        }

        // A paced lane is woken only by its first item: the rest wait for the round its pace sets
        // anyway, and a loop woken per item would cost a timer and a round per item.
        public void Add(TTarget target, TItem item)
        {
            _inbox.Enqueue((target, item));
            if (Interlocked.Increment(ref _count) == 1 || _pace == 0 || Volatile.Read(ref _hurry) > 0)
            {
                Signal();
            }
        }

        public void RemoveWhere(TTarget target, Predicate<TItem> match)
        {
            _removals.Enqueue((target, match));
            Signal();
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _loop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        // One wake-up for the loop however many items arrive before it runs.
        private void Signal()
        {
            if (Interlocked.Exchange(ref _signalled, 1) == 0)
            {
                _signal.Release();
            }
        }

        private async Task RunAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                Volatile.Write(ref _signalled, 0);
                Sort();
                var wait = StartDeliveries();
                await _signal.WaitAsync(wait, _stop.Token);
            }
        }

        // Inbox, finished deliveries and removals into the targets' queues.
        private void Sort()
        {
            var now = Stopwatch.GetTimestamp();
            while (_inbox.TryDequeue(out var arrived))
            {
                if (!_targets.TryGetValue(arrived.Target, out var queue))
                {
                    // Targets met together start at a random point of their pace, so that shards do not all rewrite in the same moment.
                    _targets[arrived.Target] = queue = new Target(arrived.Target) { LastDelivery = now - (long)(Random.Shared.NextDouble() * _pace) };
                }

                if (queue.Items.Count == 0)
                {
                    queue.Since = now;
                }

                queue.Items.Add(arrived.Item);
                if (_waiting.Add(queue))
                {
                    _fresh.Add(queue);
                }
            }

            while (_finished.TryDequeue(out var done))
            {
                var queue = done.Queue;
                queue.Busy = false;
                if (done.Delivered)
                {
                    Interlocked.Add(ref _count, -done.Items.Count);
                    (queue.Failures, queue.RetryAt, queue.LastDelivery) = (0, 0, now);
                }
                else
                {
                    // Back to the front, before what arrived meanwhile: order per target holds.
                    done.Items.AddRange(queue.Items);
                    queue.Items = done.Items;
                    queue.Failures++;
                    var pause = TimeSpan.FromTicks(Math.Min(LongestPause.Ticks, FirstPause.Ticks << Math.Min(queue.Failures - 1, 8)));
                    queue.RetryAt = now + (long)(pause.TotalSeconds * Stopwatch.Frequency);
                }

                if (queue.Items.Count > 0)
                {
                    _waiting.Add(queue);
                    _fresh.Add(queue);
                }
            }

            while (_removals.TryDequeue(out var removal))
            {
                if (_targets.TryGetValue(removal.Target, out var queue))
                {
                    Interlocked.Add(ref _count, -queue.Items.RemoveAll(removal.Match));
                }
            }
        }

        // A delivery for every target ready for one; how long to wait when none is. Between the moments
        // a paced target comes due, only fresh targets are looked at: a round costs what arrived, not
        // how many targets wait.
        private TimeSpan StartDeliveries()
        {
            var now = Stopwatch.GetTimestamp();
            var hurry = Volatile.Read(ref _hurry) > 0;
            // A full look at least once a second, whatever the bookkeeping says.
            var full = now >= _nextDue || hurry != _hurried || now - _lastFull > Stopwatch.Frequency;
            _hurried = hurry;
            _lastFull = full ? now : _lastFull;
            IEnumerable<Target> candidates = full ? _waiting : _fresh;
            var nextDue = full ? long.MaxValue : _nextDue;
            var oldest = full ? 0 : Volatile.Read(ref _oldestSince);
            List<Target>? done = null;
            foreach (var queue in candidates)
            {
                if (queue.Items.Count == 0)
                {
                    (done ??= []).Add(queue);
                    continue;
                }

                if (queue.Busy)
                {
                    continue;
                }

                var notBefore = Math.Max(queue.RetryAt, hurry && queue.Failures == 0 ? 0 : queue.LastDelivery + _pace);
                if (notBefore > now)
                {
                    oldest = oldest == 0 ? queue.Since : Math.Min(oldest, queue.Since);
                    nextDue = Math.Min(nextDue, notBefore);
                    continue;
                }

                var items = queue.Items;
                (queue.Items, queue.Busy) = ([], true);
                (done ??= []).Add(queue);
                _ = DeliverAsync(queue, items);
            }

            _fresh.Clear();
            if (done is not null)
            {
                _waiting.ExceptWith(done);
            }

            _nextDue = nextDue;
            Volatile.Write(ref _oldestSince, oldest);
            var wait = nextDue == long.MaxValue ? TimeSpan.FromSeconds(1) : Stopwatch.GetElapsedTime(now, nextDue);
            return wait > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
        }

        private async Task DeliverAsync(Target queue, List<TItem> items)
        {
            var delivered = false;
            try
            {
                await _deliver(queue.Key, items);
                delivered = true;
            }
            catch (Exception exception)
            {
                _logger.LogWarning(exception, "Delivering {Count} {Kind} effects to {Target} failed; retrying", items.Count, _kind, queue.Key);
            }

            _finished.Enqueue((queue, items, delivered));
            Signal();
        }

        private sealed class Target(TTarget key)
        {
            public TTarget Key { get; } = key;
            public List<TItem> Items { get; set; } = [];
            public long Since { get; set; }
            public bool Busy { get; set; }
            public int Failures { get; set; }
            public long RetryAt { get; set; }
            public long LastDelivery { get; set; }
        }
    }
}

/// <summary>Journey:Effects: how often the effects of acknowledged steps are delivered.</summary>
public sealed record EffectOptions
{
    public const string Section = "Journey:Effects";

    /// <summary>
    /// The least time between two deliveries to one statistics, segment or worklist shard. Each
    /// delivery rewrites what the shard holds (its per-customer map), so this bounds that cost per
    /// second by the number of customers, not by the touchpoint rate. Tenant-wide reads deliver first.
    /// </summary>
    public TimeSpan ShardPace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A customer's effect marker older than this names effects no silo is known to be delivering
    /// (their silo died): any silo's recovery then asks the customer to offer them again. Longer than
    /// <see cref="ShardPace"/>, so that effects waiting for their shard's round are not recovered.
    /// </summary>
    public TimeSpan RecoverAfter { get; init; } = TimeSpan.FromMinutes(1);

    public string? Problem() =>
        ShardPace < TimeSpan.Zero || ShardPace > TimeSpan.FromMinutes(10) ? "Journey:Effects:ShardPace must be from 0 to 10 minutes"
        : RecoverAfter <= ShardPace || RecoverAfter > TimeSpan.FromHours(1) ? "Journey:Effects:RecoverAfter must be longer than Journey:Effects:ShardPace and at most 1 hour"
        : null;
}

/// <summary>At shutdown, effects still queued are delivered while the silo can still call grains.</summary>
public sealed class EffectDrain(EffectDispatcher effects) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(EffectDrain), ServiceLifecycleStage.Active, _ => Task.CompletedTask, _ => effects.DrainAsync(TimeSpan.FromSeconds(10)));
}

/// <summary>
/// Finds customers whose effect markers outlived the silo that set them — the effects of an
/// acknowledged step that died with that silo's memory — and asks each customer to offer them again
/// (its activation offers what its state says was dispatched and not yet counted; the targets
/// deduplicate). Every silo looks, a few times per <see cref="EffectOptions.RecoverAfter"/>; two silos
/// asking the same customer cost a call, not a duplicate.
/// </summary>
public sealed class EffectRecovery(IGrainFactory grains, Storage.ICustomerStore store, EffectOptions options, TimeProvider time, ILogger<EffectRecovery> logger)
    : ILifecycleParticipant<ISiloLifecycle>
{
    private const int Page = 512;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(EffectRecovery), ServiceLifecycleStage.Active, Start, Stop);

    private Task Start(CancellationToken cancellationToken)
    {
        _loop = Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task Stop(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        if (_loop is { } loop)
        {
            await loop.WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private async Task RunAsync()
    {
        var every = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(1).Ticks, options.RecoverAfter.Ticks / 4));
        using var timer = new PeriodicTimer(every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await SweepAsync();
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task SweepAsync()
    {
        try
        {
            var before = time.GetUtcNow().Subtract(options.RecoverAfter).ToUnixTimeMilliseconds();
            var unsettled = await store.UnsettledAsync(before, Page);
            if (unsettled.Count == 0)
            {
                return;
            }

            logger.LogInformation("Recovering the effects of {Count} customers whose markers are older than {RecoverAfter}", unsettled.Count, options.RecoverAfter);
            JourneyMetrics.EffectsRecovered(unsettled.Count);
            await Parallel.ForEachAsync(unsettled, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = _stop.Token },
                async (marker, _) => await grains.Customer(marker.CustomerKey).RecoverEffects(marker.MarkedAt));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning(exception, "Recovering effects failed; the next round tries again");
        }
    }
}

/// <summary>
/// Customers put their wake-ups in the store's schedule with their own writes and never call the
/// schedule's shards, so every silo starts them (their timers read the store) when it becomes active.
/// </summary>
public sealed class ScheduleStarter(IGrainFactory grains, BusinessClock clock, ILogger<ScheduleStarter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(ScheduleStarter), ServiceLifecycleStage.Active, StartAsync, _ => Task.CompletedTask);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (clock.Mode != ClockMode.SYSTEM)
        {
            return;
        }

        try
        {
            await Task.WhenAll(Enumerable.Range(0, WakeSchedule.Shards).Select(shard => grains.GetGrain<IWakeShardGrain>(shard).Start()));
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Starting the wake-up schedule's shards failed; their reminders start them");
        }
    }
}

/// <summary>An effect with the key of the customer it came from.</summary>
internal readonly record struct Keyed<T>(string CustomerKey, T Item);

/// <summary>A tenant's shard of an index; its grain key is made once per delivery, not per effect.</summary>
internal readonly record struct Shard(string Tenant, int Index)
{
    public string Key => $"{Tenant}/{Index}";
}
