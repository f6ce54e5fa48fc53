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
/// One of <see cref="CustomerDirectory.Shards"/> shards of the list of a tenant's customers (key
/// "{tenant}/{shard}"), for work that must visit every customer (a policy preview). A customer is
/// listed when it is first stored and delisted when it is erased.
/// </summary>
[Alias("journey.ICustomerDirectoryGrain")]
public interface ICustomerDirectoryGrain : IGrainWithStringKey
{
    [Alias("Add")]
    Task Add(string customerId);

    [Alias("Remove")]
    Task Remove(string customerId);

    /// <summary>Lists many customers in one commit.</summary>
    [Alias("AddMany")]
    Task AddMany(ImmutableArray<string> customerIds);

    /// <summary>Up to <paramref name="first"/> customer ids after <paramref name="after"/>, in id order.</summary>
    [Alias("Page"), AlwaysInterleave]
    Task<ImmutableArray<string>> Page(string? after, int first);

    [Alias("Count"), AlwaysInterleave]
    Task<int> Count();
}

public static class CustomerDirectory
{
    public const int Shards = 64;

    public static string ShardKey(string tenant, string customerId) => $"{tenant}/{GrainKeys.ShardOf(customerId, Shards)}";

    public static IEnumerable<string> AllShardKeys(string tenant) => Enumerable.Range(0, Shards).Select(shard => $"{tenant}/{shard}");
}

/// <summary>Listings that arrive during a write go into the next one together.</summary>
[Reentrant]
public sealed class CustomerDirectoryGrain(
    [PersistentState("customer-directory", StorageNames.Journey)] IPersistentState<CustomerDirectoryState> directory) : Grain, ICustomerDirectoryGrain
{
    private GroupCommit<(string Customer, bool Listed)>? _changes;

    public Task Add(string customerId) => Change(customerId, true);

    public Task Remove(string customerId) => Change(customerId, false);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Storage does not keep the comparer: order by ordinal, as pages promise.
        directory.State = directory.State with { Customers = directory.State.Customers.WithComparer(StringComparer.Ordinal) };
        return Task.CompletedTask;
    }

    public Task<ImmutableArray<string>> Page(string? after, int first)
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

        return Task.FromResult(page.ToImmutable());
    }

    public Task<int> Count() => Task.FromResult(directory.State.Customers.Count);

    public Task AddMany(ImmutableArray<string> customerIds) => Task.WhenAll(customerIds.Select(id => Change(id, true)));

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
