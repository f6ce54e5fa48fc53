using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using Journey.Grains;
using Journey.Grains.Directory;
using Journey.Grains.Scheduling;
using Journey.Grains.Storage;

namespace Journey.Storage;

/// <summary>
/// Customers on Azure: whole states in the official blob grain storage (the ETag as fence); effect
/// markers in one table, case owners, the directory and the wake-up schedule in another.
/// <para>
/// Blob and table cannot commit together, so a write runs in an order that is safe to stop anywhere:
/// its new case ids are claimed first (a claim another customer holds refuses the write before
/// anything of it is stored); then the state is written, with the marker beside it; then the listing
/// and the wake-up; only then is the write answered. A silo that dies after the state and before the
/// listing or the wake-up leaves the marker, and any silo's recovery asks the customer to assert its
/// listing and wake-up again. A claim whose state write then fails stays with the customer that
/// claimed it, which its retry claims anyway.
/// </para>
/// </summary>
public sealed class AzureCustomerStore(WholeStates states, TableClient markers, TableClient indexes, TimeProvider time) : ICustomerStore
{
    // Markers and case owners spread over a few partitions so that no single partition takes every write.
    private const int Partitions = 16;

    private readonly Lazy<Task> _tables = new(() => Task.WhenAll(markers.CreateIfNotExistsAsync(), indexes.CreateIfNotExistsAsync()));

    /// <summary>Every write is a whole state: there is no log to append to.</summary>
    public SnapshotPolicy Snapshots { get; } = new(1, AtShutdown: true);

    public Task<StoredCustomer> ReadAsync(string key) => states.ReadAsync(key);

    public Task ForgetLegacyAsync(string key) => Task.CompletedTask;

    public async Task<AppendResult> AppendAsync(CustomerAppend append)
    {
        await _tables.Value;
        var (tenant, customerId) = append.Names();
        if (!append.Claims.IsEmpty && await ClaimAsync(tenant, customerId, append.Claims) is { IsEmpty: false } lost)
        {
            return new AppendResult(false, null, lost);
        }

        // The write's effect marker beside the state; a write that changes the indexes and has no effects of its
        // own leaves a marker of its own until they are changed, and removes it then (or once refused).
        var indexed = append.List || append.Reschedule;
        Task<ETag?>? ownMarker = append.EffectsMarkedAt is null && indexed ? MarkIfUnmarked(append.Key, time.GetUtcNow().ToUnixTimeMilliseconds()) : null;
        var marking = append.EffectsMarkedAt is { } markedAt ? Mark(append.Key, markedAt) : ownMarker ?? Task.CompletedTask;
        var written = states.WriteAsync(append);
        await Task.WhenAll(written, marking);

        var result = await written;
        if (result.Committed && indexed)
        {
            await Task.WhenAll(
                append.List ? ListAsync(tenant, customerId) : Task.CompletedTask,
                append.Reschedule ? RescheduleAsync(append.Key, append.WakeMinute) : Task.CompletedTask);
        }

        if (ownMarker is not null && await ownMarker is { } own)
        {
            await Unmark(append.Key, own);
        }

        return result;
    }

    public async Task<string?> OwnerOfAsync(string tenant, string caseId)
    {
        await _tables.Value;
        var (partition, row) = OwnerAddress(tenant, caseId);
        var held = await indexes.GetEntityIfExistsAsync<TableEntity>(partition, row);
        return held.HasValue ? held.Value!.GetString("Owner") : null;
    }

    public async Task ReleaseAsync(string tenant, string caseId, string customerId)
    {
        await _tables.Value;
        var (partition, row) = OwnerAddress(tenant, caseId);
        var held = await indexes.GetEntityIfExistsAsync<TableEntity>(partition, row);
        if (held.HasValue && held.Value!.GetString("Owner") == customerId)
        {
            await DeleteAsync(indexes, partition, row, held.Value.ETag);
        }
    }

    public async Task<ImmutableArray<string>> PageAsync(string tenant, int shard, string? after, int first)
    {
        await _tables.Value;
        var partition = DirectoryPartition(tenant, shard);
        var filter = after is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {Hex(after)}");
        var page = ImmutableArray.CreateBuilder<string>();
        await foreach (var entity in indexes.QueryAsync<TableEntity>(filter, maxPerPage: Math.Clamp(first, 1, 1000), select: ["RowKey"]))
        {
            if (page.Count >= first)
            {
                break;
            }

            page.Add(Unhex(entity.RowKey));
        }

        return page.ToImmutable();
    }

