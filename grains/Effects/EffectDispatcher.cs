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
/// Delivers what the customers' steps ask of the world beyond themselves — the outbox, segment,
/// statistics and worklist shards — after their write is durable and their touchpoints are
/// acknowledged, one <see cref="EffectLane{TTarget, TItem}"/> per kind. Effects of all customers of
/// this silo travel together: one call per target grain per round, whatever arrived while the
/// previous round was under way. Per target they arrive in the order they were asked for; a target
/// that fails keeps its effects and is retried with a growing pause, and never holds up ingest or
/// the other targets. What a customer's state already says (dispatched actions, statistics batches)
/// is offered again by its next activation, and the targets deduplicate. A write whose step asked
/// for effects marks its customer, and the dispatcher clears the marker once all that customer has
/// offered is delivered; a marker that outlives its silo is found by <see cref="EffectRecovery"/>.
/// </summary>
public sealed class EffectDispatcher : IAcknowledgedEffects, IAsyncDisposable
{
    private readonly IGrainFactory _grains;
    private readonly ILogger<EffectDispatcher> _logger;
    private readonly EffectLane<string, Keyed<OutboxAppend>> _outbox;
    private readonly EffectLane<Shard, Keyed<SegmentUpdate>> _segments;
    private readonly EffectLane<Shard, Keyed<StatisticsDelivery>> _statistics;
    private readonly EffectLane<Shard, Keyed<Journey.Abstractions.Worklists.WorklistUpdate>> _worklists;
    private readonly ConcurrentDictionary<string, long> _statisticsCounted = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private const int SettleChunk = 500;
    private readonly EffectLane<int, (string CustomerKey, long MarkedAt)> _settle;

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
                _statisticsCounted.AddOrUpdate(key, static (_, sequence) => sequence, static (_, held, sequence) => Math.Max(held, sequence), delivery.Batch.Sequence);
            }

            Delivered(items, static i => i.CustomerKey);
        });
        _worklists = new("worklists", options.ShardPace, logger, async (shard, items) =>
        {
            await _grains.GetGrain<Journey.Abstractions.Worklists.IWorklistShardGrain>(shard.Key).UpdateMany(
                [.. items.Select(u => u.Item).GroupBy(u => u.CustomerId, StringComparer.Ordinal).Select(g => g.MaxBy(u => u.Version)!)]);
            Delivered(items, static i => i.CustomerKey);
        });
        JourneyMetrics.ObserveEffects(() => Backlog);
    }

    /// <summary>Effects waiting to be delivered, by kind, with the age of the oldest.</summary>
    public IEnumerable<(string Kind, int Count, TimeSpan OldestAge)> Backlog => Lanes.Select(l => l.Backlog);

    private IEnumerable<IEffectLane> Lanes => [_outbox, _segments, _statistics, _worklists, _settle];

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
                        (settled ??= new(items.Count)).Add((key, unsettled.MarkedAt));
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

    public void Worklist(CustomerRef customer, Journey.Abstractions.Worklists.WorklistUpdate update)
    {
        Track(customer.Key, 1);
        _worklists.Add(new Shard(customer.Tenant, Journey.Abstractions.Worklists.WorklistIndex.ShardOf(customer.CustomerId)), new(customer.Key, update));
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
        _worklists.RemoveWhere(new Shard(tenant, Journey.Abstractions.Worklists.WorklistIndex.ShardOf(customerId)), u => u.CustomerKey == key);
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

    public async ValueTask DisposeAsync()
    {
        await DrainAsync(TimeSpan.FromSeconds(5));
        foreach (var lane in Lanes)
        {
            await lane.DisposeAsync();
        }
    }

}
