using System.Collections.Immutable;
using Journey.Domain.Rules;

namespace Journey.Abstractions.Outbox;

/// <summary>What one customer hands to its tenant's outbox.</summary>
[GenerateSerializer, Immutable, Alias("journey.OutboxAppend")]
public sealed record OutboxAppend([property: Id(0)] string CustomerId, [property: Id(1)] ImmutableArray<OutboundAction> Dispatched, [property: Id(2)] ImmutableArray<OutboundAction> Cancelled);
