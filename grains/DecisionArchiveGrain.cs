using System.Collections.Immutable;
using Journey.Domain.Rules;

namespace Journey.Grains;

/// <summary>Decisions (actions and withheld steps, with their reasons) retired from a customer's state; oldest first.</summary>
[GenerateSerializer, Alias("journey.DecisionArchivePage")]
public sealed record DecisionPageState
{
    [Id(0)]
    public ImmutableArray<OutboundAction> Decisions { get; init; } = [];
}

public sealed class DecisionArchiveGrain(
    [PersistentState("decision-archive", StorageNames.Journey)] IPersistentState<DecisionPageState> page) : Grain, IDecisionArchiveGrain
{
    public async Task Store(ImmutableArray<OutboundAction> decisions)
    {
        page.State = new DecisionPageState { Decisions = decisions };
        await page.WriteStateAsync();
        DeactivateOnIdle();
    }

    public Task<ImmutableArray<OutboundAction>> Read()
    {
        DeactivateOnIdle();
        return Task.FromResult(page.State.Decisions);
    }

    public async Task Clear()
    {
        await page.ClearStateAsync();
        DeactivateOnIdle();
    }
}
