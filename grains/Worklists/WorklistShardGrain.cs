using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;
using Orleans.Concurrency;

namespace Journey.Grains.Worklists;

/// <summary>
/// Holds the worklist items of the customers hashed to this shard, their leases and what was done.
/// Every change — a customer's items, a take, a completion — goes through one group commit, so each
/// is applied to the state the one before it left and written once with the others of its round.
/// Versions make customer updates order-independent: a late, older one is ignored.
/// </summary>
[Reentrant]
public sealed class WorklistShardGrain(
    [PersistentState("worklist-shard", StorageNames.Journey)] IPersistentState<WorklistShardState> shard) : Grain, IWorklistShardGrain
{
    private GroupCommit<Change>? _changes;

    private GroupCommit<Change> Changes => _changes ??= new GroupCommit<Change>(CommitAsync);

    public Task UpdateMany(ImmutableArray<WorklistUpdate> updates) => Changes.Enqueue(new Change.Update(updates));

    public Task<ImmutableArray<WorklistEntry>> Items(Team team, DateTimeOffset now, DateOnly today)
    {
        var state = shard.State;
        var entries = ImmutableArray.CreateBuilder<WorklistEntry>();
        foreach (var (_, customer) in state.Customers)
        {
            foreach (var item in customer.Items)
            {
                if (WorklistRules.Due(item, now, today) && !state.Done.ContainsKey(item.ItemId) && WorklistRules.TeamsOf(item, today).Contains(team))
                {
                    entries.Add(new WorklistEntry(item, WorklistRules.KindAt(item, today), state.Leases.GetValueOrDefault(item.ItemId)));
                }
            }
        }

        return Task.FromResult(entries.ToImmutable());
    }

    public async Task<WorklistTake> Take(string itemId, string agent, DateTimeOffset now, DateOnly today, TimeSpan leaseFor)
    {
        var take = new Change.Take(itemId, agent, now, today, leaseFor);
        await Changes.Enqueue(take);
        return take.Result!;
    }

    public Task<ImmutableDictionary<string, WorklistWork>> Work() => Task.FromResult(shard.State.Work);

    public async Task<bool> Complete(string itemId, string agent, DateTimeOffset now)
    {
        var complete = new Change.Complete(itemId, agent, now);
        await Changes.Enqueue(complete);
        return complete.Result;
    }

    private async Task CommitAsync(IReadOnlyList<Change> changes)
    {
        var before = shard.State;
        var state = before;
        foreach (var change in changes)
        {
            state = change switch
            {
                Change.Update update => Apply(state, update.Updates),
                Change.Take take => Apply(state, take),
                Change.Complete complete => Apply(state, complete),
                _ => state,
            };
        }

        if (!ReferenceEquals(state, before))
        {
            await shard.WriteOrRestoreAsync(state);
        }
    }

    private static WorklistShardState Apply(WorklistShardState state, ImmutableArray<WorklistUpdate> updates)
    {
        foreach (var update in updates)
        {
            if (state.Customers.TryGetValue(update.CustomerId, out var held) && held.Version >= update.Version)
            {
                continue;
            }

            // Leases and completions of items the customer no longer has are forgotten with them.
            var gone = held is null ? [] : held.Items.Select(i => i.ItemId).Except(update.Items.Select(i => i.ItemId), StringComparer.Ordinal).ToList();
            state = state with
            {
                Customers = state.Customers.SetItem(update.CustomerId, new WorklistCustomer(update.Version, update.Items)),
                Leases = gone.Count == 0 ? state.Leases : state.Leases.RemoveRange(gone),
                Done = gone.Count == 0 ? state.Done : state.Done.RemoveRange(gone),
            };
        }

        return state;
    }

    private static WorklistShardState Apply(WorklistShardState state, Change.Take take)
    {
        if (Find(state, take.ItemId) is not { } item || state.Done.ContainsKey(take.ItemId))
        {
            take.Result = new WorklistTake(false, null);
            return state;
        }

        var kind = WorklistRules.KindAt(item, take.Today);
        if (state.Leases.TryGetValue(take.ItemId, out var lease) && lease.HeldAt(take.Now) && lease.Agent != take.Agent)
        {
            take.Result = new WorklistTake(false, new WorklistEntry(item, kind, lease));
            return state;
        }

        var taken = new WorklistLease(take.Agent, take.Now, take.Now + take.LeaseFor);
        take.Result = new WorklistTake(true, new WorklistEntry(item, kind, taken));
        var renewal = lease is not null && lease.HeldAt(take.Now) && lease.Agent == take.Agent;
        return state with { Leases = state.Leases.SetItem(take.ItemId, taken), Work = renewal ? state.Work : Count(state.Work, WorklistQuery.WorkKey(item, take.Agent), taken: 1) };
    }

    private static WorklistShardState Apply(WorklistShardState state, Change.Complete complete)
    {
        if (Find(state, complete.ItemId) is not { } item)
        {
            complete.Result = false;
            return state;
        }

        complete.Result = true;
        var lease = state.Leases.GetValueOrDefault(complete.ItemId);
        return state with
        {
            Work = state.Done.ContainsKey(complete.ItemId) ? state.Work : Count(state.Work, WorklistQuery.WorkKey(item, complete.Agent), completed: 1),
            Done = state.Done.SetItem(complete.ItemId, new WorklistDone(complete.Agent, complete.Now)),
            Leases = lease is null ? state.Leases : state.Leases.SetItem(complete.ItemId, lease with { Until = complete.Now < lease.Until ? complete.Now : lease.Until }),
        };
    }

    private static ImmutableDictionary<string, WorklistWork> Count(ImmutableDictionary<string, WorklistWork> work, string key, long taken = 0, long completed = 0) =>
        work.SetItem(key, work.GetValueOrDefault(key) is { } held ? new WorklistWork(held.Taken + taken, held.Completed + completed) : new WorklistWork(taken, completed));

    private static WorklistItem? Find(WorklistShardState state, string itemId) =>
        WorklistRules.CustomerOf(itemId) is { } customer && state.Customers.TryGetValue(customer, out var held)
            ? held.Items.FirstOrDefault(i => i.ItemId == itemId)
            : null;

    private abstract record Change
    {
        public sealed record Update(ImmutableArray<WorklistUpdate> Updates) : Change;

        public sealed record Take(string ItemId, string Agent, DateTimeOffset Now, DateOnly Today, TimeSpan LeaseFor) : Change
        {
            public WorklistTake? Result { get; set; }
        }

        public sealed record Complete(string ItemId, string Agent, DateTimeOffset Now) : Change
        {
            public bool Result { get; set; }
        }
    }
}
