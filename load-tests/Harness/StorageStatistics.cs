using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Orleans.Storage;

namespace Journey.LoadTests.Harness;

/// <summary>Counts what the silo's grain storage serializes, by state type: where the bytes of a write go.</summary>
public sealed class StorageStatistics
{
    private readonly ConcurrentDictionary<string, (long Writes, long Bytes)> _written = new();

    public void Written(Type type, long bytes) =>
        _written.AddOrUpdate(type.Name, (1, bytes), (_, total) => (total.Writes + 1, total.Bytes + bytes));

    public IDisposable Measure() => new Window(this);

    private sealed class Window(StorageStatistics statistics) : IDisposable
    {
        private readonly Dictionary<string, (long Writes, long Bytes)> _start = new(statistics._written);

        public void Dispose()
        {
            var lines = new StringBuilder();
            foreach (var (type, (writes, bytes)) in statistics._written.OrderByDescending(w => w.Value.Bytes))
            {
                var (startWrites, startBytes) = _start.GetValueOrDefault(type);
                if (writes > startWrites)
                {
                    lines.Append(CultureInfo.InvariantCulture, $"{type} {writes - startWrites:N0} writes, {(bytes - startBytes) / (double)(writes - startWrites):N0} B each; ");
                }
            }

            Console.Error.WriteLine("  storage: " + lines);
        }
    }
}

/// <summary>The silo's own serializer, counted.</summary>
public sealed class CountingStorageSerializer(IGrainStorageSerializer inner, StorageStatistics statistics) : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input)
    {
        var data = inner.Serialize(input);
        statistics.Written(typeof(T), data.ToMemory().Length);
        return data;
    }

    public T? Deserialize<T>(BinaryData input) => inner.Deserialize<T>(input);
}
