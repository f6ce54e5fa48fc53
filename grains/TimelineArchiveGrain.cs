using System.Collections.Immutable;
using Journey.Domain;

namespace Journey.Grains;

public sealed class TimelineArchiveGrain(
    [PersistentState("timeline-archive", StorageNames.Journey)] IPersistentState<TimelinePageState> page) : Grain, ITimelineArchiveGrain
{
    public async Task Store(ImmutableArray<Touchpoint> touchpoints)
    {
        page.State = new TimelinePageState { Touchpoints = touchpoints };
        await page.WriteStateAsync();

        // Pages are written once and read rarely: do not keep them resident.
        DeactivateOnIdle();
    }

    public Task<ImmutableArray<Touchpoint>> Read()
    {
        DeactivateOnIdle();
        return Task.FromResult(page.State.Touchpoints);
    }

    public async Task Clear()
    {
        await page.ClearStateAsync();
        DeactivateOnIdle();
    }
}
