using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Journey.Domain;

namespace Journey.Grains.Storage;

/// <summary>
/// Customers held by this process, without a storage grain in between: a snapshot and a log per
/// customer, kept serialized so that what is measured and what is stored are what a durable store
/// would hold. Shared by every silo of the process with the same service id (in-process test
/// clusters); not shared between processes, so the memory profile runs one silo per cluster.
/// </summary>
public sealed class MemoryCustomerStore : ICustomerStore
{
    private static readonly ConcurrentDictionary<string, ConcurrentDictionary<string, Record>> Services = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, Record> _customers;

    public MemoryCustomerStore(string serviceId)
    {
        _customers = Services.GetOrAdd(serviceId, _ => new ConcurrentDictionary<string, Record>(StringComparer.Ordinal));
    }

    public Task ForgetLegacyAsync(string key) => Task.CompletedTask;

    public bool WholeStateOnly => false;

    public Task<StoredCustomer> ReadAsync(string key)
    {
        if (!_customers.TryGetValue(key, out var record))
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
        var record = _customers.GetOrAdd(append.Key, _ => new Record());
        lock (record)
        {
            if (Fence(record.Version) != append.Fence)
            {
                return Task.FromResult(AppendResult.Fenced);
            }

            if (append.Snapshot is { } snapshot)
            {
                record.Snapshot = JsonSerializer.SerializeToUtf8Bytes(snapshot, CustomerJson.Default.CustomerState);
                record.Log.Clear();
                JourneyMetrics.Stored("snapshot", record.Snapshot.Length);
            }
            else
            {
                var entry = JsonSerializer.SerializeToUtf8Bytes(append.Entry!, CustomerJson.Default.CustomerLogEntry);
                record.Log.Add(entry);
                JourneyMetrics.Stored("log", entry.Length);
            }

            record.Version = append.Version;
            return Task.FromResult(new AppendResult(true, Fence(record.Version)));
        }
    }

    /// <summary>No record yet reads as fence null, so a first write presents null.</summary>
    private static string? Fence(long version) => version == 0 ? null : version.ToString(CultureInfo.InvariantCulture);

    private sealed class Record
    {
        public long Version { get; set; }
        public byte[]? Snapshot { get; set; }
        public List<byte[]> Log { get; } = [];
    }
}
