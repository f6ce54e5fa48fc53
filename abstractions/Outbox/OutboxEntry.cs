using Journey.Domain.Rules;

namespace Journey.Abstractions.Outbox;

/// <summary>An action for channel connectors, at its position in the tenant's dispatch log.</summary>
[GenerateSerializer, Immutable, Alias("journey.OutboxEntry")]
public sealed record OutboxEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] OutboxEntryKind Kind,
    [property: Id(2)] string CustomerId,
    [property: Id(3)] OutboundAction Action);
