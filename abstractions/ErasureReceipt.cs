using Journey.Domain;
using Journey.Domain.Rules;

namespace Journey.Abstractions;

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
