using Azure;
using Azure.Data.Tables;
using Journey.Grains;
using Journey.Grains.Storage;

namespace Journey.Storage;

/// <summary>
/// Customers on Azure: whole states in the official blob grain storage (the ETag as fence), and the
/// effect markers in a table beside them. A write that marks its customer upserts the marker at the
/// same time as it writes the state, so the acknowledgement waits for the slower of the two, not for
/// both in turn; a marker whose state write failed is harmless (recovery finds nothing to offer).
/// </summary>
public sealed class AzureCustomerStore(GrainStorageCustomerStore states, TableClient markers) : ICustomerStore, IEffectMarkers
{
    // Markers spread over a few partitions so that no single partition takes every write.
    private const int Partitions = 16;

    private readonly Lazy<Task> _table = new(() => markers.CreateIfNotExistsAsync());

    public bool WholeStateOnly => true;

    public bool OutlivesProcess => true;

    public Task<StoredCustomer> ReadAsync(string key) => states.ReadAsync(key);

    public Task ForgetLegacyAsync(string key) => states.ForgetLegacyAsync(key);

    public async Task<AppendResult> AppendAsync(CustomerAppend append)
    {
        if (append.EffectsMarkedAt is not { } markedAt)
        {
            return await states.AppendAsync(append);
        }

        await _table.Value;
        var written = states.AppendAsync(append);
        var marked = markers.UpsertEntityAsync(Marker(append.Key, markedAt), TableUpdateMode.Replace);
        await Task.WhenAll(written, marked);
        JourneyMetrics.Stored("marker", append.Key.Length * 2 + 8);
        return await written;
    }

    public async Task<IReadOnlyList<(string CustomerKey, long MarkedAt)>> UnsettledAsync(long markedBefore, int max)
    {
        await _table.Value;
        var found = new List<(string, long)>();
        await foreach (var entity in markers.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"MarkedAt lt {markedBefore}"), maxPerPage: Math.Min(max, 1000)))
        {
            found.Add((entity.GetString("Key")!, entity.GetInt64("MarkedAt") ?? 0));
            if (found.Count >= max)
            {
                break;
            }
        }

        return [.. found.OrderBy(m => m.Item2)];
    }

    public async Task SettleAsync(IReadOnlyList<(string CustomerKey, long MarkedAt)> settled)
    {
        await _table.Value;
        await Parallel.ForEachAsync(settled, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (marker, cancellation) =>
        {
            var (partition, row) = Address(marker.CustomerKey);
            var held = await markers.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellation);
            if (!held.HasValue || held.Value!.GetInt64("MarkedAt") > marker.MarkedAt)
            {
                return;
            }

            try
            {
                // Only the marker as read: a write that marked the customer again since keeps its own.
                await markers.DeleteEntityAsync(partition, row, held.Value.ETag, cancellation);
            }
            catch (RequestFailedException exception) when (exception.Status is 404 or 412)
            {
            }
        });
    }

    private static TableEntity Marker(string key, long markedAt)
    {
        var (partition, row) = Address(key);
        return new TableEntity(partition, row) { ["Key"] = key, ["MarkedAt"] = markedAt };
    }

    // Row keys may not hold '/', '\', '#' or '?': the customer key escaped.
    private static (string Partition, string Row) Address(string key) =>
        ($"m{GrainKeys.ShardOf(key, Partitions)}", Uri.EscapeDataString(key));
}
