using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Orleans.Concurrency;

namespace Journey.Grains.Statistics;

/// <summary>
/// Adds up the statistics facts of the customers hashed to this shard. Batches that arrive during a
/// write are committed together. Each customer numbers its batches and sends them in order, so the
/// shard keeps the last number it counted per customer and skips anything at or below it: a batch
/// resent after a crash, however late, is counted once. Shards are many and small so that this map
/// stays small in every write.
/// </summary>
[Reentrant]
public sealed class StatisticsShardGrain(
    [PersistentState("statistics-shard", StorageNames.Journey)] IPersistentState<StatisticsShardState> shard) : Grain, IStatisticsShardGrain
{
    private GroupCommit<Change>? _changes;
    private bool _unsure;

    public Task Add(ImmutableArray<StatisticsDelivery> deliveries) => Enqueue(new Change(deliveries, null));

    public Task Forget(string customerId) => Enqueue(new Change([], customerId));

    public Task<ImmutableDictionary<string, StatisticsCounter>> Counters() => Task.FromResult(shard.State.Counters);

    private Task Enqueue(Change change) => (_changes ??= new GroupCommit<Change>(CommitAsync)).Enqueue(change);

    private async Task CommitAsync(IReadOnlyList<Change> changes)
    {
        // The per-customer numbers change in place (one entry per counted customer, not a new tree
        // per entry); after a failed write they may be ahead of storage, so nothing more is counted
        // here until a fresh activation has read them back.
        if (_unsure)
        {
            throw new InvalidOperationException($"Statistics shard {this.GetPrimaryKeyString()} reloads after a failed write");
        }

        var counted = shard.State.CountedThrough;
        var counters = shard.State.Counters;

        // A commit holds many customers' facts for the same keys (a day's receivables, a step's contacts): they are
        // summed here first, in the order they came, and each key's counter is made once per commit, not once per fact.
        var sums = new Dictionary<string, (long Count, double Sum)>(StringComparer.Ordinal);
        var changed = false;
        foreach (var change in changes)
        {
            foreach (var delivery in change.Deliveries)
            {
                if (delivery.Batch.Sequence <= counted.GetValueOrDefault(delivery.CustomerId))
                {
                    continue;
                }

                counted[delivery.CustomerId] = delivery.Batch.Sequence;
                changed = true;
                foreach (var fact in delivery.Batch.Facts)
                {
                    ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(sums, fact.Key, out var seen);
                    if (!seen)
                    {
                        var held = counters.GetValueOrDefault(fact.Key);
                        sum = (held?.Count ?? 0, held?.Sum ?? 0);
                    }

                    sum = (sum.Count + 1, sum.Sum + fact.Value);
                }
            }

            if (change.Forget is { } customer)
            {
                changed |= counted.Remove(customer);
            }
        }

        if (!changed)
        {
            return;
        }

        var updated = counters.ToBuilder();
        foreach (var (key, (count, total)) in sums)
        {
            updated[key] = new StatisticsCounter(count, total);
        }

        shard.State = shard.State with { Counters = updated.ToImmutable() };
        try
        {
            await shard.WriteStateAsync();
        }
        catch
        {
            _unsure = true;
            DeactivateOnIdle();
            throw;
        }
    }

    private sealed record Change(ImmutableArray<StatisticsDelivery> Deliveries, string? Forget);
}
