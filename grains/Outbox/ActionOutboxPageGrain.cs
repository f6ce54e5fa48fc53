using System.Collections.Immutable;

namespace Journey.Grains.Outbox;

public sealed class ActionOutboxPageGrain(
    [PersistentState("outbox-page", StorageNames.Journey)] IPersistentState<OutboxPage> page) : Grain, IActionOutboxPageGrain
{
    public async Task Store(ImmutableArray<OutboxEntry> entries)
    {
        page.State = new OutboxPage { Entries = entries };
        await page.WriteStateAsync();
    }

    public Task<ImmutableArray<OutboxEntry>> Read() => Task.FromResult(page.State.Entries);

    public async Task Clear()
    {
        await page.ClearStateAsync();
        DeactivateOnIdle();
    }
}
