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
/// A shard of a tenant's directory. Customers list themselves in their own writes (the store keeps
/// the directory); the shard reads it from there, together with what earlier versions listed in the
/// shard's own state, and delists from both.
/// </summary>
[Reentrant]
public sealed class CustomerDirectoryGrain(
    [PersistentState("customer-directory", StorageNames.Journey)] IPersistentState<CustomerDirectoryState> directory,
    Storage.ICustomerStore store) : Grain, ICustomerDirectoryGrain
{

    private (string Tenant, int Shard) Shard
    {
        get
        {
            var key = this.GetPrimaryKeyString();
            var slash = key.LastIndexOf('/');
            return (key[..slash], int.Parse(key[(slash + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public async Task Remove(string customerId)
    {
        await store.DelistAsync(Shard.Tenant, customerId);
        if (directory.State.Customers.Contains(customerId))
        {
            await directory.WriteOrRestoreAsync(new CustomerDirectoryState { Customers = directory.State.Customers.Remove(customerId) });
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
        var (tenant, shard) = Shard;
        var listed = await store.PageAsync(tenant, shard, after, first);
        if (earlier.IsEmpty)
        {
            return listed;
        }

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
        directory.State.Customers.Count + await store.CountAsync(Shard.Tenant, Shard.Shard);
}
