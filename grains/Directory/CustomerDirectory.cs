using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Journey.Grains.Directory;

[GenerateSerializer, Alias("journey.CustomerDirectoryShard")]
public sealed record CustomerDirectoryState
{
    [Id(0)]
    public ImmutableSortedSet<string> Customers { get; init; } = ImmutableSortedSet.Create<string>(StringComparer.Ordinal);
}

/// <summary>
/// Listings that arrive during a write go into the next one together. Where the customer store keeps
/// the directory itself (listed in the customers' own writes), this shard reads it from there,
/// together with what it listed before that existed.
/// </summary>
[Reentrant]
public sealed class CustomerDirectoryGrain(
    [PersistentState("customer-directory", StorageNames.Journey)] IPersistentState<CustomerDirectoryState> directory,
    Storage.ICustomerStore store) : Grain, ICustomerDirectoryGrain
{
    private GroupCommit<(string Customer, bool Listed)>? _changes;

    private Storage.ICustomerIndexes? Indexes => store as Storage.ICustomerIndexes;

    private (string Tenant, int Shard) Shard
    {
        get
        {
            var key = this.GetPrimaryKeyString();
            var slash = key.LastIndexOf('/');
            return (key[..slash], int.Parse(key[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public Task Add(string customerId) => Indexes is null ? Change(customerId, true) : Task.CompletedTask;

    public async Task Remove(string customerId)
    {
        if (Indexes is { } indexes)
        {
            await indexes.DelistAsync(Shard.Tenant, customerId);
        }

        if (directory.State.Customers.Contains(customerId))
        {
            await Change(customerId, false);
        }
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Storage does not keep the comparer: order by ordinal, as pages promise.
        directory.State = directory.State with { Customers = directory.State.Customers.WithComparer(StringComparer.Ordinal) };
        return Task.CompletedTask;
    }

    public async Task<ImmutableArray<string>> Page(string? after, int first)
    {
        var earlier = Listed(after, first);
        if (Indexes is not { } indexes)
        {
            return earlier;
        }

        var (tenant, shard) = Shard;
        var listed = await indexes.PageAsync(tenant, shard, after, first);
        return [.. listed.Concat(earlier).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(first)];
    }

    private ImmutableArray<string> Listed(string? after, int first)
    {
        var customers = directory.State.Customers;
        var start = 0;
        if (after is not null)
        {
            var index = customers.IndexOf(after);
            start = index >= 0 ? index + 1 : ~index;
        }

        var page = ImmutableArray.CreateBuilder<string>();
        for (var i = start; i < customers.Count && page.Count < first; i++)
        {
            page.Add(customers[i]);
        }

        return page.ToImmutable();
    }

    public async Task<int> Count() =>
        directory.State.Customers.Count + (Indexes is { } indexes ? await indexes.CountAsync(Shard.Tenant, Shard.Shard) : 0);

    public Task AddMany(ImmutableArray<string> customerIds) => Task.WhenAll(customerIds.Select(Add));

    private Task Change(string customerId, bool listed) =>
        (_changes ??= new GroupCommit<(string, bool)>(CommitAsync)).Enqueue((customerId, listed));

    private async Task CommitAsync(IReadOnlyList<(string Customer, bool Listed)> changes)
    {
        var before = directory.State;
        var customers = before.Customers;
        foreach (var (customer, listed) in changes)
        {
            customers = listed ? customers.Add(customer) : customers.Remove(customer);
        }

        if (ReferenceEquals(customers, before.Customers))
        {
            return;
        }

        await directory.WriteOrRestoreAsync(new CustomerDirectoryState { Customers = customers });
    }
}
