using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Journey.Grains.Statistics;

/// <summary>
/// Adds up the statistics facts of the customers hashed to this shard. Batches that arrive during a
/// write are committed together; a batch whose id was counted already (resent after a failure) is
/// skipped. The state is the sums plus a bounded list of recent ids, so a write stays small.
/// </summary>
[Reentrant]
public sealed class StatisticsShardGrain(
    [PersistentState("statistics-shard", StorageNames.Journey)] IPersistentState<StatisticsShardState> shard) : Grain, IStatisticsShardGrain
{
    private GroupCommit<ImmutableArray<StatisticsDelivery>>? _adds;
    private HashSet<string>? _recent;

    public Task Add(ImmutableArray<StatisticsDelivery> deliveries) =>
        (_adds ??= new GroupCommit<ImmutableArray<StatisticsDelivery>>(CommitAsync)).Enqueue(deliveries);

    public Task<ImmutableDictionary<string, StatisticsCounter>> Counters() => Task.FromResult(shard.State.Counters);

    private async Task CommitAsync(IReadOnlyList<ImmutableArray<StatisticsDelivery>> batch)
    {
        var before = shard.State;
        var recent = _recent ??= new HashSet<string>(before.Recent, StringComparer.Ordinal);
        var counters = before.Counters.ToBuilder();
        var added = new List<string>();
        var addedIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var delivery in batch.SelectMany(d => d))
        {
            if (recent.Contains(delivery.Id) || !addedIds.Add(delivery.Id))
            {
                continue;
            }

            added.Add(delivery.Id);
            foreach (var fact in delivery.Batch.Facts)
            {
                var held = counters.GetValueOrDefault(fact.Key);
                counters[fact.Key] = new StatisticsCounter((held?.Count ?? 0) + 1, (held?.Sum ?? 0) + fact.Value);
            }
        }

        if (added.Count == 0)
        {
            return;
        }

        var remembered = before.Recent.AddRange(added);
        if (remembered.Length > TenantStatistics.RememberedDeliveries)
        {
            remembered = remembered[^TenantStatistics.RememberedDeliveries..];
        }

        await shard.WriteOrRestoreAsync(new StatisticsShardState { Counters = counters.ToImmutable(), Recent = remembered });

        _recent = new HashSet<string>(remembered, StringComparer.Ordinal);
    }
}
