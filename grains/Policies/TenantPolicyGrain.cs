using Journey.Domain.Policies;

namespace Journey.Grains.Policies;

public sealed class TenantPolicyGrain(
    [PersistentState("policy", StorageNames.Journey)] IPersistentState<PolicyHistory> history,
    BusinessClock clock) : Grain, ITenantPolicyGrain
{
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
        return new SetPolicyResult(next, true, []);
    }

    public Task<PolicyVersion?> GetOwn() => Task.FromResult(history.State.Versions.LastOrDefault());

    public async Task<PolicyVersion?> GetEffective() =>
        history.State.Versions.LastOrDefault()
        ?? (Tenant == PolicyTenants.Default ? null : await GrainFactory.GetGrain<ITenantPolicyGrain>(PolicyTenants.Default).GetOwn());
}
