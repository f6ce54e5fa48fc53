using System.Collections.Immutable;
using Journey.Domain.Rules;

namespace Journey.Grains.Outbox;

public sealed class ActionOutboxGrain(
    [PersistentState("outbox", StorageNames.Journey)] IPersistentState<OutboxLog> log) : Grain, IActionOutboxGrain
{
    /// <summary>Entries kept; a connector further behind resumes from the oldest kept entry.</summary>
    public const int Retention = 10_000;

    public async Task Append(string customerId, ImmutableArray<OutboundAction> dispatched, ImmutableArray<OutboundAction> cancelled)
    {
        var state = log.State;
        var known = state.Entries.Select(e => (e.Action.ActionId, e.Kind)).ToHashSet();
        var sequence = state.LastSequence;
        var added = ImmutableArray.CreateBuilder<OutboxEntry>();
        foreach (var (action, kind) in dispatched.Select(a => (a, OutboxEntryKind.Dispatch)).Concat(cancelled.Select(a => (a, OutboxEntryKind.Cancel))))
        {
            if (known.Add((action.ActionId, kind)))
            {
                added.Add(new OutboxEntry(++sequence, kind, customerId, action));
            }
        }

        if (added.Count == 0)
        {
            return;
        }

        var entries = state.Entries.AddRange(added);
        if (entries.Length > Retention)
        {
            entries = entries[^Retention..];
        }

        log.State = new OutboxLog { LastSequence = sequence, Entries = entries };
        try
        {
            await log.WriteStateAsync();
        }
        catch
        {
            log.State = state;
            throw;
        }
    }

    public Task<long> LastSequence() => Task.FromResult(log.State.LastSequence);

    // Not interleaved with Append: a reader never sees an entry before it is durable.
    public Task<ImmutableArray<OutboxEntry>> Read(long cursor, int max)
    {
        var entries = log.State.Entries;
        var start = 0;
        while (start < entries.Length && entries[start].Sequence <= cursor)
        {
            start++;
        }

        return Task.FromResult(entries.Skip(start).Take(max).ToImmutableArray());
    }
}
