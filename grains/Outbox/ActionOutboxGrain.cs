using System.Collections.Immutable;
using Journey.Domain.Rules;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Journey.Grains.Outbox;

/// <summary>
/// A tenant's dispatch log. Appends from many customers are committed together (group commit): while
/// one write is in flight the next appends queue up and go in the following write, each caller
/// answered once its entries are durable. Readers only ever see committed entries. The log is paged:
/// the head holds the open page, full pages are sealed once into page grains, and pages older than
/// the retention are cleared.
/// </summary>
[Reentrant]
public sealed class ActionOutboxGrain(
    [PersistentState("outbox", StorageNames.Journey)] IPersistentState<OutboxLog> log,
    ILogger<ActionOutboxGrain> logger) : Grain, IActionOutboxGrain
{
    /// <summary>Entries kept; a connector further behind resumes from the oldest kept entry.</summary>
    public const int Retention = 10_000;

    public const int PageSize = 32;

    private const int RetainedPages = Retention / PageSize;

    private readonly HashSet<(string ActionId, OutboxEntryKind Kind)> _known = [];
    private readonly Queue<(string ActionId, OutboxEntryKind Kind)> _knownInOrder = new();
    private readonly Dictionary<long, ImmutableArray<OutboxEntry>> _recentPages = [];
    private readonly SemaphoreSlim _commit = new(1, 1);
    private GroupCommit<PendingAppend>? _appends;
    private OutboxLog _committed = new();

    private sealed record PendingAppend(string CustomerId, ImmutableArray<OutboundAction> Dispatched, ImmutableArray<OutboundAction> Cancelled);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _committed = log.State;
        var firstPage = Math.Max(0, PageOf(_committed.SealedThrough + 1) - RetainedPages);
        for (var page = firstPage; page * PageSize < _committed.SealedThrough; page++)
        {
            Remember(await ReadPageAsync(page));
        }

        Remember(_committed.Entries);
    }

    public Task Append(string customerId, ImmutableArray<OutboundAction> dispatched, ImmutableArray<OutboundAction> cancelled) =>
        (_appends ??= new GroupCommit<PendingAppend>(CommitAsync)).Enqueue(new PendingAppend(customerId, dispatched, cancelled));

    public Task AppendMany(ImmutableArray<OutboxAppend> appends) =>
        Task.WhenAll(appends.Select(a => Append(a.CustomerId, a.Dispatched, a.Cancelled)));

    public async Task<int> Erase(string customerId)
    {
        await _commit.WaitAsync();
        try
        {
            var committed = _committed;
            var removed = 0;
            var firstPage = Math.Max(0, PageOf(committed.SealedThrough + 1) - RetainedPages);
            for (var page = firstPage; page * PageSize < committed.SealedThrough; page++)
            {
                var entries = await ReadPageAsync(page);
                var kept = entries.RemoveAll(e => e.CustomerId == customerId);
                if (kept.Length != entries.Length)
                {
                    await GrainFactory.GetGrain<IActionOutboxPageGrain>(PageKey(page)).Store(kept);
                    CachePage(page, kept);
                    removed += entries.Length - kept.Length;
                }
            }

            var open = committed.Entries.RemoveAll(e => e.CustomerId == customerId);
            if (open.Length != committed.Entries.Length)
            {
                var next = committed with { Entries = open };
                log.State = next;
                try
                {
                    await log.WriteStateAsync();
                }
                catch
                {
                    log.State = committed;
                    throw;
                }

                _committed = next;
                removed += committed.Entries.Length - open.Length;
            }

            return removed;
        }
        finally
        {
            _commit.Release();
        }
    }

    public Task<long> LastSequence() => Task.FromResult(_committed.LastSequence);

    public async Task<ImmutableArray<OutboxEntry>> Read(long cursor, int max)
    {
        var committed = _committed;
        var oldestKept = Math.Max(1, (PageOf(committed.SealedThrough + 1) - RetainedPages) * PageSize + 1);
        var next = Math.Max(cursor + 1, oldestKept);
        var result = ImmutableArray.CreateBuilder<OutboxEntry>();
        while (result.Count < max && next <= committed.LastSequence)
        {
            var page = PageOf(next);
            var entries = next > committed.SealedThrough ? committed.Entries : await ReadPageAsync(page);
            foreach (var entry in entries)
            {
                if (entry.Sequence >= next && result.Count < max)
                {
                    result.Add(entry);
                }
            }

            next = next > committed.SealedThrough ? committed.LastSequence + 1 : (page + 1) * PageSize + 1;
        }

        return result.ToImmutable();
    }

    private static long PageOf(long sequence) => (sequence - 1) / PageSize;

    // Not interleaved with Erase, which rewrites what a commit builds on.
    private async Task CommitAsync(IReadOnlyList<PendingAppend> batch)
    {
        await _commit.WaitAsync();
        try
        {
            await CommitUnderLockAsync(batch);
        }
        finally
        {
            _commit.Release();
        }
    }

    private async Task CommitUnderLockAsync(IReadOnlyList<PendingAppend> batch)
    {
        var sequence = _committed.LastSequence;
        var added = new List<OutboxEntry>();
        var seen = new HashSet<(string, OutboxEntryKind)>();
        foreach (var append in batch)
        {
            var offered = append.Dispatched.Select(a => (Action: a, Kind: OutboxEntryKind.Dispatch)).Concat(append.Cancelled.Select(a => (Action: a, Kind: OutboxEntryKind.Cancel)));
            foreach (var (action, kind) in offered)
            {
                if (!_known.Contains((action.ActionId, kind)) && seen.Add((action.ActionId, kind)))
                {
                    added.Add(new OutboxEntry(++sequence, kind, append.CustomerId, action));
                }
            }
        }

        if (added.Count == 0)
        {
            return;
        }

        var open = _committed.Entries.AddRange(added);
        var sealedThrough = _committed.SealedThrough;
        var openPage = PageOf(sequence + 1);
        var sealable = open.Where(e => PageOf(e.Sequence) < openPage).ToList();
        if (sealable.Count > 0)
        {
            foreach (var page in sealable.GroupBy(e => PageOf(e.Sequence)))
            {
                var stored = page.ToImmutableArray();
                await GrainFactory.GetGrain<IActionOutboxPageGrain>(PageKey(page.Key)).Store(stored);
                CachePage(page.Key, stored);
            }

            sealedThrough = openPage * PageSize;
            open = [.. open.Where(e => e.Sequence > sealedThrough)];
        }

        var next = new OutboxLog { LastSequence = sequence, Entries = open, SealedThrough = sealedThrough };
        log.State = next;
        try
        {
            await log.WriteStateAsync();
        }
        catch
        {
            log.State = _committed;
            throw;
        }

        _committed = next;
        Remember(added);
        if (sealable.Count > 0)
        {
            await DropExpiredPagesAsync(sealedThrough);
        }
    }

    private async Task DropExpiredPagesAsync(long sealedThrough)
    {
        var expired = PageOf(sealedThrough + 1) - RetainedPages - 1;
        if (expired < 0)
        {
            return;
        }

        _recentPages.Remove(expired);
        try
        {
            await GrainFactory.GetGrain<IActionOutboxPageGrain>(PageKey(expired)).Clear();
        }
        catch (Exception exception)
        {
            // Past the retention nobody reads the page; a page left behind only costs storage.
            logger.LogWarning(exception, "Clearing outbox page {Page} of {Tenant} failed", expired, this.GetPrimaryKeyString());
        }
    }

    private void Remember(IEnumerable<OutboxEntry> entries)
    {
        foreach (var entry in entries)
        {
            if (_known.Add((entry.Action.ActionId, entry.Kind)))
            {
                _knownInOrder.Enqueue((entry.Action.ActionId, entry.Kind));
            }
        }

        while (_knownInOrder.Count > Retention)
        {
            _known.Remove(_knownInOrder.Dequeue());
        }
    }

    private async Task<ImmutableArray<OutboxEntry>> ReadPageAsync(long page)
    {
        if (_recentPages.TryGetValue(page, out var cached))
        {
            return cached;
        }

        var entries = await GrainFactory.GetGrain<IActionOutboxPageGrain>(PageKey(page)).Read();
        CachePage(page, entries);
        return entries;
    }

    private void CachePage(long page, ImmutableArray<OutboxEntry> entries)
    {
        _recentPages[page] = entries;
        if (_recentPages.Count > 64)
        {
            _recentPages.Remove(_recentPages.Keys.Min());
        }
    }

    private string PageKey(long page) => $"{this.GetPrimaryKeyString()}/{page}";
}
