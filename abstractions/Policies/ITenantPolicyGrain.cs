using Journey.Domain.Policies;
using Orleans.Concurrency;

namespace Journey.Abstractions.Policies;

/// <summary>The one store of a tenant's policy versions; version numbers start at 1 per tenant.</summary>
[Alias("journey.ITenantPolicyGrain")]
public interface ITenantPolicyGrain : IGrainWithStringKey
{
    /// <summary>Validates and stores a new version; an invalid document changes nothing. Same content: no new version.</summary>
    [Alias("Set")]
    Task<SetPolicyResult> Set(string document, string source);

    /// <summary>The tenant's own current version, or null when it has none.</summary>
    [Alias("GetOwn"), AlwaysInterleave]
    Task<PolicyVersion?> GetOwn();

    /// <summary>One of the tenant's own versions, or null when it never had it: what a replay of a step taken under it runs.</summary>
    [Alias("GetVersion"), AlwaysInterleave]
    Task<PolicyVersion?> GetVersion(int version);

    /// <summary>The version in force: the tenant's own, else the <c>default</c> tenant's.</summary>
    [Alias("GetEffective"), AlwaysInterleave]
    Task<PolicyVersion?> GetEffective();

    /// <summary>Tells <paramref name="observer"/> of every new version until its lease runs out; renew within <see cref="PolicyLease.Duration"/>.</summary>
    [Alias("Subscribe"), AlwaysInterleave]
    Task Subscribe(IPolicyChangeObserver observer);
}
