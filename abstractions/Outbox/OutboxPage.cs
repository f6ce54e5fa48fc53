using System.Collections.Immutable;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Outbox;

/// <summary>A full page of a tenant's outbox, written once.</summary>
[GenerateSerializer, Alias("journey.OutboxPage")]
public sealed record OutboxPage
{
    [Id(0)]
    public ImmutableArray<OutboxEntry> Entries { get; init; } = [];
}