    public async Task<int> CountAsync(string tenant, int shard)
    {
        await _tables.Value;
        var count = 0;
        await foreach (var _ in indexes.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {DirectoryPartition(tenant, shard)}"), select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }

    public async Task ListAsync(string tenant, string customerId)
    {
        await _tables.Value;
        await indexes.UpsertEntityAsync(new TableEntity(DirectoryPartition(tenant, CustomerDirectory.ShardOf(customerId)), Hex(customerId)), TableUpdateMode.Replace);
        JourneyMetrics.Stored("index", customerId.Length * 2);
    }

    public async Task DelistAsync(string tenant, string customerId)
    {
        await _tables.Value;
        await DeleteAsync(indexes, DirectoryPartition(tenant, CustomerDirectory.ShardOf(customerId)), Hex(customerId), ETag.All);
    }

    /// <summary>
    /// Two rows per scheduled customer in its shard's partition, changed in one transaction: one by
    /// customer (its minute) and one by minute (so the due ones read in order). A concurrent change of
    /// the same customer fails the transaction on the first row's ETag, and the move is tried again.
    /// </summary>
    public async Task RescheduleAsync(string customerKey, long? minute)
    {
        await _tables.Value;
        var partition = SchedulePartition(WakeSchedule.ShardOf(customerKey));
        var byCustomer = "k" + Hex(customerKey);
        for (var attempt = 1; ; attempt++)
        {
            var held = await indexes.GetEntityIfExistsAsync<TableEntity>(partition, byCustomer);
            var old = held.HasValue ? held.Value!.GetInt64("Minute") : null;
            if (old == minute)
            {
                return;
            }

            var actions = new List<TableTransactionAction>(3);
            if (old is { } was)
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, DueRow(was, customerKey)), ETag.All));
            }

            if (minute is { } at)
            {
                actions.Add(new(TableTransactionActionType.UpsertReplace, new TableEntity(partition, DueRow(at, customerKey)) { ["Key"] = customerKey }));
                var row = new TableEntity(partition, byCustomer) { ["Minute"] = at };
                actions.Add(held.HasValue ? new(TableTransactionActionType.UpdateReplace, row, held.Value!.ETag) : new(TableTransactionActionType.Add, row));
            }
            else
            {
                actions.Add(new(TableTransactionActionType.Delete, new TableEntity(partition, byCustomer), held.Value!.ETag));
            }

