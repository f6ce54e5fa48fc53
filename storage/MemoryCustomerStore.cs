using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using Journey.Grains;
using Journey.Grains.Directory;
using Journey.Grains.Scheduling;
using Journey.Grains.Storage;

namespace Journey.Storage;

/// <summary>
/// Customers held by this process, without a storage grain in between: a snapshot and a log per
/// customer, kept serialized so that what is measured and what is stored are what a durable store
/// would hold, and the case owners, directory and wake-up schedule beside them. Shared by every
/// silo of the process in the same cluster (in-process test clusters, and a host restarted in the
/// process), with its effect markers, so a silo of such a cluster that stops leaves them to another's
/// recovery; not by other clusters of the process, whose wake-up shards would otherwise run this
/// cluster's schedule on their own clocks; not shared between processes, so the memory profile runs
/// one silo per cluster.
/// </summary>
public sealed class MemoryCustomerStore : ICustomerStore
{
    private static readonly ConcurrentDictionary<string, Service> Services = new(StringComparer.Ordinal);

    private readonly Service _service;

    public MemoryCustomerStore(Orleans.Configuration.ClusterOptions cluster, int snapshotEvery = 64)
    {
        _service = Services.GetOrAdd($"{cluster.ServiceId}/{cluster.ClusterId}", _ => new Service());
        Snapshots = new SnapshotPolicy(snapshotEvery, AtShutdown: false);
    }

    /// <summary>Nothing outlives the process: no snapshots as the silo stops.</summary>
    public SnapshotPolicy Snapshots { get; }

    public Task ForgetLegacyAsync(string key) => Task.CompletedTask;

    public Task<StoredCustomer> ReadAsync(string key)
    {
        if (!_service.Customers.TryGetValue(key, out var record))
        {
            return Task.FromResult(StoredCustomer.None);
        }

        lock (record)
        {
            var snapshot = record.Snapshot is null ? null : JsonSerializer.Deserialize(record.Snapshot, CustomerJson.Default.CustomerState);
            var tail = record.Log.Select(bytes => JsonSerializer.Deserialize(bytes, CustomerJson.Default.CustomerLogEntry)!).ToList();
            return Task.FromResult(new StoredCustomer(snapshot, tail, Fence(record.Version)));
        }
    }

    public Task<AppendResult> AppendAsync(CustomerAppend append)
    {
        var record = _service.Customers.GetOrAdd(append.Key, _ => new Record());
        var (tenant, customerId) = append.Names();
        lock (record)
        {
            if (Fence(record.Version) != append.Fence)
            {
                return Task.FromResult(AppendResult.Fenced);
            }

            long bytes = 0;
            if (!append.Claims.IsEmpty)
            {
                lock (_service.Owners)
                {
                    var lost = append.Claims.Where(c => _service.Owners.TryGetValue(Of(tenant, c), out var owner) && owner != customerId).ToImmutableArray();
                    if (!lost.IsEmpty)
                    {
                        return Task.FromResult(new AppendResult(false, null, lost));
                    }

                    foreach (var caseId in append.Claims)
                    {
                        _service.Owners[Of(tenant, caseId)] = customerId;
                        bytes += caseId.Length + customerId.Length;
                    }
                }
            }

            if (append.Snapshot is { } snapshot)
            {
                record.Snapshot = JsonSerializer.SerializeToUtf8Bytes(snapshot, CustomerJson.Default.CustomerState);
                record.Log.Clear();
                bytes += record.Snapshot.Length;
            }
            else
            {
                var entry = JsonSerializer.SerializeToUtf8Bytes(append.Entry!, CustomerJson.Default.CustomerLogEntry);
                record.Log.Add(entry);
                bytes += entry.Length;
            }

            record.Version = append.Version;
            if (append.List)
            {
                _service.Directory(tenant, CustomerDirectory.ShardOf(customerId), set => set.Add(customerId));
                bytes += customerId.Length;
            }

            if (append.Reschedule)
            {
                _service.Schedule(append.Key, append.WakeMinute);
                bytes += append.Key.Length + 8;
            }

            if (append.EffectsMarkedAt is { } markedAt)
            {
                lock (_service.Markers)
                {
                    _service.Markers[append.Key] = markedAt;
                }
            }

            JourneyMetrics.Stored(append.Snapshot is null ? "log" : "snapshot", bytes);
            return Task.FromResult(new AppendResult(true, Fence(record.Version)));
        }
    }

    public Task<string?> OwnerOfAsync(string tenant, string caseId)
    {
        lock (_service.Owners)
        {
            return Task.FromResult(_service.Owners.GetValueOrDefault(Of(tenant, caseId)));
        }
    }

