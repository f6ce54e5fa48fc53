using System.Collections.Concurrent;
using Journey.Domain.Policies;

namespace Journey.Grains.Policies;

/// <summary>
/// Turns policy versions into compiled <see cref="Policy"/> values, once per silo per version. The
/// policy grain stays the one store; this only spares every customer grain the parsing.
/// </summary>
public sealed class PolicyCatalog(IGrainFactory grains)
{
    private readonly ConcurrentDictionary<(string Tenant, int Version), Policy> _compiled = new();

    /// <summary>The policy in force for a tenant, with the tenant it came from and its version.</summary>
    public async Task<Policy> GetEffectiveAsync(string tenant)
    {
        var version = await grains.GetGrain<ITenantPolicyGrain>(tenant).GetEffective();
        return version is null ? Fallback(tenant) : Compile(version);
    }

    public Policy Compile(PolicyVersion version) =>
        _compiled.GetOrAdd((version.Tenant, version.Version), _ =>
            (PolicyParser.Parse(version.Tenant, version.Document).Policy ?? throw new InvalidOperationException($"stored policy {version.Tenant} v{version.Version} no longer parses"))
            with { Version = version.Version });

    // No policy anywhere (not even 'default'): rules without a ladder, so nothing is sent on our own initiative.
    private static Policy Fallback(string tenant) => new() { Tenant = tenant, Version = 0 };
}