            try
            {
                await indexes.SubmitTransactionAsync(actions);
                JourneyMetrics.Stored("index", customerKey.Length * 4 + 16);
                return;
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 404 or 409 or 412 && attempt < 8)
            {
            }
        }
    }

    public async Task<IReadOnlyList<(string CustomerKey, long Minute)>> DueAsync(int shard, long throughMinute, int max)
    {
        await _tables.Value;
        var partition = SchedulePartition(shard);
        var due = new List<(string, long)>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {"d"} and RowKey lt {"d" + Minute(throughMinute + 1)}");
        await foreach (var entity in indexes.QueryAsync<TableEntity>(filter, maxPerPage: Math.Clamp(max, 1, 1000)))
        {
            if (due.Count >= max)
            {
                break;
            }

            due.Add((entity.GetString("Key")!, MinuteOf(entity.RowKey)));
        }

        return due;
    }

    public async Task<long?> NextDueAsync(int shard)
    {
        await _tables.Value;
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {SchedulePartition(shard)} and RowKey ge {"d"} and RowKey lt {"e"}");
        await foreach (var entity in indexes.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"]))
        {
            return MinuteOf(entity.RowKey);
        }

        return null;
    }

    public async Task<IReadOnlyList<(string CustomerKey, long MarkedAt)>> UnsettledAsync(long markedBefore, int max)
    {
        await _tables.Value;
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
        await _tables.Value;
        await Parallel.ForEachAsync(settled, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (marker, cancellation) =>
        {
            var (partition, row) = MarkerAddress(marker.CustomerKey);
            var held = await markers.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellation);
            if (held.HasValue && held.Value!.GetInt64("MarkedAt") <= marker.MarkedAt)
            {
                // Only the marker as read: a write that marked the customer again since keeps its own.
                await DeleteAsync(markers, partition, row, held.Value.ETag);
            }
        });
    }

    /// <summary>
    /// Takes each new case id for the customer (a case id the case grain of earlier versions gave to
    /// another customer stays theirs); when any belongs to another customer, the ones taken here are
    /// given back and those are returned.
    /// </summary>
    private async Task<ImmutableArray<string>> ClaimAsync(string tenant, string customerId, ImmutableArray<string> claims)
    {
        var lost = ImmutableArray.CreateBuilder<string>();
        var taken = new List<(string Partition, string Row, ETag ETag)>();
        foreach (var caseId in claims)
        {
            if (await states.LegacyCaseOwnerAsync(GrainKeys.Of(tenant, caseId)) is { } linked && linked != customerId)
            {
                lost.Add(caseId);
                continue;
            }

            var (partition, row) = OwnerAddress(tenant, caseId);
            try
            {
                var added = await indexes.AddEntityAsync(new TableEntity(partition, row) { ["Owner"] = customerId });
                taken.Add((partition, row, added.Headers.ETag ?? ETag.All));
                JourneyMetrics.Stored("index", caseId.Length * 2 + customerId.Length * 2);
            }
            catch (RequestFailedException exception) when (exception.Status == 409)
            {
                var held = await indexes.GetEntityIfExistsAsync<TableEntity>(partition, row);
                if (held.HasValue && held.Value!.GetString("Owner") != customerId)
                {
                    lost.Add(caseId);
                }
            }
        }

        if (lost.Count > 0)
        {
            foreach (var (partition, row, etag) in taken)
            {
                await DeleteAsync(indexes, partition, row, etag);
            }
        }

        return lost.ToImmutable();
    }

    private async Task Mark(string key, long markedAt)
    {
        var (partition, row) = MarkerAddress(key);
        await markers.UpsertEntityAsync(new TableEntity(partition, row) { ["Key"] = key, ["MarkedAt"] = markedAt }, TableUpdateMode.Replace);
        JourneyMetrics.Stored("marker", key.Length * 2 + 8);
    }

    /// <summary>A marker for the indexes alone, unless the customer is marked already (that marker's recovery asserts them too); its ETag when set here.</summary>
    private async Task<ETag?> MarkIfUnmarked(string key, long markedAt)
    {
        var (partition, row) = MarkerAddress(key);
        try
        {
            var added = await markers.AddEntityAsync(new TableEntity(partition, row) { ["Key"] = key, ["MarkedAt"] = markedAt });
            JourneyMetrics.Stored("marker", key.Length * 2 + 8);
            return added.Headers.ETag ?? ETag.All;
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            return null;
        }
    }

    /// <summary>Removes a marker this store set for the indexes alone, unless a write with effects has marked the customer since.</summary>
    private Task Unmark(string key, ETag own)
    {
        var (partition, row) = MarkerAddress(key);
        return DeleteAsync(markers, partition, row, own);
    }

    private static async Task DeleteAsync(TableClient table, string partition, string row, ETag etag)
    {
        try
        {
            await table.DeleteEntityAsync(partition, row, etag);
        }
        catch (RequestFailedException exception) when (exception.Status is 404 or 412)
        {
        }
    }

    // Row keys may not hold '/', '\', '#' or '?': the customer key escaped.
    private static (string Partition, string Row) MarkerAddress(string key) =>
        ($"m{GrainKeys.ShardOf(key, Partitions)}", Uri.EscapeDataString(key));

    private static (string Partition, string Row) OwnerAddress(string tenant, string caseId) =>
        ($"o{Hex(tenant)}-{GrainKeys.ShardOf(caseId, Partitions)}", Hex(caseId));

    private static string DirectoryPartition(string tenant, int shard) => $"d{Hex(tenant)}-{shard}";

    private static string SchedulePartition(int shard) => $"w{shard}";

    private static string DueRow(long minute, string customerKey) => "d" + Minute(minute) + "-" + Hex(customerKey);

    private static string Minute(long minute) => minute.ToString("D12", CultureInfo.InvariantCulture);

    private static long MinuteOf(string dueRow) => long.Parse(dueRow.AsSpan(1, 12), CultureInfo.InvariantCulture);

    // Ids in keys as the hex of their UTF-8 bytes: no character a key may not hold, and the rows sort in the ids' ordinal order.
    private static string Hex(string value) => Convert.ToHexStringLower(Encoding.UTF8.GetBytes(value));

    private static string Unhex(string hex) => Encoding.UTF8.GetString(Convert.FromHexString(hex));
}
