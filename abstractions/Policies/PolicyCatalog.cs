using System.Collections.Concurrent;
using Journey.Domain.Policies;
using Microsoft.Extensions.Logging;

namespace Journey.Abstractions.Policies;

/// <summary>
/// This silo's view of the policies in force: compiled once per version, and the effective version
/// per tenant cached until the tenant's policy grain says it changed (the grain tells every
/// subscribed silo before a new version is acknowledged). The policy grain stays the one store; this
/// spares every touchpoint a call to it.
/// </summary>
public sealed class PolicyCatalog(IGrainFactory grains, ILogger<PolicyCatalog> logger) : IPolicyChangeObserver, IDisposable
{
    private readonly ConcurrentDictionary<(string Tenant, int Version), Policy> _compiled = new();
    private readonly ConcurrentDictionary<string, PolicyVersion?> _effective = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _subscribed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<PolicyVersion?>>> _loading = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private IPolicyChangeObserver? _reference;
    private Timer? _renewal;
    private long _generation;

    /// <summary>The policy in force for a tenant, with the tenant it came from and its version.</summary>
    /// <remarks>Known already on every touchpoint but a tenant's first: answered then without a task of its own.</remarks>
    public ValueTask<Policy> GetEffectiveAsync(string tenant) =>
        _effective.TryGetValue(tenant, out var version) ? new(Effective(tenant, version)) : new(LoadAsync(tenant));

    private async Task<Policy> LoadAsync(string tenant)
    {
        // Concurrent first reads of a tenant share one read of its policy grain.
        var loading = _loading.GetOrAdd(tenant, t => new Lazy<Task<PolicyVersion?>>(() => LoadEffectiveAsync(t)));
        try
        {
            return Effective(tenant, await loading.Value);
        }
        finally
        {
            _loading.TryRemove(new KeyValuePair<string, Lazy<Task<PolicyVersion?>>>(tenant, loading));
        }
    }

    private Policy Effective(string tenant, PolicyVersion? version) => version is null ? Fallback(tenant) : Compile(version);

    private async Task<PolicyVersion?> LoadEffectiveAsync(string tenant)
    {
        var generation = Interlocked.Read(ref _generation);
        await Task.WhenAll(SubscribeAsync(tenant), SubscribeAsync(PolicyTenants.Default));
        var version = await grains.GetGrain<ITenantPolicyGrain>(tenant).GetEffective();
        lock (_gate)
        {
            // A change notified while this read was under way may be newer than what it read.
            if (generation == Interlocked.Read(ref _generation))
            {
                _effective[tenant] = version;
            }
        }

        return version;
    }

    /// <summary>
    /// The policy a step recorded in a customer's log ran under: the document of <paramref name="policyTenant"/>
    /// at <paramref name="version"/> (0: no policy anywhere). A version the policy store no longer has
    /// (memory storage after a restart) falls back to the policy in force, logged.
    /// </summary>
    public async Task<Policy> GetVersionAsync(string tenant, string policyTenant, int version)
    {
        if (version == 0)
        {
            return Fallback(tenant);
        }

        if (_compiled.TryGetValue((policyTenant, version), out var compiled))
        {
            return compiled;
        }

        if (await grains.GetGrain<ITenantPolicyGrain>(policyTenant).GetVersion(version) is { } stored)
        {
            return Compile(stored);
        }

        logger.LogWarning("Policy {PolicyTenant} v{Version} is no longer stored; replaying {Tenant}'s step under the policy in force", policyTenant, version, tenant);
        return await GetEffectiveAsync(tenant);
    }

    public Policy Compile(PolicyVersion version) =>
        _compiled.GetOrAdd((version.Tenant, version.Version), static (_, version) =>
            (PolicyParser.Parse(version.Tenant, version.Document).Policy ?? throw new InvalidOperationException($"stored policy {version.Tenant} v{version.Version} no longer parses"))
            with { Version = version.Version }, version);

    public Task PolicyChanged(string tenant)
    {
        // Also sent when the policy grain deactivates: subscribe again with its next activation.
        _subscribed.TryRemove(tenant, out _);
        Forget();
        return Task.CompletedTask;
    }

    public void Dispose() => _renewal?.Dispose();

    // The default tenant's policy is every other tenant's fallback, so any change empties the whole view.
    private void Forget()
    {
        lock (_gate)
        {
            Interlocked.Increment(ref _generation);
            _effective.Clear();
        }
    }

    // Off the calling grain's scheduler: an object reference cannot be created from inside a grain.
    private Task SubscribeAsync(string tenant) => _subscribed.GetOrAdd(tenant, t => Task.Run(() => SubscribeNowAsync(t)));

    private async Task SubscribeNowAsync(string tenant)
    {
        try
        {
            lock (_gate)
            {
                _reference ??= grains.CreateObjectReference<IPolicyChangeObserver>(this);
                _renewal ??= new Timer(_ => _ = RenewAsync(), null, PolicyLease.Renewal, PolicyLease.Renewal);
            }

            await grains.GetGrain<ITenantPolicyGrain>(tenant).Subscribe(_reference);
        }
        catch
        {
            _subscribed.TryRemove(tenant, out _);
            throw;
        }
    }

    private async Task RenewAsync()
    {
        foreach (var tenant in _subscribed.Keys)
        {
            try
            {
                await grains.GetGrain<ITenantPolicyGrain>(tenant).Subscribe(_reference!);
            }
            catch (Exception exception)
            {
                logger.LogWarning(exception, "Renewing the policy subscription of {Tenant} failed", tenant);
            }
        }

        // Bounds the staleness a lost notification could cause.
        Forget();
    }

    // No policy anywhere (not even 'default'): rules without a ladder, so nothing is sent on our own initiative.
    private static Policy Fallback(string tenant) => new() { Tenant = tenant, Version = 0 };
}
