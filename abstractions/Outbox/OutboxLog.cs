using System.Collections.Immutable;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Outbox;

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
