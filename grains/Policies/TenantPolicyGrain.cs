using Journey.Domain.Policies;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace Journey.Grains.Policies;

public sealed class TenantPolicyGrain(
    [PersistentState("policy", StorageNames.Journey)] IPersistentState<PolicyHistory> history,
    BusinessClock clock,
    ILogger<TenantPolicyGrain> logger) : Grain, ITenantPolicyGrain
{
    private readonly ObserverManager<IPolicyChangeObserver> _caches = new(PolicyLease.Duration, logger);

    private string Tenant => this.GetPrimaryKeyString();

    public async Task<SetPolicyResult> Set(string document, string source)
    {
        var current = history.State.Versions.LastOrDefault();
        var parsed = PolicyParser.Parse(Tenant, document);
        if (!parsed.IsValid)
        {
            return new SetPolicyResult(current, false, parsed.Errors);
        }

        if (current is not null && current.Document == document)
        {
            return new SetPolicyResult(current, false, []);
        }

        var next = new PolicyVersion(Tenant, (current?.Version ?? 0) + 1, document, clock.Now, source);
        history.State = history.State with { Versions = history.State.Versions.Add(next) };
        await history.WriteStateAsync();

        // Every silo's cache forgets the old version before the caller hears the new one is in force.
        await _caches.Notify(cache => cache.PolicyChanged(Tenant));
        return new SetPolicyResult(next, true, []);
    }

    // Subscriptions live in this activation: tell the silos, so they subscribe again with the next one.
    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        await _caches.Notify(cache => cache.PolicyChanged(Tenant));

    public Task Subscribe(IPolicyChangeObserver observer)
    {
        _caches.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task<PolicyVersion?> GetOwn() => Task.FromResult(history.State.Versions.LastOrDefault());

    public Task<PolicyVersion?> GetVersion(int version) => Task.FromResult(history.State.Versions.FirstOrDefault(v => v.Version == version));

    public async Task<PolicyVersion?> GetEffective() =>
        history.State.Versions.LastOrDefault()
        ?? (Tenant == PolicyTenants.Default ? null : await GrainFactory.GetGrain<ITenantPolicyGrain>(PolicyTenants.Default).GetOwn());
}
