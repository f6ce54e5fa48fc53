using System.Collections.Immutable;
using Journey.Domain.Policies;
using Orleans.Concurrency;

namespace Journey.Abstractions.Policies;

/// <summary>One version of a tenant's policy document, exactly as it was set.</summary>
[GenerateSerializer, Immutable, Alias("journey.PolicyVersion")]
public sealed record PolicyVersion(
    [property: Id(0)] string Tenant,
    [property: Id(1)] int Version,
    [property: Id(2)] string Document,
    [property: Id(3)] DateTimeOffset SetAt,
    [property: Id(4)] string Source);

[GenerateSerializer, Immutable, Alias("journey.SetPolicyResult")]
public sealed record SetPolicyResult(
    [property: Id(0)] PolicyVersion? Current,
    [property: Id(1)] bool Changed,
    [property: Id(2)] ImmutableArray<PolicyError> Errors)
{
    public bool Accepted => Errors.IsEmpty;
}

[GenerateSerializer, Alias("journey.PolicyHistory")]
public sealed record PolicyHistory
{
    [Id(0)]
    public ImmutableArray<PolicyVersion> Versions { get; init; } = [];
}

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

/// <summary>A silo's policy cache, told when a tenant's policy changes.</summary>
[Alias("journey.IPolicyChangeObserver")]
public interface IPolicyChangeObserver : IGrainObserver
{
    [Alias("PolicyChanged")]
    Task PolicyChanged(string tenant);
}

public static class PolicyLease
{
    public static readonly TimeSpan Duration = TimeSpan.FromMinutes(3);

    /// <summary>Subscriptions are renewed, and the cache emptied, this often: a lost notification is stale at most this long.</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromMinutes(1);
}

public static class PolicyTenants
{
    /// <summary>Its policy applies to every tenant without one of its own.</summary>
    public const string Default = "default";
}
