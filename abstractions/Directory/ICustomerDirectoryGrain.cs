using System.Collections.Immutable;
using Orleans.Concurrency;

namespace Journey.Abstractions.Directory;

/// <summary>
/// One of <see cref="CustomerDirectory.Shards"/> shards of the list of a tenant's customers (key
/// "{tenant}/{shard}"), for work that must visit every customer (a policy preview). A customer is
/// listed by its own first write (the store keeps the directory) and delisted when it is erased.
/// </summary>
[Alias("journey.ICustomerDirectoryGrain")]
public interface ICustomerDirectoryGrain : IGrainWithStringKey
{
    [Alias("Remove")]
    Task Remove(string customerId);

    /// <summary>Up to <paramref name="first"/> customer ids after <paramref name="after"/>, in id order.</summary>
    [Alias("Page"), AlwaysInterleave]
    Task<ImmutableArray<string>> Page(string? after, int first);

    [Alias("Count"), AlwaysInterleave]
    Task<int> Count();
}
