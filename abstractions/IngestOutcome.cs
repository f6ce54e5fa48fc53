using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions;

/// <summary>What happened to one touchpoint of a batch. Accepted ones are already persisted.</summary>
[GenerateSerializer, Immutable, Alias("journey.IngestOutcome")]
public sealed record IngestOutcome(
    [property: Id(0)] string EventId,
    [property: Id(1)] IngestStatus Status,
    [property: Id(2)] long Version,
    [property: Id(3)] ImmutableArray<FieldError> Errors);
