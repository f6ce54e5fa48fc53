using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Journey.Grains.Segments;

/// <summary>
/// Holds the memberships of the customers hashed to this shard and the counts per segment, changed by
/// the difference each update makes (never recounted). Updates that arrive during a write are
/// committed together; each caller is answered once its update is durable. Versions make updates
/// order-independent: a late, older update is ignored.
/// </summary>
[Reentrant]
public sealed class SegmentShardGrain(
    [PersistentState("segment-shard", StorageNames.Journey)] IPersistentState<SegmentShardState> shard) : Grain, ISegmentShardGrain
{
    private readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _facts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double> _measures = new(StringComparer.Ordinal);
    private GroupCommit<(string Customer, SegmentMembership Membership)>? _updates;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var membership in shard.State.Members.Values)
        {
            Add(membership, +1);
        }

        return Task.CompletedTask;
    }

    public Task Update(string customerId, SegmentMembership membership) =>
        (_updates ??= new GroupCommit<(string Customer, SegmentMembership Membership)>(CommitAsync)).Enqueue((customerId, membership));

    public Task UpdateMany(ImmutableArray<SegmentUpdate> updates) => Task.WhenAll(updates.Select(u => Update(u.CustomerId, u.Membership)));

    public Task<IndexTotals> Totals() => Task.FromResult(new IndexTotals(
        _counts.Where(c => c.Value > 0).ToImmutableDictionary(StringComparer.Ordinal),
        _facts.Where(c => c.Value > 0).ToImmutableDictionary(StringComparer.Ordinal),
        _measures.ToImmutableDictionary(StringComparer.Ordinal)));

    public Task<ImmutableArray<string>> Members(string segment) =>
        Task.FromResult(shard.State.Members.Where(m => m.Value.Segments.Contains(segment)).Select(m => m.Key).Order(StringComparer.Ordinal).ToImmutableArray());

    private async Task CommitAsync(IReadOnlyList<(string Customer, SegmentMembership Membership)> batch)
    {
        var before = shard.State;
        var members = before.Members;
        foreach (var (customer, membership) in batch)
        {
            if (members.TryGetValue(customer, out var held) && held.Version >= membership.Version)
            {
                continue;
            }

            // A customer that left every segment keeps its version here, so a late older update cannot bring it back.
            members = members.SetItem(customer, membership);
        }

        if (ReferenceEquals(members, before.Members))
        {
            return;
        }

        await shard.WriteOrRestoreAsync(new SegmentShardState { Members = members });

        Count(before.Members, members, batch.Select(b => b.Customer).Distinct());
    }

    private void Count(ImmutableDictionary<string, SegmentMembership> before, ImmutableDictionary<string, SegmentMembership> after, IEnumerable<string> customers)
    {
        foreach (var customer in customers)
        {
            if (before.GetValueOrDefault(customer) is { } old)
            {
                Add(old, -1);
            }

            if (after.GetValueOrDefault(customer) is { } now)
            {
                Add(now, +1);
            }
        }
    }

    private void Add(SegmentMembership membership, int sign)
    {
        foreach (var segment in membership.Segments)
        {
            _counts[segment] = _counts.GetValueOrDefault(segment) + sign;
        }

        foreach (var fact in membership.Facts.IsDefault ? [] : membership.Facts)
        {
            _facts[fact] = _facts.GetValueOrDefault(fact) + sign;
        }

        foreach (var (measure, value) in membership.Measures ?? ImmutableDictionary<string, double>.Empty)
        {
            _measures[measure] = _measures.GetValueOrDefault(measure) + (sign * value);
        }
    }
}
