using System.Collections.Immutable;
using Journey.Domain.Rules;

namespace Journey.Grains.Outbox;

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

[GenerateSerializer, Alias("journey.OutboxLog")]
public sealed record OutboxLog
{
    [Id(0)]
    public long LastSequence { get; init; }

    [Id(1)]
    public ImmutableArray<OutboxEntry> Entries { get; init; } = [];
}

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

    /// <summary>The cursor of the newest entry (0 when empty): where a reader starts that wants only what comes next.</summary>
    [Alias("LastSequence")]
    Task<long> LastSequence();

    /// <summary>Entries after <paramref name="cursor"/>, oldest first, at most <paramref name="max"/>.</summary>
    [Alias("Read")]
    Task<ImmutableArray<OutboxEntry>> Read(long cursor, int max);
}
