using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Grains;

/// <summary>
/// A customer's archive pages, each a grain of its own: timeline touchpoints past the in-state bound,
/// and decisions past the in-state history. The customer's state says which pages exist.
/// </summary>
internal readonly struct CustomerArchives(IGrainFactory grains, string tenant, string customerId)
{
    /// <summary>The pages a step rolled out of the state, stored before the write that drops them from it, so no snapshot ever lacks what the archive does not hold.</summary>
    public async Task StoreAsync(StepEffects effects)
    {
        foreach (var page in effects.ArchivePages)
        {
            await Timeline(page.Page).Store(page.Touchpoints);
        }

        foreach (var page in effects.DecisionPages)
        {
            await Decisions(page.Page.Page).Store(page.Decisions);
        }
    }

    /// <summary>Every archived touchpoint, oldest page first.</summary>
    public async Task<ImmutableArray<Touchpoint>> TimelineAsync(int pages)
    {
        var self = this;
        var read = await Task.WhenAll(Enumerable.Range(0, pages).Select(page => self.Timeline(page).Read()));
        return [.. read.SelectMany(p => p)];
    }

    /// <summary>Archived decision pages, newest first, until they hold at least <paramref name="wanted"/> decisions.</summary>
    public async Task<List<ImmutableArray<OutboundAction>>> DecisionPagesAsync(ImmutableArray<DecisionPage> pages, int wanted)
    {
        var read = new List<ImmutableArray<OutboundAction>>();
        var count = 0;
        foreach (var page in pages.Reverse())
        {
            if (count >= wanted)
            {
                break;
            }

            var decisions = await Decisions(page.Page).Read();
            read.Add(decisions);
            count += decisions.Length;
        }

        return read;
    }

    public Task ClearDecisionPagesAsync(IEnumerable<int> pages)
    {
        var self = this;
        return Task.WhenAll(pages.Select(page => self.Decisions(page).Clear()));
    }

    public Task ClearTimelineAsync(int pages)
    {
        var self = this;
        return Task.WhenAll(Enumerable.Range(0, pages).Select(page => self.Timeline(page).Clear()));
    }

    private ITimelineArchiveGrain Timeline(int page) => grains.GetGrain<ITimelineArchiveGrain>(GrainKeys.ArchivePage(tenant, customerId, page));

    private IDecisionArchiveGrain Decisions(int page) => grains.GetGrain<IDecisionArchiveGrain>(GrainKeys.DecisionPage(tenant, customerId, page));
}
