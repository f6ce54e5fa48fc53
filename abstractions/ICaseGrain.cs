using Journey.Domain;
using Journey.Domain.Rules;
using Orleans.Concurrency;

namespace Journey.Abstractions;

/// <summary>A case of one tenant: which customer owns it (claimed in the customers' own writes, so a case id never serves two customers).</summary>
[Alias("journey.ICaseGrain")]
public interface ICaseGrain : IGrainWithStringKey
{
    [Alias("GetOwner")]
    Task<string?> GetOwner();

    /// <summary>Forgets the link when it belongs to <paramref name="customerId"/> (erasure).</summary>
    [Alias("Release")]
    Task Release(string customerId);
}
