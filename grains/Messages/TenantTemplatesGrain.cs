using Journey.Domain.Policies;
using Journey.Messages;

namespace Journey.Grains.Messages;

public sealed class TenantTemplatesGrain(
    [PersistentState("templates", StorageNames.Journey)] IPersistentState<TemplateHistory> history,
    BusinessClock clock) : Grain, ITenantTemplatesGrain
{
    private string Tenant => this.GetPrimaryKeyString();

    public async Task<SetTemplatesResult> Set(string document, string source)
    {
        var current = history.State.Versions.LastOrDefault();
        var (_, errors) = TemplateSet.Parse(document);
        if (!errors.IsEmpty)
        {
            return new SetTemplatesResult(current, false, [.. errors.Select(e => new PolicyError(e.Line, e.Path, e.Message))]);
        }

        if (current is not null && current.Document == document)
        {
            return new SetTemplatesResult(current, false, []);
        }

        var next = new TemplatesVersion(Tenant, (current?.Version ?? 0) + 1, document, clock.Now, source);
        history.State = history.State with { Versions = history.State.Versions.Add(next) };
        await history.WriteStateAsync();
        return new SetTemplatesResult(next, true, []);
    }

    public Task<TemplatesVersion?> GetOwn() => Task.FromResult(history.State.Versions.LastOrDefault());
}