    public Task ReleaseAsync(string tenant, string caseId, string customerId)
    {
        lock (_service.Owners)
        {
            if (_service.Owners.GetValueOrDefault(Of(tenant, caseId)) == customerId)
            {
                _service.Owners.Remove(Of(tenant, caseId));
            }
        }

        return Task.CompletedTask;
    }

    public Task<ImmutableArray<string>> PageAsync(string tenant, int shard, string? after, int first) =>
        Task.FromResult(_service.Directory(tenant, shard, set =>
            set.Where(id => after is null || string.CompareOrdinal(id, after) > 0).Take(first).ToImmutableArray()));

    public Task<int> CountAsync(string tenant, int shard) => Task.FromResult(_service.Directory(tenant, shard, set => set.Count));

    public Task ListAsync(string tenant, string customerId)
    {
        _service.Directory(tenant, CustomerDirectory.ShardOf(customerId), set => set.Add(customerId));
        return Task.CompletedTask;
    }

    public Task DelistAsync(string tenant, string customerId)
    {
        _service.Directory(tenant, CustomerDirectory.ShardOf(customerId), set => set.Remove(customerId));
        return Task.CompletedTask;
    }

    public Task RescheduleAsync(string customerKey, long? minute)
    {
        _service.Schedule(customerKey, minute);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<(string CustomerKey, long Minute)>> DueAsync(int shard, long throughMinute, int max)
    {
        var schedule = _service.Shard(shard);
        lock (schedule)
        {
            return Task.FromResult<IReadOnlyList<(string, long)>>([.. schedule.Due.TakeWhile(d => d.Minute <= throughMinute).Take(max).Select(d => (d.CustomerKey, d.Minute))]);
        }
    }

    public Task<long?> NextDueAsync(int shard)
    {
        var schedule = _service.Shard(shard);
        lock (schedule)
        {
            return Task.FromResult(schedule.Due.Count == 0 ? (long?)null : schedule.Due.Min.Minute);
        }
    }

    public Task<IReadOnlyList<(string CustomerKey, long MarkedAt)>> UnsettledAsync(long markedBefore, int max)
    {
        lock (_service.Markers)
        {
            return Task.FromResult<IReadOnlyList<(string, long)>>(
                [.. _service.Markers.Where(m => m.Value < markedBefore).OrderBy(m => m.Value).Take(max).Select(m => (m.Key, m.Value))]);
        }
    }

    public Task SettleAsync(IReadOnlyList<(string CustomerKey, long MarkedAt)> settled)
    {
        lock (_service.Markers)
        {
            foreach (var (key, markedAt) in settled)
            {
                if (_service.Markers.TryGetValue(key, out var held) && held <= markedAt)
                {
                    _service.Markers.Remove(key);
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>No record yet reads as fence null, so a first write presents null.</summary>
    private static string? Fence(long version) => version == 0 ? null : version.ToString(CultureInfo.InvariantCulture);

    private static string Of(string tenant, string id) => $"{tenant}/{id}";

    private sealed class Record
    {
        public long Version { get; set; }
        public byte[]? Snapshot { get; set; }
        public List<byte[]> Log { get; } = [];
    }

    private sealed class ScheduleShard
    {
        public Dictionary<string, long> Minutes { get; } = new(StringComparer.Ordinal);
        public SortedSet<(long Minute, string CustomerKey)> Due { get; } = new(Comparer<(long Minute, string CustomerKey)>.Create((a, b) =>
            a.Minute != b.Minute ? a.Minute.CompareTo(b.Minute) : string.CompareOrdinal(a.CustomerKey, b.CustomerKey)));
    }

    private sealed class Service
    {
        private readonly ConcurrentDictionary<string, SortedSet<string>> _directory = new(StringComparer.Ordinal);
        private readonly ScheduleShard[] _schedule = [.. Enumerable.Range(0, WakeSchedule.Shards).Select(_ => new ScheduleShard())];

        public ConcurrentDictionary<string, Record> Customers { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, string> Owners { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, long> Markers { get; } = new(StringComparer.Ordinal);

        public ScheduleShard Shard(int shard) => _schedule[shard];

        public T Directory<T>(string tenant, int shard, Func<SortedSet<string>, T> use)
        {
            var set = _directory.GetOrAdd($"{tenant}/{shard}", _ => new SortedSet<string>(StringComparer.Ordinal));
            lock (set)
            {
                return use(set);
            }
        }

        public void Schedule(string customerKey, long? minute)
        {
            var shard = _schedule[WakeSchedule.ShardOf(customerKey)];
            lock (shard)
            {
                if (shard.Minutes.Remove(customerKey, out var held))
                {
                    shard.Due.Remove((held, customerKey));
                }

                if (minute is { } at)
                {
                    shard.Minutes[customerKey] = at;
                    shard.Due.Add((at, customerKey));
                }
            }
        }
    }
}
