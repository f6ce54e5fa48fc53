using System.Collections.Immutable;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Outbox;

[GenerateSerializer, Alias("journey.OutboxEntryKind")]
public enum OutboxEntryKind
{
    Dispatch = 0,

    /// <summary>An action already dispatched was cancelled (e.g. a payment arrived): the connector should not send it.</summary>
    Cancel = 1,
}

/// <summary>An action for channel connectors, at its position in the tenant's dispatch log.</summary>
[GenerateSerializer, Immutable, Alias("journey.OutboxEntry")]
public sealed record OutboxEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] OutboxEntryKind Kind,
    [property: Id(2)] string CustomerId,
    [property: Id(3)] OutboundAction Action);

/// <summary>
/// The head of a tenant's outbox: the newest sequence and the entries of the open page. Full pages
/// are written once to <see cref="IActionOutboxPageGrain"/>s, so a write stays small however long
/// the log is.
/// </summary>
[GenerateSerializer, Alias("journey.OutboxLog")]
public sealed record OutboxLog
{
    [Id(0)]
    public long LastSequence { get; init; }

    /// <summary>Entries after <see cref="SealedThrough"/>, oldest first. (Logs written before pages existed keep every entry here until the next append seals them.)</summary>
    [Id(1)]
    public ImmutableArray<OutboxEntry> Entries { get; init; } = [];

    /// <summary>Every entry up to this sequence is in a sealed page.</summary>
    [Id(2)]
    public long SealedThrough { get; init; }
}

/// <summary>A full page of a tenant's outbox, written once.</summary>
[GenerateSerializer, Alias("journey.OutboxPage")]
public sealed record OutboxPage
{
    [Id(0)]
    public ImmutableArray<OutboxEntry> Entries { get; init; } = [];
}

/// <summary>One sealed page of a tenant's outbox, keyed "{tenant}/{page}".</summary>
[Alias("journey.IActionOutboxPageGrain")]
public interface IActionOutboxPageGrain : IGrainWithStringKey
{
    [Alias("Store")]
    Task Store(ImmutableArray<OutboxEntry> entries);

    [Alias("Read")]
    Task<ImmutableArray<OutboxEntry>> Read();

    [Alias("Clear")]
    Task Clear();
}

/// <summary>What one customer hands to its tenant's outbox.</summary>
[GenerateSerializer, Immutable, Alias("journey.OutboxAppend")]
public sealed record OutboxAppend([property: Id(0)] string CustomerId, [property: Id(1)] ImmutableArray<OutboundAction> Dispatched, [property: Id(2)] ImmutableArray<OutboundAction> Cancelled);

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
