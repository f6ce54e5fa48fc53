using System.Collections.Immutable;

namespace Journey.Grains.Audit;

/// <summary>
/// A trail's newest lines, in the grain's own state; every <see cref="PageSize"/> lines move to a page
/// grain of their own, so a write stays small however long the trail grows.
/// </summary>
public sealed class AuditTrailGrain(
    [PersistentState("audit-trail", StorageNames.Journey)] IPersistentState<AuditTrailState> trail) : Grain, IAuditTrailGrain
{
    public const int PageSize = 256;

    private string Key => this.GetPrimaryKeyString();

    public async Task<AuditEntry> Record(AuditRecord record)
    {
        var entry = new AuditEntry(trail.State.Sequence + 1, record.At, record.Actor, record.Action, record.Subject, record.CustomerId);
        var recent = trail.State.Recent.Add(entry);
        var pages = trail.State.Pages;
        if (recent.Length >= PageSize)
        {
            // The page is durable before the trail forgets its lines: a crash between the two writes the page again.
            await GrainFactory.GetGrain<IAuditPageGrain>(PageKey(Key, pages)).Store(recent);
            (recent, pages) = ([], pages + 1);
        }

        trail.State = new AuditTrailState { Recent = recent, Pages = pages, Sequence = entry.Sequence };
        await trail.WriteStateAsync();
        return entry;
    }

    public async Task<ImmutableArray<AuditEntry>> Page(int first, long? before)
    {
        var page = ImmutableArray.CreateBuilder<AuditEntry>(Math.Max(0, first));
        void Take(ImmutableArray<AuditEntry> entries)
        {
            for (var i = entries.Length - 1; i >= 0 && page.Count < first; i--)
            {
                if (before is not { } below || entries[i].Sequence < below)
                {
                    page.Add(entries[i]);
                }
            }
        }

        Take(trail.State.Recent);
        for (var number = trail.State.Pages - 1; number >= 0 && page.Count < first; number--)
        {
            // Lines are numbered in order, so a whole page at or above the cursor is skipped unread.
            if (before is { } below && number * (long)PageSize + 1 >= below)
            {
                continue;
            }

            Take(await GrainFactory.GetGrain<IAuditPageGrain>(PageKey(Key, number)).Read());
        }

        return page.ToImmutable();
    }

    public async Task Redact(string customerId)
    {
        await Task.WhenAll(Enumerable.Range(0, trail.State.Pages).Select(number => GrainFactory.GetGrain<IAuditPageGrain>(PageKey(Key, number)).Redact(customerId)));
        if (AuditRedaction.Apply(trail.State.Recent, customerId) is { } redacted)
        {
            trail.State = trail.State with { Recent = redacted };
            await trail.WriteStateAsync();
        }
    }

    public static string PageKey(string trail, int page) => $"{trail}/{page}";
}

public sealed class AuditPageGrain(
    [PersistentState("audit-page", StorageNames.Journey)] IPersistentState<AuditPageState> page) : Grain, IAuditPageGrain
{
    public async Task Store(ImmutableArray<AuditEntry> entries)
    {
        page.State = new AuditPageState { Entries = entries };
        await page.WriteStateAsync();
    }

    public Task<ImmutableArray<AuditEntry>> Read() => Task.FromResult(page.State.Entries);

    public async Task Redact(string customerId)
    {
        if (AuditRedaction.Apply(page.State.Entries, customerId) is { } redacted)
        {
            page.State = new AuditPageState { Entries = redacted };
            await page.WriteStateAsync();
        }
    }
}

internal static class AuditRedaction
{
    /// <summary>The lines with the customer's id taken out of their subject; null when no line names the customer.</summary>
    public static ImmutableArray<AuditEntry>? Apply(ImmutableArray<AuditEntry> entries, string customerId) =>
        entries.Any(e => e.CustomerId == customerId)
            ? [.. entries.Select(e => e.CustomerId == customerId ? e with { Subject = e.Subject.Replace(customerId, AuditActions.Erased, StringComparison.Ordinal), CustomerId = null } : e)]
            : null;
}
