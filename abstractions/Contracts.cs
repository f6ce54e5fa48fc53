using System.Collections.Immutable;
using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions;

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

/// <summary>Which case belongs to which customer, as case grains of earlier versions persisted it (read, released, never written now).</summary>
[GenerateSerializer, Alias("journey.CaseLink")]
public sealed record CaseLink
{
    [Id(0)]
    public string? CustomerId { get; init; }
}

/// <summary>A timeline archive page as its grain stores it: touchpoints moved out of a customer's in-state timeline, oldest first (the step hands them over as a domain <c>ArchivePage</c>).</summary>
[GenerateSerializer, Alias("journey.ArchivePage")]
public sealed record TimelinePageState
{
    [Id(0)]
    public ImmutableArray<Touchpoint> Touchpoints { get; init; } = [];
}

/// <summary>What erasing a customer removed. <see cref="Erased"/> is false for an id never seen or already erased.</summary>
[GenerateSerializer, Immutable, Alias("journey.ErasureReceipt")]
public sealed record ErasureReceipt(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string CustomerId,
    [property: Id(2)] bool Erased,
    [property: Id(3)] DateTimeOffset? ErasedAt,
    [property: Id(4)] long Touchpoints,
    [property: Id(5)] int Cases,
    [property: Id(6)] int Actions,
    [property: Id(7)] int ArchivePages,
    [property: Id(8)] int OutboxEntries);

/// <summary>Everything held about a customer: the state (timeline, cases, holds, contacts, actions with their reasons) and the archived timeline.</summary>
[GenerateSerializer, Immutable, Alias("journey.CustomerExport")]
public sealed record CustomerExport(
    [property: Id(0)] CustomerState State,
    [property: Id(1)] ImmutableArray<Touchpoint> ArchivedTimeline,
    [property: Id(2)] ImmutableArray<OutboundAction> DecisionLog = default);
