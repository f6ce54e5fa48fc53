using System.Collections.Immutable;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Outbox;

/// <summary>
/// A tenant's log of dispatched (and cancelled) actions that channel connectors read with
/// WatchActions from a cursor: at-least-once, in order, the same actionId on redelivery.
/// </summary>
[Alias("journey.IActionOutboxGrain")]
public interface IActionOutboxGrain : IGrainWithStringKey
{
    /// <summary>Appends what is not in the log yet (by action id and kind); idempotent.</summary>
    [Alias("Append")]
    Task Append(string customerId, ImmutableArray<OutboundAction> dispatched, ImmutableArray<OutboundAction> cancelled);

    /// <summary>Appends of many customers, in order, in one commit.</summary>
    [Alias("AppendMany")]
    Task AppendMany(ImmutableArray<OutboxAppend> appends);

    /// <summary>Removes every retained entry of the customer (erasure); returns how many. Cursors stay valid: sequences are not reused.</summary>
    [Alias("Erase")]
    Task<int> Erase(string customerId);

    /// <summary>The cursor of the newest entry (0 when empty): where a reader starts that wants only what comes next.</summary>
    [Alias("LastSequence")]
    Task<long> LastSequence();

    /// <summary>Entries after <paramref name="cursor"/>, oldest first, at most <paramref name="max"/>.</summary>
    [Alias("Read")]
    Task<ImmutableArray<OutboxEntry>> Read(long cursor, int max);
}
