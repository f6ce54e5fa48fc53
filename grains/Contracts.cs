using System.Collections.Immutable;
using Journey.Domain;

namespace Journey.Grains;

[GenerateSerializer, Alias("journey.IngestStatus")]
public enum IngestStatus
{
    Accepted = 0,
    Duplicate = 1,
    Rejected = 2,
}

/// <summary>What happened to one touchpoint of a batch. Accepted ones are already persisted.</summary>
[GenerateSerializer, Immutable, Alias("journey.IngestOutcome")]
public sealed record IngestOutcome(
    [property: Id(0)] string EventId,
    [property: Id(1)] IngestStatus Status,
    [property: Id(2)] long Version,
    [property: Id(3)] ImmutableArray<FieldError> Errors);

[GenerateSerializer, Immutable, Alias("journey.CustomerChanged")]
public sealed record CustomerChanged(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] long Version,
    [property: Id(3)] ImmutableArray<string> EventIds);

[GenerateSerializer, Alias("journey.CaseLinkResult")]
public enum CaseLinkResult
{
    Linked = 0,
    OwnedByAnotherCustomer = 1,
}

/// <summary>Which case belongs to which customer; the one fact a case grain persists itself.</summary>
[GenerateSerializer, Alias("journey.CaseLink")]
public sealed record CaseLink
{
    [Id(0)]
    public string? CustomerId { get; init; }
}

/// <summary>A page of touchpoints moved out of a customer's in-state timeline, oldest first.</summary>
[GenerateSerializer, Alias("journey.ArchivePage")]
public sealed record ArchivePage
{
    [Id(0)]
    public ImmutableArray<Touchpoint> Touchpoints { get; init; } = [];
}
